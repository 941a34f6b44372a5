"""The national payment platform of the National Public Service Portal (DuocThanhToanTrucTuyen
1), for dossiers filed there: the person pays on the portal what MotCua asks (the payment
request travels in the dossier's record, sync/payloads.py); the portal reports the payment in
its feed (sync/inbound.py) and answers a lookup when that report never came (reconciliation,
through the national-portal plugin). It is not offered on MotCua's own pages."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrations.national import fields
from integrations.national.registry import portal
from payments.base import PaymentProvider, PaymentRejected, Settlement


class NationalPayments(PaymentProvider):
    name = "dvcqg"
    title = gettext_lazy("Payment platform of the National Public Service Portal")
    platform = 1

    def instructions(self, payment):
        return {"kind": "dvcqg", "amount": payment.amount,
                "note": _("Pay on the National Public Service Portal")}

    def parse_callback(self, request):
        raise PaymentRejected(_("The national portal reports payments with its dossier records, "
                                "not at this address."),
                              "not_configured")

    def find(self, payment):
        plugin = portal()
        if plugin is None:
            return None
        found = plugin.payment(payment.reference)  # Unavailable propagates: tried next run
        if not found:
            return None
        return settlement(f"lookup:{found.get(fields.TRANSACTION)}", payment.reference, found)


def settlement(event_id, reference, data):
    """A Settlement from the portal's payment fields (SoTien, MaGiaoDich, NgayThanhToan,
    NguoiNop); PaymentRejected when they cannot be read."""
    amount, transaction = data.get("SoTien"), data.get(fields.TRANSACTION)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PaymentRejected(_("SoTien must be a whole number of đồng above 0."), "malformed")
    if not isinstance(transaction, str) or not transaction.strip() or len(transaction) > 100:
        raise PaymentRejected(_("MaGiaoDich is missing or invalid."), "malformed")
    return Settlement(event_id=str(event_id)[:120], reference=str(reference)[:40],
                      amount=amount, transaction_id=transaction.strip(),
                      paid_at=portal_date(data.get("NgayThanhToan")),
                      payer=str(data.get("NguoiNop") or "")[:200])


def portal_date(value):
    """A yyyyMMddHHmmss (local time) or ISO date-time, aware; None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    import datetime as dt

    try:
        moment = dt.datetime.strptime(value, fields.DATE_FORMAT)
    except ValueError:
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
    if moment is None:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


NATIONAL = NationalPayments()
