"""Importing the history of a previous one-stop system, in the national portal's format
(`DongBoHoSoMC` records, DOMAIN.md §6; the shape sync/payloads.py writes), with the steps of
each dossier (`QuaTrinhXuLy`: `CapNhatTienDoHoSoMC` records) when the file has them.

- Every row is checked first and reported by row, field and reason.
- Each valid row is written in its own transaction: a dossier is never half-imported.
- A dossier whose code is already here is left as it is: importing twice changes nothing.
- Imported dossiers count in the indexes like native ones: their terms are replayed through
  dossiers.terms (the first appointment, each supplement round's pause, the 766 due date,
  the at-risk moment, the time taken), and they carry the national record's flags (VNeID
  account, databases consulted, digitised, reused and data-store components, fees and how
  they were paid, electronic results, how the result was returned). They were synced by the
  previous system, so they are recorded as held by the national portal, not sent again.
- Field names are the national ones (integrations/national/fields.py); the names MotCua's
  earlier records used are read too.
- What the record cannot carry: ratings and complaints (PAKN). Indicators 5.2–5.4 count only
  what MotCua itself received (the command says so).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Procedure
from dossiers import terms
from dossiers import transitions as t
from dossiers.models import (
    RESULT_DOCUMENT_PREFIX,
    ApplicantType,
    Channel,
    Dossier,
    DossierDocument,
    DossierEvent,
    FeeLine,
    Pause,
    refresh_document_flags,
)
from integrations.national import fields
from integrations.national.fields import DATE_FORMAT, read
from sync.models import DossierSync
from sync.payloads import record_hash
from units.models import Agency, ServiceCenter
from workcalendar import calendars

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
            rows.error(row, field, _("required"))
        return None
    try:
        moment = dt.datetime.strptime(str(value), DATE_FORMAT)
    except ValueError:
        rows.error(row, field, _("must have the form yyyyMMddHHmmss"))
        return None
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _text(record, field, most, rows, row, required=False):
    value = record.get(field)
    if value in (None, ""):
        if required:
            rows.error(row, field, _("required"))
        return ""
    if not isinstance(value, str):
        rows.error(row, field, _("must be a string"))
        return ""
    if len(value) > most:
        rows.error(row, field, _("longer than %(n)d characters") % {"n": most})
    return value.strip()[:most]


def _int(record, field, choices, rows, row, default=None):
    value = read(record, field, default)
    if value is None or value == "":
        return default
    try:
        value = int(value)
    except (TypeError, ValueError):
        rows.error(row, field, _("must be a number"))
        return default
    if choices and value not in choices:
        rows.error(row, field, _("must be one of %(choices)s") % {"choices": sorted(choices)})
        return default
    return value


def check_rows(records):
    """(cleaned rows, errors). Each cleaned row is ready for do_import_row."""
    rows = Rows()
    if isinstance(records, dict):
        records = records.get("data")
    if not isinstance(records, list):
        rows.error(0, "data", _('the file must be a list of dossiers (or {"data": [...]})'))
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
            rows.error(index, "", _("must be an object (record)"))
            continue
        code = _text(record, "MaHoSo", 64, rows, index, required=True)
        # A dossier filed on the national portal: MaHoSo is the portal's reference and the
        # one-stop system's own code travels beside it.
        national_reference = None
        if record.get(fields.LOCAL_CODE):
            national_reference = code
            code = _text(record, fields.LOCAL_CODE, 64, rows, index, required=True)
        if code in seen:
            rows.error(index, "MaHoSo", _("same as an earlier row of the file"))
        seen.add(code)
        procedure = procedures.get(record.get("MaTTHC"))
        if procedure is None:
            rows.error(index, "MaTTHC", _("no such procedure in the catalog"))
        agency = agencies.get(record.get("DonViXuLy"))
        if agency is None:
            rows.error(index, "DonViXuLy", _("no agency has this identifier"))
        center = centers.get(record.get("NoiTiepNhan")) or (centers_of.get(agency.pk)
                                                            if agency else None)
        if agency is not None and center is None:
            rows.error(index, "NoiTiepNhan", _("the one-stop-shop desk cannot be determined"))
        status_code = _int(record, "TrangThaiHoSo", set(STATUS_BY_CODE), rows, index)
        if status_code is None:
            rows.error(index, "TrangThaiHoSo", _("required"))
        row = {
            "code": code, "national_reference": national_reference,
            "procedure": procedure, "agency": agency, "center": center,
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
            "vneid": bool(_int(record, "TaiKhoanDuocXacThucVoiVNeID", {0, 1}, rows, index, 0)),
            "platform": _int(record, "DuocThanhToanTrucTuyen", {0, 1, 2, 3}, rows, index, 0),
            "consulted": fields.consulted_names(_consulted(record, rows, index)),
            "refused_at": _date(record.get("NgayTuChoi"), rows, index, "NgayTuChoi"),
            "return_method": _return_method(record, rows, index),
            "record": record,
        }
        result = record.get("KetQuaXuLy") or ""
        if result and result not in ("approved", "refused"):
            rows.error(index, "KetQuaXuLy", _("must be approved or refused"))
        row["result"] = result or ("approved" if row["status"] in (t.RESOLVED, t.RETURNED)
                                   else "")
        row["documents"] = _documents(record, rows, index)
        row["results"] = _results(record, rows, index)
        row["fees"] = _fees(record, rows, index, row["platform"])
        row["supplements"] = _supplements(record, rows, index)
        row["steps"] = _steps(record, rows, index, agencies)
        if row["status"] == t.REFUSED and not row["finished_at"]:
            row["finished_at"] = row["refused_at"]
        if row["status"] in FINISHED - {t.WITHDRAWN} and row["received_at"] and \
                not row["finished_at"]:
            rows.error(index, "NgayKetThucXuLy", _("required for a dossier whose processing ended"))
        if row["received_at"] and row["submitted_at"] and \
                row["received_at"] < row["submitted_at"]:
            rows.error(index, "NgayTiepNhan", _("before the filing date"))
        if len(rows.errors) == before:
            cleaned.append(row)
    return cleaned, rows.errors


def _list(record, field, rows, index):
    value = record.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        rows.error(index, field, _("must be a list of objects"))
        return []
    return value


def _consulted(record, rows, index):
    """DSKetNoiCSDL (objects with MaCSDL), or the older plain list CSDLDaKhaiThac."""
    value = record.get("DSKetNoiCSDL")
    if value is None:
        value = record.get("CSDLDaKhaiThac")
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        rows.error(index, "DSKetNoiCSDL", _("must be a list (of databases)"))
        return []
    return value


def _return_method(record, rows, index):
    value = record.get("HinhThuc")
    if value in (None, ""):
        return ""
    if value in fields.RETURN_CODES:
        return value
    try:
        return fields.RETURN_METHODS[int(value)]
    except (KeyError, TypeError, ValueError):
        rows.error(index, "HinhThuc", _("must be one of %(choices)s")
                   % {"choices": sorted(fields.RETURN_METHODS)})
        return ""


def _flag(value):
    return str(value).strip() in ("1", "True", "true")


def _documents(record, rows, index):
    documents = []
    for d in _list(record, "TaiLieuNop", rows, index):
        digitised = _flag(d.get("DuocSoHoa"))
        documents.append({
            "name": str(read(d, "TenTepDinhKem") or _("Document file"))[:600],
            "code": str(d.get("MaSoHoa") or "")[:80], "digitised": digitised,
            "reused": _flag(d.get("DuocTaiSuDung")), "from_store": _flag(d.get("DuocLayTuKhoDMQG")),
            # Held as an electronic file by the previous system (a link, or said so).
            "electronic": digitised or _flag(d.get("CoTepDienTu"))
            or bool(d.get("DuongDanTaiTepTin"))})
    if _flag(record.get("HoSoCoThanhPhanSoHoa")):
        if not documents:
            documents.append({"name": _("Dossier document"), "code": "", "digitised": False,
                              "reused": False, "from_store": False, "electronic": True})
        elif not any(d["electronic"] for d in documents):
            for d in documents:
                d["electronic"] = True
    return documents


def _results(record, rows, index):
    """DanhSachGiayToKetQua: the electronic results issued (recorded without their file)."""
    return [{"title": str(r.get("TenGiayTo") or _("Result of the dossier"))[:550],
             "number": str(r.get("MaGiayToKetQua") or "")[:80],
             "in_store": _flag(r.get("DuocLuuKhoDMQG"))}
            for r in _list(record, "DanhSachGiayToKetQua", rows, index)]


def _fees(record, rows, index, platform):
    fees = []
    for i, f in enumerate(_list(record, "DanhSachLePhi", rows, index)):
        amount = read(f, "Gia")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            rows.error(index, f"DanhSachLePhi[{i}].Gia", _("must be an amount (đồng)"))
            continue
        paid_at = _date(f.get("NgayThanhToan"), rows, index, f"DanhSachLePhi[{i}].NgayThanhToan")
        how = f.get("HinhThucThu")
        if how in (None, ""):  # not said per line: as the dossier says
            online = platform in fields.PAID_ONLINE
        else:
            online = str(how) == str(fields.FEE_ONLINE)
        fees.append({"description": str(f.get("TenPhiLePhi") or _("Fees and charges"))[:500],
                     "amount": amount,
                     "kind": fields.FEE_KIND.get(_code(f.get("LoaiPhiLePhi")), "fee"),
                     "exempt": _flag(f.get("MienGiam")), "paid_at": paid_at,
                     "paid_online": bool(paid_at) and online})
    return fees


def _code(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _supplements(record, rows, index):
    rounds = []
    for i, s in enumerate(_list(record, "DanhSachHoSoBoSung", rows, index)):
        where = f"DanhSachHoSoBoSung[{i}]"
        rounds.append({
            "started_at": _date(read(s, "NgayBoSung"), rows, index, f"{where}.NgayBoSung", True),
            "ended_at": _date(s.get("NgayTiepNhanBoSung"), rows, index,
                              f"{where}.NgayTiepNhanBoSung"),
            "due_before": _date(s.get("NgayHenTraTruoc"), rows, index,
                                f"{where}.NgayHenTraTruoc"),
            "due_after": _date(s.get("NgayHenTraMoi"), rows, index, f"{where}.NgayHenTraMoi"),
            "reason": str(read(s, "NoiDungBoSung") or "")[:500]})
    starts = [r["started_at"] for r in rounds]
    if None not in starts and starts != sorted(starts):
        rows.error(index, "DanhSachHoSoBoSung", _("the supplement rounds must be in time order"))
    for i, r in enumerate(rounds):
        if r["started_at"] and r["ended_at"] and r["ended_at"] < r["started_at"]:
            rows.error(index, f"DanhSachHoSoBoSung[{i}].NgayTiepNhanBoSung",
                       _("before the supplement request"))
    return rounds


def _steps(record, rows, index, agencies):
    steps = []
    for i, s in enumerate(_list(record, "QuaTrinhXuLy", rows, index)):
        where = f"QuaTrinhXuLy[{i}]"
        status = STATUS_BY_CODE.get(_code(s.get("TrangThaiHoSo", s.get("TrangThai"))))
        if status is None:
            rows.error(index, f"{where}.TrangThaiHoSo", _("invalid"))
        due = s.get("NgayKetThucTheoQuyDinh") or s.get("HanXuLyBuoc")
        steps.append({"seq": i + 1, "status": status,
                      "at": _date(s.get("ThoiDiemXuLy"), rows, index, f"{where}.ThoiDiemXuLy",
                                  True),
                      "actor": str(s.get("NguoiXuLy") or "")[:200],
                      "note": str(s.get("NoiDungXuLy") or "")[:2000],
                      "agency": agencies.get(s.get("MaDonViXuLy")),
                      "step_due_at": _date(due, rows, index,
                                           f"{where}.NgayKetThucTheoQuyDinh")})
    return steps


def payment_pauses(steps):
    """The waits for a financial obligation, read from the steps (TrangThaiHoSo 6 until the
    next step in another status): the record has no list of them, and the clock stood."""
    pauses, current = [], None
    for step in sorted(steps, key=lambda s: (s["at"], s["seq"])):
        if step["status"] == t.PAYMENT:
            if current is None:
                current = Pause(kind="payment", started_at=step["at"], reason=step["note"][:500])
                pauses.append(current)
        elif current is not None:
            current.ended_at, current = step["at"], None
    return pauses


def first_appointment(row):
    """The appointment on the receipt, before any supplement or new appointment moved it:
    NgayHenTraLanDau where the record has it, else the first round's NgayHenTraTruoc, else
    NgayHenTra when no round moved it; None to count it from the procedure's time limit."""
    rounds = row["supplements"]
    if row["first_due_at"]:
        return row["first_due_at"]
    if rounds and rounds[0]["due_before"]:
        return rounds[0]["due_before"]
    return None if rounds else row["due_at"]


def do_import_row(row, rules=None):
    """Write one checked row, all or nothing; False when the dossier is already here."""
    with transaction.atomic():
        if Dossier.objects.filter(code=row["code"]).exists() or (
                row.get("national_reference") and Dossier.objects.filter(
                    national_reference=row["national_reference"]).exists()):
            return False
        dossier = Dossier(
            code=row["code"], national_reference=row.get("national_reference"),
            procedure=row["procedure"],
            procedure_version=row["procedure"].version, channel=row["channel"],
            status=row["status"], service_center=row["center"], agency=row["agency"],
            current_agency=row["agency"], applicant_type=row["applicant_type"],
            applicant_name=row["applicant_name"], applicant_id_number=row["applicant_id_number"],
            applicant_phone=row["applicant_phone"], applicant_email=row["applicant_email"],
            applicant_address=row["applicant_address"], summary=row["summary"],
            components=[d["name"] for d in row["documents"]],
            vneid_authenticated=row["vneid"], consulted=row["consulted"],
            paid_online=row["platform"] in fields.PAID_ONLINE,
            payment_platform=row["platform"] if row["platform"] in fields.PAID_ONLINE else None,
            submitted_at=row["submitted_at"], received_at=row["received_at"],
            supplement_rounds=len(row["supplements"]) if row["received_at"] else 0,
            finished_at=row["finished_at"], returned_at=row["returned_at"],
            return_method=row["return_method"], result=row["result"])
        # The terms as the lifecycle would have set them: from the first appointment, moved by
        # each supplement round (the 766 reading subtracts every pause).
        pauses = [Pause(kind="supplement", started_at=s["started_at"], ended_at=s["ended_at"],
                        reason=s["reason"]) for s in row["supplements"]]
        pauses += payment_pauses(row["steps"])
        terms.replay(dossier, pauses, appointment=first_appointment(row),
                     rules=rules or calendars.YearlyRules())
        for pause, given in zip(pauses, row["supplements"]):  # the supplements come first
            pause.due_before = given["due_before"] or pause.due_before
            pause.due_after = given["due_after"] or pause.due_after
        if row["due_at"]:
            dossier.due_at = row["due_at"]  # the appointment the person holds, as given
        if dossier.status not in t.OPEN:
            dossier.warn_at = None
        dossier.save(force_insert=True)
        DossierDocument.objects.bulk_create(
            [DossierDocument(dossier=dossier, component_name=d["name"],
                             source=DossierDocument.Source.LEGACY, file="", content_type="",
                             size=0, sha256="", reused=d["reused"], from_store=d["from_store"],
                             electronic=d["electronic"],
                             digitisation_code=(d["code"] or f"{row['code']}.{i:02d}")
                             if d["digitised"] else "")
             for i, d in enumerate(row["documents"], 1)]
            + [DossierDocument(dossier=dossier, component_name=f"{RESULT_DOCUMENT_PREFIX}{r['title']}"[:600],
                               source=DossierDocument.Source.RESULT, file="", content_type="",
                               size=0, sha256="", electronic=True, digitisation_code=r["number"],
                               from_store=r["in_store"])
               for r in row["results"]])
        refresh_document_flags([dossier.pk])
        FeeLine.objects.bulk_create(
            FeeLine(dossier=dossier, kind=f["kind"], description=f["description"],
                    amount=f["amount"], stage=FeeLine.Stage.RECEPTION, exempt=f["exempt"],
                    paid_at=f["paid_at"], paid_online=f["paid_online"]) for f in row["fees"])
        for pause in pauses:
            pause.dossier = dossier
        Pause.objects.bulk_create(pauses)
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


# What a national record cannot carry, said by the command and in README.
NOT_CARRIED = gettext_lazy("The national sync records carry no satisfaction ratings and no "
                           "petitions: indicators 5.2, 5.3 and the satisfaction part of 5.4 "
                           "count only what MotCua received itself.")
