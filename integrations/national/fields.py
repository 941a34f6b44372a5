"""The national portal's field names and codes, in one module (DOMAIN.md §6).

The official technical guide is not public: these names are those seen in several
integrations, and each coded value below is marked *to verify* where no public text fixes it.
The outbound records (sync/payloads.py) write these names; the import of a previous system's
history (sync/legacy.py) reads them, and also the names MotCua's own records used before
(ALIASES), so files exported by earlier versions still import.
"""

from django.conf import settings

DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss, local time

# National name → older names still read by the import.
ALIASES = {
    "TaiKhoanDuocXacThucVoiVNeID": ("XacThucVNeID",),
    "TenTepDinhKem": ("TenTaiLieu",),
    "Gia": ("MucPhi",),
    "NgayBoSung": ("NgayYeuCauBoSung",),
    "NoiDungBoSung": ("LyDo",),
    "DuongDanTepTinKetQua": ("DuongDanTepTin",),
}

# KenhThucHien, LoaiDoiTuong and TrangThaiHoSo are the model's own codes (dossiers.models,
# dossiers.transitions).

# DuocThanhToanTrucTuyen: 1 the national payment platform, 2 the province's gateway, 3 not
# paid online (DOMAIN.md §6). 0 is read as 3: earlier MotCua records wrote it.
PAID_ONLINE = {1, 2}
NOT_PAID_ONLINE = 3

# HinhThuc: how the result is returned (to verify: the guide's codes are not public; the
# names are read too).
RETURN_METHODS = {1: "counter", 2: "post", 3: "online"}
RETURN_CODES = {name: code for code, name in RETURN_METHODS.items()}

# HinhThucThu of a fee line: how it was collected (to verify): 1 at the counter, 2 online.
FEE_COUNTER, FEE_ONLINE = 1, 2

# LoaiPhiLePhi: 1 phí (fee), 2 lệ phí (charge).
FEE_KIND = {1: "fee", 2: "charge"}
FEE_KIND_CODES = {"fee": 1, "charge": 2}

# DSKetNoiCSDL[].MaCSDL naming the national population database (to verify; more codes by the
# setting MOTCUA_DVCQG_POPULATION_DB_CODES). The import records it under POPULATION_DB, the
# name the index looks for (indicators/engine.py).
POPULATION_DB = "Cơ sở dữ liệu quốc gia về dân cư"
POPULATION_DB_CODES = ("CSDLQGDC", "CSDLDC", "DANCU", POPULATION_DB)
POPULATION_DB_MARK = "CSDLQGDC"  # the code MotCua writes


def population_codes():
    return {c.upper() for c in (*POPULATION_DB_CODES,
                                *getattr(settings, "MOTCUA_DVCQG_POPULATION_DB_CODES", ()))}


def read(record, name, default=None):
    """A field of a record by its national name, else by an older name."""
    for key in (name, *ALIASES.get(name, ())):
        if key in record and record[key] not in (None, ""):
            return record[key]
    return default


def consulted_names(entries):
    """The databases of DSKetNoiCSDL (objects with MaCSDL, or plain names), as MotCua keeps
    them: the population database under its one name."""
    names, codes = [], population_codes()
    for entry in entries or []:
        value = entry.get("MaCSDL") or entry.get("TenCSDL") if isinstance(entry, dict) else entry
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()[:200]
        name = POPULATION_DB if value.upper() in codes else value
        if name not in names:
            names.append(name)
    return names


def consulted_records(names):
    """DSKetNoiCSDL for MotCua's `consulted` list."""
    return [{"MaCSDL": POPULATION_DB_MARK if name == POPULATION_DB else name, "TenCSDL": name}
            for name in names or []]


# ----------------------------------------------------------------------------- inbound
# What the portal sends MotCua about dossiers filed there (sync/inbound.py). Each item of its
# feed (pulled, or pushed to MotCua's webhook) is one event:
#   {"MaSuKien": id, "LoaiSuKien": kind, "MaHoSo": the portal's reference, "ThoiDiem": date,
#    "DuLieu": {...}}
# The event names and the envelope are to verify against the integration specification the
# portal gives each province; the fields inside DuLieu are the record's own names (§6).
EVENT_FILING = "NopHoSo"  # DuLieu: the dossier's record (below)
EVENT_SUPPLEMENT = "BoSungHoSo"  # DuLieu: TaiLieuNop[] answering the open request, NoiDung
EVENT_PAYMENT = "ThanhToan"  # DuLieu: MaThanhToan, SoTien, MaGiaoDich, NgayThanhToan, NguoiNop
EVENT_WITHDRAWAL = "RutHoSo"  # DuLieu: LyDo
EVENT_KINDS = {EVENT_FILING: "filing", EVENT_SUPPLEMENT: "supplement",
               EVENT_PAYMENT: "payment", EVENT_WITHDRAWAL: "withdrawal"}

# A filing's record: MaTTHC, MaDonVi (the competent unit's identifier code, or a commune's
# statistics code), ChuHoSo, SoGiayToChuHoSo, LoaiDoiTuong, SoDienThoai, Email, DiaChi,
# TrichYeuHoSo, NgayNopHoSo, TaiKhoanDuocXacThucVoiVNeID, DSKetNoiCSDL, DanhSachLePhi,
# DuocThanhToanTrucTuyen, TaiLieuNop[] (TenTepDinhKem, MaThanhPhanHoSo, DuongDanTaiTepTin,
# DuocLayTuKhoDMQG, DuocTaiSuDung, MaSoHoa) and the declared form data under FORM_DATA
# (to verify: the portal's name for an e-form's answers).
FORM_DATA = "DuLieuBieuMau"
FILE_LINK = "DuongDanTaiTepTin"
# A fee already paid on the portal carries its transaction (to verify).
TRANSACTION = "MaGiaoDich"

# The acknowledgement (XacNhanHoSo): KetQua 1 taken, 0 refused, with LyDo; MaHoSoDonVi is
# MotCua's own code of the dossier (to verify).
ACK_TAKEN, ACK_REFUSED = 1, 0

# ----------------------------------------------------------------------------- outbound
# For a dossier filed on the portal, MaHoSo is the portal's reference and MotCua's own code
# travels as LOCAL_CODE (to verify).
LOCAL_CODE = "MaHoSoDonVi"
# A supplement request's step carries what is missing and why (to verify the names).
MISSING = "DanhSachGiayToBoSung"
MISSING_REASON = "LyDoBoSung"
# Payment requests the person pays on the national payment platform (DOMAIN.md §6: MaHoSo,
# MaTTHC, MaDonVi, PhiLePhi[] of LoaiPhiLePhi, MaPhiLePhi, TenPhiLePhi, SoTien), one per
# request, with its state: TrangThaiThanhToan 0 waiting, 1 paid, 2 cancelled (to verify).
PAYMENT_REQUESTS = "DanhSachYeuCauThanhToan"
PAYMENT_WAITING, PAYMENT_PAID, PAYMENT_CANCELLED = 0, 1, 2
# Where an electronic result's file is downloaded, and where it is verified.
RESULT_LINK = "DuongDanTepTinKetQua"
RESULT_VERIFY_LINK = "DuongDanXacThuc"
