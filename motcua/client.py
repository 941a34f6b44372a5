"""Who is asking: the client's address, by the one rule every throttle and lockout reads.

The address is the connection's own (REMOTE_ADDR) unless MOTCUA_TRUSTED_PROXIES proxies stand
in front of MotCua; then it is the address the outermost trusted proxy saw, read from the right
of X-Forwarded-For (what a client writes at its left is not believed).

An IPv6 client is counted by its network, not by its address. Providers give each subscriber a
whole prefix, a /64 at least (RIPE-690 recommends a /56 or a /48 for homes), so one person
holds 2^64 addresses and a script can take a new one for every request: counted per address,
every throttle and sign-in limit would be escaped. The key is the network's first address
(MOTCUA_IPV6_PREFIX bits, 64 by default), itself a valid address, since django-axes and the
code requests store it as one. An IPv4 address mapped into IPv6 (::ffff:a.b.c.d, as a
dual-stack socket reports IPv4 clients) counts as that IPv4 address.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.MOTCUA_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return counted(remote)
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    return counted(hops[-min(proxies, len(hops))] if hops else remote)


def counted(text):
    """The address as throttles count it: IPv4 as it is, IPv6 by its network. Text that is
    not an address (a Unix socket's empty one, a proxy's odd word) is kept as it is."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:
        return str(address.ipv4_mapped)
    network = ipaddress.IPv6Network((int(address), settings.MOTCUA_IPV6_PREFIX), strict=False)
    return str(network.network_address)
