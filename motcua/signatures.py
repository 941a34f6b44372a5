"""Signed notifications from other systems (payment providers, the national portal's pushes):
HMAC-SHA256 over "<timestamp>.<raw body>" with a secret shared with the sender, sent as the
header `X-MotCua-Signature: t=<unix time>,v1=<hex>`. Older than `max_age` seconds is refused as
a replay. The standard library's hmac, compared in constant time."""

import hashlib
import hmac
import time

from django.utils.translation import gettext as _

HEADER = "HTTP_X_MOTCUA_SIGNATURE"


class SignatureRejected(Exception):
    """A notification that is not genuine; the message is safe to show."""

    def __init__(self, message, code="rejected"):
        super().__init__(message)
        self.code = code


def sign(secret, body, timestamp=None):
    """The signature header value for a body (bytes)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret, body, header, *, max_age, now=None):
    """Raise SignatureRejected unless `header` signs `body` with `secret`, recently."""
    if not secret:
        raise SignatureRejected(_("Notifications are not accepted: no secret is configured."),
                                "not_configured")
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        raise SignatureRejected(_("The notification is not signed."), "unsigned") from None
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        raise SignatureRejected(_("The notification's signature is wrong."), "bad_signature")
    age = (time.time() if now is None else now) - timestamp
    if abs(age) > max_age:
        raise SignatureRejected(_("The notification is too old: a replay is refused."),
                                "replay")
