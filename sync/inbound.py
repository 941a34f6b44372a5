"""Dossiers filed on the National Public Service Portal, and what the person does there
afterwards: the portal is the front door for online filing (DOMAIN.md §6).

The portal sends events (integrations/national/fields.py): a new filing, a supplement
answered, a payment made on the national payment platform, a withdrawal asked for. MotCua
takes them from the portal's feed (`pull`, run by the scheduler every
MOTCUA_DVCQG_PULL_SECONDS) or as the portal pushes them to its webhook (sync/api.py); both go
through `process`, one event at a time:

- **Checked as any filing.** A filing is mapped to MotCua's names and checked by
  dossiers.actions.check_submit_national: the procedure's, the form's and the applicant's
  checks of MotCua's own portal, and the unit it names must be this province's and competent.
  Its files are fetched from the portal's links (never elsewhere) and checked as any upload.
- **Committed, then acknowledged.** A taken event is written in one transaction (the dossier,
  its documents, fees and payments, its records for the portal, and this InboundRecord); the
  acknowledgement goes only after the commit. What was committed and not yet acknowledged is
  acknowledged at the next round (`acknowledge_waiting`): a worker killed in between loses
  nothing and acknowledges nothing it did not keep.
- **Once.** A filing is taken once per portal reference (Dossier.national_reference is
  unique), any event once per event id: a record sent twice, pulled and pushed, or pulled
  again after a crash, arrives once and is acknowledged with the same answer.
- **Refused with the reason, never dropped.** A record MotCua cannot take (an unknown
  procedure, a unit not of this province, a file that fails its checks, a payment for no
  request, ...) is kept as refused with its reason, acknowledged as refused to the portal, and
  listed for supervisors (/can-bo/dong-bo/tu-cong-dvcqg/). Nothing of it is half-created.
- **Retried when the portal is the problem.** A file that cannot be fetched now (timeout,
  5xx) leaves the event waiting; the feed is not read past it, so a dossier's events keep
  their order. After MOTCUA_DVCQG_INBOUND_ATTEMPTS tries it is refused with the reason.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Fee
from dossiers import fees
from dossiers import transitions as t
from dossiers.actions import (
    DossierConflict,
    check_submit_national,
    do_applicant_action,
    do_create,
)
from dossiers.documents import check_upload, store
from dossiers.models import Dossier, DossierDocument, FeeLine, refresh_document_flags
from integrations.national import fields
from integrations.national.base import DONE, FileRefused, Unavailable
from integrations.national.fields import read
from motcua.text import UNSTORABLE, storable, unstorable_paths
from sync import outbox
from sync.models import InboundCursor, InboundRecord

log = logging.getLogger(__name__)

R = InboundRecord
CURSOR = "dvcqg"

# MotCua's names of a filing's checks → the national field the portal should correct.
NATIONAL_NAMES = {
    "procedure": "MaTTHC", "unit": "MaDonVi", "applicant_name": "ChuHoSo",
    "applicant_id_number": "SoGiayToChuHoSo", "applicant_phone": "SoDienThoai",
    "applicant_email": "Email", "applicant_type": "LoaiDoiTuong", "channel": "KenhThucHien",
}


class Refusal(Exception):
    """The record cannot be taken, for this reason (sent back to the portal)."""

    def __init__(self, reason, field=""):
        super().__init__(reason)
        self.reason, self.field = str(reason)[:2000], field[:100]


class Later(Exception):
    """The portal cannot give what the record needs now (a file): try the event again."""


# ----------------------------------------------------------------------------- one event


def process(plugin, event, via):
    """Take one event from the portal; returns its InboundRecord (taken, refused, or waiting
    when Later was met). Never raises for a bad record. The reasons are in the site's language
    (LANGUAGE_CODE), whoever pushed the event: they go back to the portal."""
    with translation.override(settings.LANGUAGE_CODE):
        return _process(plugin, event, via)


def _process(plugin, event, via):
    bad = unstorable_paths(event)
    if bad:
        return _refuse_unstorable(event, bad[0], via)
    try:
        event_id, kind, reference, data = _envelope(event)
    except Refusal as refusal:
        return _refuse(_unnamed_id(event), R.Kind.FILING, "", via, refusal, event)
    held = R.objects.filter(event_id=event_id).first()
    if held is not None and held.status != R.Status.WAITING:
        return held  # delivered again: the same answer
    try:
        return HANDLERS[kind](plugin, event_id, reference, data, via)
    except Refusal as refusal:
        return _refuse(event_id, kind, reference, via, refusal, event,
                       agency=_agency_named(kind, reference, data))
    except Later as later:
        return _wait(event_id, kind, reference, via, str(later), event)


def _unnamed_id(event):
    return "khong-ma:" + hashlib.sha256(repr(event).encode()).hexdigest()[:40]


def _portal_path(path):
    """("DuLieu", "TaiLieuNop", 0, "TenTepDinhKem") -> "TaiLieuNop[0].TenTepDinhKem", as the
    other refusals name a record's fields."""
    if path[:1] == ("DuLieu",):
        path = path[1:]
    named = ""
    for part in path:
        named += f"[{part}]" if isinstance(part, int) else (f".{part}" if named else str(part))
    return named or "DuLieu"


