"""Public tracking without an account (DOMAIN.md §3, issue "Dossiers").

A dossier is shown to whoever has its code and the last four digits of the phone number the
applicant gave. Nothing personal is shown beyond that: no name, identity number or address.
A wrong code and a wrong phone give the same answer as an unknown code, so guessing learns
nothing; guessing is also throttled per client address (setting THROTTLE_TRACKING) and a code
is locked after a few wrong answers, whatever the address.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

from dossiers import transitions as t
from dossiers.models import Dossier
from motcua.client import client_address

LAST4 = re.compile(r"^\d{4}$")


class TrackingThrottle(SimpleRateThrottle):
    scope = "tracking"

    def get_ident(self, request):
        return client_address(request)

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TrackingLocked(Exception):
    """Too many wrong answers for this code: it is locked for a while."""


def _failures_key(code):
    return "tracking-failures:" + hashlib.sha256(code.encode()).hexdigest()


def verified(code, phone_last4):
    """The dossier of this code if the phone's last four digits match, else None; the lock
    below counts every wrong answer (the one rule for whoever proves a dossier is theirs by
    its code and phone: tracking, the satisfaction survey's QR code)."""
    code, phone_last4 = (code or "").strip(), (phone_last4 or "").strip()
    if not code or len(code) > 64:
        return None
    key = _failures_key(code)
    if cache.get(key, 0) >= settings.MOTCUA_TRACKING_MAX_FAILURES:
        raise TrackingLocked
    dossier = (Dossier.objects.select_related("procedure", "agency")
               .filter(code=code).first()) if LAST4.match(phone_last4) else None
    if dossier is None or not dossier.applicant_phone.endswith(phone_last4):
        failures = cache.get(key, 0) + 1
        cache.set(key, failures, settings.MOTCUA_TRACKING_LOCK_SECONDS)
        return None
    return dossier


def track(code, phone_last4):
    """The public view of a dossier, or None whether the code or the phone is wrong.

    A code is locked after MOTCUA_TRACKING_MAX_FAILURES wrong answers, for
    MOTCUA_TRACKING_LOCK_SECONDS, whatever address they came from (TrackingLocked): four digits
    are 10,000 guesses, and the address can change. Unknown codes count the same way, so the
    lock tells a guesser nothing about which codes exist."""
    dossier = verified(code, phone_last4)
    if dossier is None:
        return None
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "unit": dossier.agency.name,
        "status": dossier.status,
        "status_code": dossier.status_code,
        "status_label": str(dossier.get_status_display()),
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "timeline": [
            {"at": e.at, "action": e.action,
             "label": str(t.ACTION_LABELS.get(e.action, e.action)), "status": e.to_status}
            for e in dossier.events.order_by("seq")
        ],
    }


NOT_FOUND = _("No dossier matches this code and phone number.")
LOCKED = _("Too many wrong answers for this dossier code: try again in an hour, or ask at "
           "the counter.")
