"""Payment providers (DESIGN.md "Edges are plugins"), configured in MOTCUA_PAYMENT_PROVIDERS.

A provider turns a pending Payment into instructions for the payer (`instructions`), proves
that a notification it sent is genuine (`parse_callback`), and answers whether a payment went
through when its notification never came (`find`, used by reconciliation). Both return a
Settlement; the core (payments.actions) then checks the amount and records the payment once.

Notifications are signed with HMAC-SHA256 over "<timestamp>.<raw body>" with a secret shared
with the provider, sent as the header `X-MotCua-Signature: t=<unix time>,v1=<hex>`; older than
MOTCUA_PAYMENT_CALLBACK_MAX_AGE seconds is refused as a replay. A provider whose own format
differs (a bank hub's) overrides `parse_callback`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua import signatures
from motcua.signatures import HEADER as SIGNATURE_HEADER
from motcua.signatures import sign  # noqa: F401  (the providers' and tests' import)
from motcua.text import load_json


class PaymentRejected(Exception):
    """A notification that is not genuine or not acceptable; the message is safe to show."""

    def __init__(self, message, code="rejected"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Settlement:
    event_id: str  # unique per notification at the provider
    reference: str  # our Payment.reference
    amount: int  # VND
    transaction_id: str
    paid_at: object = None  # aware datetime, or None for "now"
    payer: str = ""


def verify(secret, body, header, *, now=None):
    """Raise PaymentRejected unless `header` signs `body` with `secret`, recently."""
    try:
        signatures.verify(secret, body, header, now=now,
                          max_age=settings.MOTCUA_PAYMENT_CALLBACK_MAX_AGE)
    except signatures.SignatureRejected as exc:
        raise PaymentRejected(str(exc), exc.code) from None


class PaymentProvider:
    name = ""
    title = ""
    platform = 2  # DuocThanhToanTrucTuyen: 1 national payment platform, 2 provincial gateway
    secret = ""

    def instructions(self, payment):
        """What the payer needs (JSON-serialisable), kept on the payment."""
        raise NotImplementedError

    def parse_callback(self, request):
        """The Settlement a genuine notification reports; PaymentRejected otherwise."""
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MOTCUA_PAYMENT_CALLBACK_MAX_BYTES:
            raise PaymentRejected(_("The notification is too large."), "too_large")
        return self.parse_signed(request.body, request.META.get(SIGNATURE_HEADER))

    def parse_signed(self, body, header):
        if len(body) > settings.MOTCUA_PAYMENT_CALLBACK_MAX_BYTES:
            raise PaymentRejected(_("The notification is too large."), "too_large")
        verify(self.secret, body, header)
        return read_notification(body)


def _no_constant(name):
    raise ValueError(f"{name} is not a number")


def read_notification(body):
    """A signed notification's body, read strictly: one JSON object; `id`, `reference` and
    `transaction_id` as text (or whole numbers); `amount` a whole number of đồng; `paid_at` an
    ISO date-time if given. NaN, Infinity, fractions and other shapes are refused as
    malformed, never let through to the ledger."""
    malformed = PaymentRejected(_("The notification cannot be read."), "malformed")
    try:
        data = load_json(body, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError):
        raise malformed from None
    if not isinstance(data, dict):
        raise malformed

    def text(name, required=True, most=200):
        value = data.get(name)
        if value is None and not required:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int)) or \
                not str(value).strip() or len(str(value)) > most:
            raise malformed
        return str(value).strip()

    amount = data.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount < 10 ** 13:
        raise malformed
    paid_at = None
    if data.get("paid_at") not in (None, ""):
        if not isinstance(data["paid_at"], str):
            raise malformed
        try:
            paid_at = parse_datetime(data["paid_at"])
        except ValueError:
            paid_at = None
        if paid_at is None:
            raise malformed
    return Settlement(event_id=text("id"), reference=text("reference", most=40),
                      amount=amount, transaction_id=text("transaction_id"), paid_at=paid_at,
                      payer=text("payer", required=False)[:200])

    def find(self, payment):
        """A Settlement for this pending payment if the provider received it, else None."""
        return None
