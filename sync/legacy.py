"""Importing the history of a previous one-stop system, in the national portal's format
(`DongBoHoSoMC` records, DOMAIN.md §6; the shape sync/payloads.py writes), with the steps of
each dossier (`QuaTrinhXuLy`: `CapNhatTienDoHoSoMC` records) when the file has them.

- Every row is checked first and reported by row, field and reason.
- Each valid row is written in its own transaction: a dossier is never half-imported.
- A dossier whose code is already here is left as it is: importing twice changes nothing.
- Imported dossiers count in the indexes like native ones (dates, status, supplements, fees,
  online payment, digitised and reused documents, databases consulted). They were synced by
  the previous system, so they are recorded as held by the national portal, not sent again.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from catalog.models import Procedure
from dossiers import transitions as t
from dossiers.models import ApplicantType, Channel, Dossier, DossierDocument, DossierEvent, \
    FeeLine, Pause
from sync.models import DossierSync
from sync.payloads import DATE_FORMAT, record_hash
from units.models import Agency, ServiceCenter

STATUS_BY_CODE = {code: status for status, code in t.NATIONAL_CODE.items()}
FINISHED = {t.REFUSED, t.WITHDRAWN, t.STOPPED, t.RESOLVED, t.RETURNED}


class Rows:
    def __init__(self):
        self.errors = []

    def error(self, row, field, reason):
        self.errors.append({"row": row, "field": field, "reason": reason})


def _date(value, rows, row, field, required=False):
    if value in (None, ""):
        if required:
            rows.error(row, field, "bắt buộc")
        return None
    try:
        moment = dt.datetime.strptime(str(value), DATE_FORMAT)
    except ValueError:
        rows.error(row, field, "phải có dạng yyyyMMddHHmmss")
        return None
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _text(record, field, most, rows, row, required=False):
    value = record.get(field)
    if value in (None, ""):
        if required:
            rows.error(row, field, "bắt buộc")
        return ""
    if not isinstance(value, str):
        rows.error(row, field, "phải là chuỗi")
        return ""
    if len(value) > most:
        rows.error(row, field, f"dài quá {most} ký tự")
    return value.strip()[:most]


def _int(record, field, choices, rows, row, default=None):
    value = record.get(field, default)
    if value is None or value == "":
        return default
    try:
        value = int(value)
    except (TypeError, ValueError):
        rows.error(row, field, "phải là số")
        return default
    if choices and value not in choices:
        rows.error(row, field, f"phải là một trong {sorted(choices)}")
        return default
    return value


def check_rows(records):
    """(cleaned rows, errors). Each cleaned row is ready for do_import_row."""
    rows = Rows()
    if isinstance(records, dict):
        records = records.get("data")
    if not isinstance(records, list):
        rows.error(0, "data", "tệp phải là danh sách hồ sơ (hoặc {\"data\": [...]})")
        return [], rows.errors
    procedures = {p.code: p for p in Procedure.objects.filter(
        code__in=[r.get("MaTTHC") for r in records if isinstance(r, dict)])}
    agencies = {a.code: a for a in Agency.objects.all()}
    centers = {c.code: c for c in ServiceCenter.objects.all()}
    centers_of = {}
    for center in centers.values():
        centers_of.setdefault(center.agency_id, center)
    cleaned, seen = [], set()
    for index, record in enumerate(records, 1):
        before = len(rows.errors)
        if not isinstance(record, dict):
            rows.error(index, "", "phải là một đối tượng")
            continue
        code = _text(record, "MaHoSo", 64, rows, index, required=True)
        if code in seen:
            rows.error(index, "MaHoSo", "trùng với một dòng trước trong tệp")
        seen.add(code)
        procedure = procedures.get(record.get("MaTTHC"))
        if procedure is None:
            rows.error(index, "MaTTHC", "không có thủ tục này trong danh mục")
        agency = agencies.get(record.get("DonViXuLy"))
        if agency is None:
            rows.error(index, "DonViXuLy", "không có cơ quan mang mã định danh này")
        center = centers.get(record.get("NoiTiepNhan")) or (centers_of.get(agency.pk)
                                                            if agency else None)
        if agency is not None and center is None:
            rows.error(index, "NoiTiepNhan", "không xác định được bộ phận một cửa")
        status_code = _int(record, "TrangThaiHoSo", set(STATUS_BY_CODE), rows, index)
        if status_code is None:
            rows.error(index, "TrangThaiHoSo", "bắt buộc")
        row = {
            "code": code, "procedure": procedure, "agency": agency, "center": center,
            "channel": _int(record, "KenhThucHien", set(Channel.values), rows, index, 1),
            "applicant_type": _int(record, "LoaiDoiTuong", set(ApplicantType.values), rows,
                                   index, 1),
            "applicant_name": _text(record, "ChuHoSo", 200, rows, index, required=True),
            "applicant_id_number": _text(record, "SoGiayToChuHoSo", 20, rows, index),
            "applicant_phone": _text(record, "SoDienThoai", 15, rows, index),
            "applicant_email": _text(record, "Email", 254, rows, index),
            "applicant_address": _text(record, "DiaChi", 300, rows, index),
            "summary": _text(record, "TrichYeuHoSo", 500, rows, index),
            "submitted_at": _date(record.get("NgayNopHoSo"), rows, index, "NgayNopHoSo", True),
            "received_at": _date(record.get("NgayTiepNhan"), rows, index, "NgayTiepNhan"),
            "due_at": _date(record.get("NgayHenTra"), rows, index, "NgayHenTra"),
            "first_due_at": _date(record.get("NgayHenTraLanDau"), rows, index,
                                  "NgayHenTraLanDau"),
            "finished_at": _date(record.get("NgayKetThucXuLy"), rows, index, "NgayKetThucXuLy"),
            "returned_at": _date(record.get("NgayTra"), rows, index, "NgayTra"),
            "status": STATUS_BY_CODE.get(status_code),
            "vneid": bool(_int(record, "XacThucVNeID", {0, 1}, rows, index, 0)),
            "platform": _int(record, "DuocThanhToanTrucTuyen", {0, 1, 2}, rows, index, 0),
            "consulted": [str(x)[:200] for x in record.get("CSDLDaKhaiThac") or []
                          if isinstance(x, str)],
            "record": record,
        }
        result = record.get("KetQuaXuLy") or ""
        if result and result not in ("approved", "refused"):
            rows.error(index, "KetQuaXuLy", "phải là approved hoặc refused")
        row["result"] = result or ("approved" if row["status"] in (t.RESOLVED, t.RETURNED)
                                   else "")
        row["documents"] = _documents(record, rows, index)
        row["fees"] = _fees(record, rows, index)
        row["supplements"] = _supplements(record, rows, index)
        row["steps"] = _steps(record, rows, index, agencies)
        if row["status"] in FINISHED - {t.WITHDRAWN} and row["received_at"] and \
                not row["finished_at"]:
            rows.error(index, "NgayKetThucXuLy", "bắt buộc với hồ sơ đã kết thúc xử lý")
        if row["received_at"] and row["submitted_at"] and \
                row["received_at"] < row["submitted_at"]:
            rows.error(index, "NgayTiepNhan", "trước ngày nộp hồ sơ")
        if len(rows.errors) == before:
            cleaned.append(row)
    return cleaned, rows.errors


def _list(record, field, rows, index):
    value = record.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        rows.error(index, field, "phải là danh sách đối tượng")
        return []
    return value


def _documents(record, rows, index):
    return [{"name": str(d.get("TenTaiLieu") or "Tài liệu")[:600],
             "code": str(d.get("MaSoHoa") or "")[:80],
             "digitised": bool(d.get("DuocSoHoa")), "reused": bool(d.get("DuocTaiSuDung")),
             "from_store": bool(d.get("DuocLayTuKhoDMQG"))}
            for d in _list(record, "TaiLieuNop", rows, index)]


def _fees(record, rows, index):
    fees = []
    for i, f in enumerate(_list(record, "DanhSachLePhi", rows, index)):
        amount = f.get("MucPhi")
        if not isinstance(amount, int) or amount < 0:
            rows.error(index, f"DanhSachLePhi[{i}].MucPhi", "phải là số tiền (đồng)")
            continue
        fees.append({"description": str(f.get("TenPhiLePhi") or "Phí, lệ phí")[:500],
                     "amount": amount, "kind": "charge" if f.get("LoaiPhiLePhi") == 2 else "fee",
                     "exempt": bool(f.get("MienGiam")),
                     "paid_at": _date(f.get("NgayThanhToan"), rows, index,
                                      f"DanhSachLePhi[{i}].NgayThanhToan")})
    return fees


def _supplements(record, rows, index):
    return [{"started_at": _date(s.get("NgayYeuCauBoSung"), rows, index,
                                 f"DanhSachHoSoBoSung[{i}].NgayYeuCauBoSung", True),
             "ended_at": _date(s.get("NgayTiepNhanBoSung"), rows, index,
                               f"DanhSachHoSoBoSung[{i}].NgayTiepNhanBoSung"),
             "reason": str(s.get("LyDo") or "")[:500]}
            for i, s in enumerate(_list(record, "DanhSachHoSoBoSung", rows, index))]


def _steps(record, rows, index, agencies):
    steps = []
    for i, s in enumerate(_list(record, "QuaTrinhXuLy", rows, index)):
        where = f"QuaTrinhXuLy[{i}]"
        status = STATUS_BY_CODE.get(s.get("TrangThaiHoSo"))
        if status is None:
            rows.error(index, f"{where}.TrangThaiHoSo", "không hợp lệ")
        steps.append({"seq": i + 1, "status": status,
                      "at": _date(s.get("ThoiDiemXuLy"), rows, index, f"{where}.ThoiDiemXuLy",
                                  True),
                      "actor": str(s.get("NguoiXuLy") or "")[:200],
                      "note": str(s.get("NoiDungXuLy") or "")[:2000],
                      "agency": agencies.get(s.get("MaDonViXuLy")),
                      "step_due_at": _date(s.get("HanXuLyBuoc"), rows, index,
                                           f"{where}.HanXuLyBuoc")})
    return steps


def do_import_row(row):
    """Write one checked row, all or nothing; False when the dossier is already here."""
    with transaction.atomic():
        if Dossier.objects.filter(code=row["code"]).exists():
            return False
        # The previous system's appointment is taken as both readings of the due date.
        due = row["due_at"]
        dossier = Dossier.objects.create(
            code=row["code"], procedure=row["procedure"],
            procedure_version=row["procedure"].version, channel=row["channel"],
            status=row["status"], service_center=row["center"], agency=row["agency"],
            current_agency=row["agency"], applicant_type=row["applicant_type"],
            applicant_name=row["applicant_name"], applicant_id_number=row["applicant_id_number"],
            applicant_phone=row["applicant_phone"], applicant_email=row["applicant_email"],
            applicant_address=row["applicant_address"], summary=row["summary"],
            components=[d["name"] for d in row["documents"]],
            vneid_authenticated=row["vneid"], consulted=row["consulted"],
            paid_online=bool(row["platform"]), payment_platform=row["platform"] or None,
            submitted_at=row["submitted_at"], received_at=row["received_at"], due_at=due,
            index_due_at=due, first_due_at=row["first_due_at"] or due,
            supplement_rounds=len(row["supplements"]), finished_at=row["finished_at"],
            returned_at=row["returned_at"], result=row["result"])
        DossierDocument.objects.bulk_create(
            DossierDocument(dossier=dossier, component_name=d["name"],
                            source=DossierDocument.Source.LEGACY, file="", content_type="",
                            size=0, sha256="", reused=d["reused"], from_store=d["from_store"],
                            digitisation_code=(d["code"] or f"{row['code']}.{i:02d}")
                            if d["digitised"] else "")
            for i, d in enumerate(row["documents"], 1))
        FeeLine.objects.bulk_create(
            FeeLine(dossier=dossier, kind=f["kind"], description=f["description"],
                    amount=f["amount"], stage=FeeLine.Stage.RECEPTION, exempt=f["exempt"],
                    paid_at=f["paid_at"]) for f in row["fees"])
        Pause.objects.bulk_create(
            Pause(dossier=dossier, kind="supplement", started_at=s["started_at"],
                  ended_at=s["ended_at"], reason=s["reason"]) for s in row["supplements"])
        events = [DossierEvent(dossier=dossier, seq=s["seq"], action="legacy",
                               from_status="", to_status=s["status"], actor_name=s["actor"],
                               role="", agency=s["agency"] or row["agency"], at=s["at"],
                               step_due_at=s["step_due_at"], note=s["note"])
                  for s in row["steps"]]
        if not events:  # a history of the dates the record gives
            events.append(DossierEvent(dossier=dossier, seq=1, action="submit",
                                       to_status=t.SUBMITTED, agency=row["agency"],
                                       at=row["submitted_at"]))
        DossierEvent.objects.bulk_create(events)
        DossierSync.objects.create(dossier=dossier, state=DossierSync.State.SYNCED,
                                   synced_at=timezone.now(), created_remote=True,
                                   payload_hash=record_hash(row["record"]))
    return True
