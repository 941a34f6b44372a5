"""The client's address, by the one rule throttles and sign-in limits read."""

from django.test import RequestFactory

from motcua.client import client_address


def test_the_address_is_the_connection_s_unless_proxies_are_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1",
                                   HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7")
    settings.MOTCUA_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.1.1.1"
    # One trusted proxy: the address it saw, the last one; what the client wrote before it
    # (203.0.113.5) is not believed.
    settings.MOTCUA_TRUSTED_PROXIES = 1
    assert client_address(request) == "198.51.100.7"
    settings.MOTCUA_TRUSTED_PROXIES = 2
    assert client_address(request) == "203.0.113.5"
    settings.MOTCUA_TRUSTED_PROXIES = 5
    assert client_address(request) == "203.0.113.5"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="10.1.1.1")) == "10.1.1.1"


def address(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_an_ipv6_client_is_counted_by_its_network(settings):
    """A subscriber's /64 holds 2^64 addresses: each one taken in turn is the same client."""
    settings.MOTCUA_TRUSTED_PROXIES = 0
    one = {address(f"2001:db8:aa:bb:{i:x}::{i + 1:x}") for i in range(50)}
    assert one == {"2001:db8:aa:bb::"}
    assert address("2001:db8:aa:bc::1") == "2001:db8:aa:bc::"  # the next network
    assert address("2001:DB8:AA:BB:0:0:0:1") == "2001:db8:aa:bb::"  # however it is written
    settings.MOTCUA_IPV6_PREFIX = 56  # a provider that hands out /56s
    assert address("2001:db8:aa:bb::1") == address("2001:db8:aa:ff::1") == "2001:db8:aa::"
    assert address("2001:db8:aa:1bb::1") == "2001:db8:aa:100::"


def test_ipv4_is_counted_by_its_address_even_mapped_into_ipv6(settings):
    settings.MOTCUA_TRUSTED_PROXIES = 0
    assert address("203.0.113.7") == "203.0.113.7"
    assert address("::ffff:203.0.113.7") == "203.0.113.7"  # a dual-stack socket's IPv4 client
    assert address("") == "" and address("unix-socket") == "unix-socket"


def test_behind_a_proxy_the_forwarded_ipv6_is_counted_by_its_network(settings):
    settings.MOTCUA_TRUSTED_PROXIES = 1
    assert address("10.0.0.2", "2001:db8:5:6:1:2:3:4") == "2001:db8:5:6::"
    assert address("10.0.0.2", "2001:db8:5:6::ffff") == "2001:db8:5:6::"
