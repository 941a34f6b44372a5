"""Every page carries a Content-Security-Policy and works under it: no inline script, no
inline event handler, nothing loaded from elsewhere."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/thu-tuc/", "/tra-cuu/", "/phan-anh-kien-nghi/",
                                  "/can-bo/dang-nhap/", "/dang-nhap/"])
def test_pages_carry_a_strict_policy_and_no_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split(
        "script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"(src|href)=\"https?://", html), "something from elsewhere"


def test_staff_pages_too(client, supervisor):
    client.force_login(supervisor)
    for path in ("/can-bo/", "/can-bo/chi-so/", "/can-bo/dong-bo/", "/can-bo/hoan-tien/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