def _refuse_unstorable(event, path, via):
    """A NUL or half a surrogate pair anywhere in the event (motcua.text.UNSTORABLE): it cannot
    be stored nor looked up, so it is refused back, and kept with those characters replaced.
    Before, it stopped the feed: the pull raised at it on every round."""
    event = storable(event)
    field = _portal_path(path)
    refusal = Refusal(_("The field %(field)s holds a character that cannot be stored: NUL or "
                        "half of a UTF-16 surrogate pair.") % {"field": field}, field)
    try:
        event_id, kind, reference, data = _envelope(event)
    except Refusal:
        return _refuse(_unnamed_id(event), R.Kind.FILING, "", via, refusal, event)
    held = R.objects.filter(event_id=event_id).first()
    if held is not None and held.status != R.Status.WAITING:
        return held
    return _refuse(event_id, kind, reference, via, refusal, event,
                   agency=_agency_named(kind, reference, data))


def _envelope(event):
    if not isinstance(event, dict):
        raise Refusal(_("The event must be a JSON object."))
    event_id, kind = event.get("MaSuKien"), fields.EVENT_KINDS.get(event.get("LoaiSuKien"))
    reference, data = event.get("MaHoSo"), event.get("DuLieu")
    if not isinstance(event_id, (str, int)) or isinstance(event_id, bool) \
            or not str(event_id).strip() or len(str(event_id)) > 100:
        raise Refusal(_("The field MaSuKien is missing or invalid."), "MaSuKien")
    if kind is None:
        raise Refusal(_("The field LoaiSuKien is not a known kind of event (%(kinds)s).")
                      % {"kinds": ", ".join(fields.EVENT_KINDS)}, "LoaiSuKien")
    if not isinstance(reference, str) or not reference.strip() or len(reference) > 64:
        raise Refusal(_("The field MaHoSo is missing or longer than 64 characters."), "MaHoSo")
    if not isinstance(data, dict):
        raise Refusal(_("The field DuLieu must be an object."), "DuLieu")
    return str(event_id).strip(), kind, reference.strip(), data


def _agency_named(kind, reference, data):
    """The unit a refused record concerns, when MotCua knows it (whose supervisors see it)."""
    from dossiers.actions import _named_agency

    if kind == R.Kind.FILING:
        return _named_agency(data.get("MaDonVi") if isinstance(data.get("MaDonVi"), str)
                             else str(data.get("MaDonVi") or ""))
    held = Dossier.objects.filter(national_reference=reference).only("agency").first()
    return held.agency if held else None


def _record_fields(kind, reference, via, event):
    return {"kind": kind, "reference": reference[:64], "via": via,
            "payload": _without_file_contents(event)}


