"""Public tracking without an account (DOMAIN.md §3, issue "Dossiers").

A dossier is shown to whoever has its code and the last four digits of the phone number the
applicant gave. Nothing personal is shown beyond that: no name, identity number or address.
A wrong code and a wrong phone give the same answer as an unknown code, so guessing learns
nothing; guessing is also throttled per client address (setting THROTTLE_TRACKING).
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

from dossiers import transitions as t
from dossiers.models import Dossier

LAST4 = re.compile(r"^\d{4}$")


class TrackingThrottle(SimpleRateThrottle):
    scope = "tracking"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def track(code, phone_last4):
    """The public view of a dossier, or None whether the code or the phone is wrong."""
    code, phone_last4 = (code or "").strip(), (phone_last4 or "").strip()
    if not code or not LAST4.match(phone_last4) or len(code) > 64:
        return None
    dossier = (Dossier.objects.select_related("procedure", "agency")
               .filter(code=code).first())
    if dossier is None or not dossier.applicant_phone.endswith(phone_last4):
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
