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