def _without_file_contents(event):
    """The event as kept for the supervisor: inline file contents left out."""
    if not isinstance(event, dict) or not isinstance(event.get("DuLieu"), dict):
        return event if isinstance(event, dict) else {"value": str(event)[:2000]}
    data = dict(event["DuLieu"])
    if isinstance(data.get("TaiLieuNop"), list):
        data["TaiLieuNop"] = [{k: v for k, v in d.items() if k != "DuLieuTep"}
                              if isinstance(d, dict) else d for d in data["TaiLieuNop"]]
    return {**event, "DuLieu": data}


def _refuse(event_id, kind, reference, via, refusal, event, agency=None):
    record, _created = R.objects.update_or_create(event_id=event_id, defaults={
        **_record_fields(kind, reference, via, event), "status": R.Status.REFUSED,
        "reason": refusal.reason, "field": refusal.field, "decided_at": timezone.now(),
        "agency": agency})
    log.info("national portal %s %s refused: %s", kind, reference, refusal.reason)
    return record


def _wait(event_id, kind, reference, via, reason, event):
    record = R.objects.filter(event_id=event_id).first()
    attempts = (record.attempts + 1) if record else 1
    if attempts > settings.MOTCUA_DVCQG_INBOUND_ATTEMPTS:
        return _refuse(event_id, kind, reference, via, Refusal(
            _("After %(n)d attempts the file still could not be fetched from the national "
              "portal: %(reason)s") % {"n": attempts - 1, "reason": reason}),
            event)
    record, _created = R.objects.update_or_create(event_id=event_id, defaults={
        **_record_fields(kind, reference, via, event), "status": R.Status.WAITING,
        "reason": reason[:2000], "attempts": attempts})
    return record


def _accept(event_id, kind, reference, via, event, dossier):
    record, _created = R.objects.update_or_create(event_id=event_id, defaults={
        **_record_fields(kind, reference, via, event), "status": R.Status.ACCEPTED,
        "reason": "", "field": "", "dossier": dossier, "agency_id": dossier.agency_id,
        "decided_at": timezone.now()})
    return record


# ----------------------------------------------------------------------------- filing


def receive_filing(plugin, event_id, reference, record, via):
    event = {"MaSuKien": event_id, "LoaiSuKien": fields.EVENT_FILING, "MaHoSo": reference,
             "DuLieu": record}
    held = Dossier.objects.filter(national_reference=reference).first()
    if held is not None:
        return _accept(event_id, R.Kind.FILING, reference, via, event, held)
    data = filing_data(reference, record)
    try:
        cleaned = check_submit_national(data)
    except ValidationError as exc:
        raise _refusal_of(exc) from None
    lines, paid = _filing_fees(cleaned["procedure"], record)
    documents = _documents(plugin, record.get("TaiLieuNop"), cleaned["procedure"])
    try:
        with transaction.atomic():
            dossier = do_create(cleaned, None)
            _keep_documents(dossier, documents, supplement_round=0)
            _keep_fees(dossier, lines, paid, record)
            from payments.actions import request_on_portal

            request_on_portal(dossier)  # what is still owed, asked on the portal
            outbox.queue_change(dossier)  # its record with documents, fees and payments
            accepted = _accept(event_id, R.Kind.FILING, reference, via, event, dossier)
    except IntegrityError:
        # Taken meanwhile by another process (pushed while pulled): the same dossier.
        held = Dossier.objects.filter(national_reference=reference).first()
        if held is None:  # what else is unique: a payment's transaction recorded already
            raise Refusal(_("The payment transaction (MaGiaoDich) is recorded for another "
                            "dossier already."),
                          "DanhSachLePhi") from None
        return _accept(event_id, R.Kind.FILING, reference, via, event, held)
    return accepted


def filing_data(reference, record):
    """A filing's record in MotCua's names (the checks of dossiers.actions read these)."""
    kind = record.get("LoaiDoiTuong", 1)
    if isinstance(kind, bool) or kind not in (1, 2, 3, 4):
        raise Refusal(_("The field LoaiDoiTuong must be 1, 2, 3 or 4."), "LoaiDoiTuong")
    texts = {}
    for name, most in (("MaTTHC", 40), ("MaDonVi", 40), ("ChuHoSo", 200),
                       ("SoGiayToChuHoSo", 20), ("SoDienThoai", 20), ("Email", 254),
                       ("DiaChi", 300), ("TrichYeuHoSo", 500)):
        value = record.get(name)
        if value is None:
            value = ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > most:
            raise Refusal(_("The field %(name)s must be a string of at most %(n)d characters.")
                          % {"name": name, "n": most}, name)
        texts[name] = value.strip()
    form_data = record.get(fields.FORM_DATA) or {}
    if not isinstance(form_data, dict):
        raise Refusal(_("The field %(name)s must be an object.") % {"name": fields.FORM_DATA},
                      fields.FORM_DATA)
    vneid = record.get("TaiKhoanDuocXacThucVoiVNeID", 0)
    if vneid not in (0, 1, True, False):
        raise Refusal(_("The field TaiKhoanDuocXacThucVoiVNeID must be 0 or 1."),
                      "TaiKhoanDuocXacThucVoiVNeID")
    consulted = record.get("DSKetNoiCSDL") or []
    if not isinstance(consulted, list):
        raise Refusal(_("The field DSKetNoiCSDL must be a list."), "DSKetNoiCSDL")
    channel = record.get("KenhThucHien", 2)
    if channel != 2:
        raise Refusal(_("A dossier filed on the national portal is an online dossier "
                        "(KenhThucHien 2)."),
                      "KenhThucHien")
    return {"national_reference": reference, "procedure": texts["MaTTHC"],
            "unit": texts["MaDonVi"], "applicant_type": kind,
            "applicant_name": texts["ChuHoSo"], "applicant_id_number": texts["SoGiayToChuHoSo"],
            "applicant_phone": texts["SoDienThoai"], "applicant_email": texts["Email"],
            "applicant_address": texts["DiaChi"], "summary": texts["TrichYeuHoSo"],
            "form_data": form_data, "vneid_authenticated": bool(vneid),
            "consulted": fields.consulted_names(consulted)}


def _refusal_of(exc):
    """The checks' errors as one reason, each named by its national field."""
    parts, first = [], ""
    for key, messages in sorted(exc.message_dict.items()):
        name = NATIONAL_NAMES.get(key) or (f"{fields.FORM_DATA}.{key.split('.', 1)[1]}"
                                           if key.startswith("form_data.") else key)
        first = first or name
        parts.append(f"{name}: {' '.join(str(m) for m in messages)}")
    return Refusal("; ".join(parts), first)


def _filing_fees(procedure, record):
    """(fee lines owed, the subset already paid on the portal) from DanhSachLePhi."""
    items = record.get("DanhSachLePhi") or []
    if not isinstance(items, list) or len(items) > fees.MAX_LINES:
        raise Refusal(_("DanhSachLePhi must be a list of at most %(n)d items.")
                      % {"n": fees.MAX_LINES},
                      "DanhSachLePhi")
    catalog = {str(f.pk): f for f in procedure.fees.all()}
    lines, paid = [], []
    for i, item in enumerate(items):
        where = f"DanhSachLePhi[{i}]"
        if not isinstance(item, dict):
            raise Refusal(_("%(where)s must be an object.") % {"where": where}, where)
        amount = read(item, "Gia")
        name = item.get("TenPhiLePhi")
        if isinstance(amount, bool) or not isinstance(amount, int) \
                or not 0 <= amount < fees.MAX_AMOUNT:
            raise Refusal(_("%(where)s.Gia must be a whole number of đồng, not negative.")
                          % {"where": where}, f"{where}.Gia")
        if not isinstance(name, str) or not name.strip() or len(name) > 500:
            raise Refusal(_("%(where)s.TenPhiLePhi is missing or longer than 500 characters.")
                          % {"where": where},
                          f"{where}.TenPhiLePhi")
        fee = catalog.get(str(item.get("MaPhiLePhi") or ""))
        kind = fields.FEE_KIND.get(item.get("LoaiPhiLePhi"), Fee.Kind.CHARGE)
        line = {"fee": fee, "kind": fee.kind if fee else kind, "description": name.strip(),
                "amount": amount, "exempt": amount == 0 or item.get("MienGiam") == 1,
                "exemption_reason": _("Exempted or reduced by the national portal") if amount == 0
                or item.get("MienGiam") == 1 else ""}
        lines.append(line)
        if not line["exempt"] and (item.get("NgayThanhToan") or item.get(fields.TRANSACTION)):
            paid.append(line)
    return lines, paid


def _keep_fees(dossier, lines, paid, record):
    from payments.actions import record_paid_on_portal
    from payments.contrib.national import portal_date

    created = fees.add_fee_lines(dossier, lines, FeeLine.Stage.RECEPTION)
    done = [row for row, line in zip(created, lines, strict=True) if line in paid]
    if done:
        # The portal's transaction, as the first paid line names it (a line may give only the
        # date it was paid: the transaction is then known by the dossier's reference).
        paid_items = [item for item in record["DanhSachLePhi"] if isinstance(item, dict)
                      and (item.get(fields.TRANSACTION) or item.get("NgayThanhToan"))]
        first = next((i for i in paid_items if i.get(fields.TRANSACTION)), paid_items[0])
        transaction_id = str(first.get(fields.TRANSACTION) or
                             f"DVCQG-{dossier.national_reference}")
        record_paid_on_portal(dossier, done, transaction_id=transaction_id,
                              paid_at=portal_date(first.get("NgayThanhToan")),
                              payer=dossier.applicant_name)


# ----------------------------------------------------------------------------- files


def _documents(plugin, items, procedure=None, *, required=False):
    """[(name, flags, upload, checked)] for TaiLieuNop: each file fetched from its link (or
    given inline) and checked as any upload. A component taken from the data store, or
    reused, is recorded as such, with or without a file."""
    if items in (None, ""):
        items = []
    if not isinstance(items, list) or len(items) > 50:
        raise Refusal(_("TaiLieuNop must be a list of at most 50 documents."), "TaiLieuNop")
    if required and not items:
        raise Refusal(_("No document was attached."), "TaiLieuNop")
    documents = []
    for i, item in enumerate(items):
        where = f"TaiLieuNop[{i}]"
        if not isinstance(item, dict):
            raise Refusal(_("%(where)s must be an object.") % {"where": where}, where)
        name = read(item, "TenTepDinhKem")
        if not isinstance(name, str) or not name.strip() or len(name) > 600:
            raise Refusal(_("%(where)s.TenTepDinhKem is missing or longer than 600 characters.")
                          % {"where": where},
                          f"{where}.TenTepDinhKem")
        flags = {"from_store": item.get("DuocLayTuKhoDMQG") == 1,
                 "reused": item.get("DuocTaiSuDung") == 1 or item.get("DuocLayTuKhoDMQG") == 1,
                 "digitisation_code": str(item.get("MaSoHoa") or "")[:80]}
        link = item.get(fields.FILE_LINK)
        if not link:
            if not (flags["from_store"] or flags["digitisation_code"]):
                raise Refusal(_("%(where)s: the document %(name)s has no file (%(link)s).")
                              % {"where": where, "name": name.strip(), "link": fields.FILE_LINK},
                              f"{where}.{fields.FILE_LINK}")
            documents.append((name.strip(), flags, None, None))
            continue
        try:
            content = plugin.fetch_file(link, settings.MOTCUA_UPLOAD_MAX_BYTES)
        except Unavailable as exc:
            raise Later(f"{where}: {exc}") from None
        except FileRefused as exc:
            raise Refusal(f"{where}: {exc}", f"{where}.{fields.FILE_LINK}") from None
        upload = SimpleUploadedFile(_file_name(name, i), content)
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            raise Refusal(f"{where}: {' '.join(exc.messages)}", where) from None
        documents.append((name.strip(), flags, upload, checked))
    return documents


