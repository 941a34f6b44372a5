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
