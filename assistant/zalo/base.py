"""The Zalo Official Account webhook: the OA sends each message a follower writes; MotCua
checks the event's signature, answers with the assistant, and replies through the OA API.

Signature (Zalo OA webhook documentation, *to verify against the OA's current docs*): header
`X-ZEvent-Signature: mac=<hex SHA-256 of app_id + raw body + timestamp + OA secret key>`,
where app_id and timestamp are the event's own fields. An event older than
MOTCUA_ZALO_MAX_AGE seconds is refused as a replay.

What a follower writes is answered even when it holds a character that cannot be stored (a
NUL, half of an emoji's surrogate pair): Zalo's servers deliver it, and a refusal would be
their failed delivery, not the follower's error. Such a character becomes U+FFFD once the
signature, made over the raw body, is checked."""

import hashlib
import hmac
import json
import time

from django.conf import settings

from motcua.text import storable


class BadEvent(Exception):
    pass


def mac(app_id, body, timestamp, secret):
    raw = app_id.encode() + body + str(timestamp).encode() + secret.encode()
    return hashlib.sha256(raw).hexdigest()


def verified_event(body, header):
    """The event (dict), its unstorable characters replaced (see above), if its signature is
    right and it is recent; else BadEvent."""
    secret = settings.MOTCUA_ZALO_OA_SECRET
    if not secret:
        raise BadEvent("the Zalo OA secret is not configured")
    try:
        event = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadEvent("the body is not JSON") from None
    if not isinstance(event, dict):
        raise BadEvent("the body is not an event")
    app_id, stamp = str(event.get("app_id", "")), str(event.get("timestamp", ""))
    if app_id != settings.MOTCUA_ZALO_OA_APP_ID or not stamp.isdigit():
        raise BadEvent("unknown app or no timestamp")
    given = (header or "").strip().removeprefix("mac=")
    if not hmac.compare_digest(given, mac(app_id, body, stamp, secret)):
        raise BadEvent("wrong signature")
    # Zalo's timestamps are in milliseconds.
    if abs(time.time() - int(stamp) / 1000) > settings.MOTCUA_ZALO_MAX_AGE:
        raise BadEvent("the event is too old")
    return storable(event)


class Replier:
    """Sends the assistant's answer to a Zalo user through the OA."""

    def send(self, user_id, text):
        raise NotImplementedError