def _file_name(name, index):
    safe = "".join(c for c in name if c.isalnum() or c in " -_.")[:80].strip() or "tai-lieu"
    return f"{safe}-{index + 1}"


def _keep_documents(dossier, documents, *, supplement_round):
    for name, flags, upload, checked in documents:
        stored = store(upload, checked) if upload is not None else {}
        DossierDocument(dossier=dossier, component_name=name, supplement_round=supplement_round,
                        source=DossierDocument.Source.STORE if flags["from_store"]
                        else DossierDocument.Source.UPLOAD,
                        **flags, **stored).save_base(force_insert=True)
    refresh_document_flags([dossier.pk])


# ----------------------------------------------------------------------------- afterwards


def _dossier(reference):
    dossier = Dossier.objects.filter(national_reference=reference).first()
    if dossier is None:
        raise Refusal(_("No dossier has the national portal's code %(code)s.")
                      % {"code": reference}, "MaHoSo")
    return dossier


def receive_supplement(plugin, event_id, reference, data, via):
    """The person answers the open supplement request on the portal: the documents, then
    processing resumes (or, before reception, the dossier is submitted again), as on
    MotCua's own portal."""
    dossier = _dossier(reference)
    event = {"MaSuKien": event_id, "LoaiSuKien": fields.EVENT_SUPPLEMENT, "MaHoSo": reference,
             "DuLieu": data}
    if dossier.status != t.SUPPLEMENT:
        raise Refusal(_("The dossier %(code)s has no supplement request waiting.")
                      % {"code": reference}, "MaHoSo")
    documents = _documents(plugin, data.get("TaiLieuNop"), required=True)
    note = data.get("NoiDung")
    note = note.strip()[:1000] if isinstance(note, str) and note.strip() else \
        _("Supplement filed on the National Public Service Portal.")
    action = "resume" if dossier.received_at else "resubmit"
    try:
        with transaction.atomic():
            rounds = dossier.events.filter(action="request_supplement").count()
            _keep_documents(dossier, documents, supplement_round=rounds)
            do_applicant_action(dossier.code, action, {"note": note})
            return _accept(event_id, R.Kind.SUPPLEMENT, reference, via, event, dossier)
    except DossierConflict:
        raise Refusal(_("The dossier %(code)s no longer waits for a supplement.")
                      % {"code": reference}, "MaHoSo") from None


def receive_withdrawal(plugin, event_id, reference, data, via):
    dossier = _dossier(reference)
    event = {"MaSuKien": event_id, "LoaiSuKien": fields.EVENT_WITHDRAWAL, "MaHoSo": reference,
             "DuLieu": data}
    reason = data.get("LyDo")
    if not isinstance(reason, str) or not reason.strip():
        raise Refusal(_("Give the reason for withdrawing (LyDo)."), "LyDo")
    try:
        with transaction.atomic():
            do_applicant_action(dossier.code, "withdraw", {"reason": reason.strip()[:1000]})
            return _accept(event_id, R.Kind.WITHDRAWAL, reference, via, event, dossier)
    except DossierConflict:
        raise Refusal(_("The dossier %(code)s has ended (%(status)s): it can no longer be "
                        "withdrawn.") % {"code": reference, "status": dossier.get_status_display()},
                      "MaHoSo") from None


# What a payment's settlement outcome means for the portal (payments.actions.OUTCOMES).
PAYMENT_REFUSALS = {
    "unknown_reference": gettext_lazy("No payment request has this code."),
    "wrong_amount": gettext_lazy("The amount is not the amount owed."),
    "duplicate_transaction": gettext_lazy("This transaction is recorded for another payment "
                                          "already."),
}


