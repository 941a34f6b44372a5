"""Who is asking: the client's address, by the one rule every throttle and lockout reads.

The address is the connection's own (REMOTE_ADDR) unless MOTCUA_TRUSTED_PROXIES proxies stand
in front of MotCua; then it is the address the outermost trusted proxy saw, read from the right
of X-Forwarded-For (what a client writes at its left is not believed).
"""

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.MOTCUA_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote
