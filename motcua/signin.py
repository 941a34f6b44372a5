"""How long a sign-in lockout lasts (django-axes' AXES_COOLOFF_TIME): it grows with each
lockout of the same account or address in the last day, doubling from AXES_COOLOFF_MINUTES up
to a day, so a patient guesser gets slower and slower."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from motcua.client import client_address


def cool_off(request):
    from axes.models import AccessFailureLog

    base = datetime.timedelta(minutes=settings.MOTCUA_SIGNIN_COOLOFF_MINUTES)
    if request is None:
        return base
    username = (getattr(request, "POST", None) or {}).get("username") or \
        getattr(request, "axes_credentials", None) and request.axes_credentials.get("username")
    since = timezone.now() - datetime.timedelta(days=1)
    who = Q(ip_address=client_address(request))
    if username:
        who |= Q(username=username)
    failures = AccessFailureLog.objects.filter(who, attempt_time__gte=since).count()
    lockouts = failures // max(settings.AXES_FAILURE_LIMIT, 1)
    longest = datetime.timedelta(days=1)
    # Doubled one lockout at a time and stopped at a day: a power of two taken whole
    # overflows timedelta after some forty lockouts (two hundred failures from one address).
    length = base
    for _ in range(max(lockouts - 1, 0)):
        if length >= longest:
            break
        length *= 2
    return min(length, longest)