def receive_payment(plugin, event_id, reference, data, via):
    """Paid on the national payment platform: recorded as any provider's notification (once,
    the amount exact, a receipt), then the dossier resumes if it waited for it."""
    from payments.actions import record_settlement
    from payments.base import PaymentRejected
    from payments.contrib.national import NATIONAL, settlement
    from payments.models import Payment

    dossier = _dossier(reference)
    event = {"MaSuKien": event_id, "LoaiSuKien": fields.EVENT_PAYMENT, "MaHoSo": reference,
             "DuLieu": data}
    code = data.get("MaThanhToan")
    if not isinstance(code, str) or not Payment.objects.filter(
            dossier=dossier, reference=code, provider=NATIONAL.name).exists():
        raise Refusal(_("The dossier %(code)s has no payment request with the code %(payment)s.")
                      % {"code": reference, "payment": f"{code!s:.40}"},
                      "MaThanhToan")
    try:
        paid = settlement(f"dvcqg:{event_id}", code, data)
    except PaymentRejected as exc:
        raise Refusal(str(exc), "SoTien") from None
    outcome = record_settlement(NATIONAL, paid)
    if outcome in PAYMENT_REFUSALS:
        raise Refusal(str(PAYMENT_REFUSALS[outcome]), "SoTien")
    return _accept(event_id, R.Kind.PAYMENT, reference, via, event, dossier)


HANDLERS = {R.Kind.FILING: receive_filing, R.Kind.SUPPLEMENT: receive_supplement,
            R.Kind.PAYMENT: receive_payment, R.Kind.WITHDRAWAL: receive_withdrawal}


# ----------------------------------------------------------------------------- pull and ack


def acknowledge(plugin, record):
    """Tell the portal what became of a committed event; True once it has heard."""
    if record.status == R.Status.WAITING or record.acknowledged_at:
        return bool(record.acknowledged_at)
    outcome = plugin.acknowledge(record.event_id, record.reference,
                                 taken=record.status == R.Status.ACCEPTED, reason=record.reason,
                                 local_code=record.dossier.code if record.dossier_id else "")
    if outcome.result == DONE:
        R.objects.filter(pk=record.pk).update(acknowledged_at=timezone.now(), ack_error="")
        record.acknowledged_at = timezone.now()
        return True
    R.objects.filter(pk=record.pk).update(ack_error=outcome.message[:2000])
    return False


def acknowledge_waiting(plugin, limit=500):
    """Acknowledge what was committed but not yet acknowledged (a worker stopped between the
    two, the portal down at that moment). Returns how many the portal heard."""
    heard = 0
    waiting = R.objects.filter(acknowledged_at__isnull=True).exclude(
        status=R.Status.WAITING).select_related("dossier").order_by("received_at")[:limit]
    for record in waiting:
        if not acknowledge(plugin, record):
            break  # the portal is not listening: the next round tries again
        heard += 1
    return heard


def pull(plugin=None, *, pages=None):
    """Read the portal's feed from MotCua's position: each event processed, committed,
    acknowledged, and the position moved past it. Stops at an event that must wait, or when
    the portal cannot answer. Returns {outcome: count}."""
    from integrations.national.registry import portal

    plugin = plugin or portal()
    counts = {}
    if plugin is None:
        return counts
    counts["acknowledged_late"] = acknowledge_waiting(plugin)
    cursor, _created = InboundCursor.objects.get_or_create(name=CURSOR)
    page = 0
    while pages is None or page < pages:
        page += 1
        try:
            events, after = plugin.pull(cursor.position, settings.MOTCUA_DVCQG_PULL_PAGE)
        except Unavailable as exc:
            counts["unavailable"] = counts.get("unavailable", 0) + 1
            log.warning("national portal feed unavailable: %s", exc)
            return counts
        if not events:
            return counts
        for event in events:
            record = process(plugin, event, R.Via.PULL)
            counts[str(record.status)] = counts.get(str(record.status), 0) + 1
            if record.status == R.Status.WAITING:
                return counts  # not past it: the next round tries it again, in order
            acknowledge(plugin, record)
            position = event.get("ViTri") if isinstance(event, dict) else None
            if position not in (None, "") and not UNSTORABLE.search(str(position)):
                cursor.position = str(position)
                cursor.save(update_fields=["position", "updated_at"])
        if after and after != cursor.position and not UNSTORABLE.search(str(after)):
            cursor.position = after
            cursor.save(update_fields=["position", "updated_at"])
    return counts

