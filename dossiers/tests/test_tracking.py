"""Public tracking by code and the last 4 digits of the phone: no account, no personal data."""

import pytest

from dossiers.tests.test_intake import APPLICANT
from motcua import test as cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(client, counter_officer):
    client.force_login(counter_officer)
    body = client.post("/api/v1/dossiers", {"procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, "receive": True, **APPLICANT},
                       content_type="application/json").json()
    client.logout()
    return body["code"]


def test_the_applicant_sees_status_timeline_and_due_date(client, code):
    response = client.get(f"/api/v1/tracking/{code}?phone_last4=5678")
    assert response.status_code == 200
    body = response.json()
    assert body["status_code"] == 2 and body["status_label"] == "được tiếp nhận"
    assert body["due_at"]
    assert [s["label"] for s in body["timeline"]] == [
        "Hồ sơ đã được nộp", "Hồ sơ đã được tiếp nhận, có giấy hẹn trả kết quả"]


def test_no_personal_data_is_shown(client, code):
    text = client.get(f"/api/v1/tracking/{code}?phone_last4=5678").content.decode()
    for secret in ("Nguyễn Thị Hoa", "031190001234", "0912345678", "Điện Biên Phủ"):
        assert secret not in text


def test_a_wrong_phone_looks_exactly_like_an_unknown_code(client, code):
    wrong_phone = client.get(f"/api/v1/tracking/{code}?phone_last4=0000")
    unknown = client.get("/api/v1/tracking/001.11311.00.H26-260101-9999?phone_last4=5678")
    assert wrong_phone.status_code == unknown.status_code == 404
    assert wrong_phone.content == unknown.content
    assert client.get(f"/api/v1/tracking/{code}").status_code == 404


def test_guessing_is_throttled(client, code):
    for _ in range(10):
        client.get(f"/api/v1/tracking/{code}?phone_last4=0000")
    response = client.get(f"/api/v1/tracking/{code}?phone_last4=5678")
    assert response.status_code == 429
    assert response.json()["error"] == "throttled"


def test_the_tracking_page(client, code):
    page = client.get("/tra-cuu/", {"code": code, "phone_last4": "5678"}).content.decode()
    assert "Đăng ký khai sinh" in page and "Được tiếp nhận" in page
    assert "Nguyễn Thị Hoa" not in page
    wrong = client.get("/tra-cuu/", {"code": code, "phone_last4": "1111"}).content.decode()
    assert "Không tìm thấy hồ sơ với mã và số điện thoại này." in wrong


def test_the_tracking_page_is_throttled_too(client, code):
    for _ in range(10):
        client.get("/tra-cuu/", {"code": code, "phone_last4": "0000"})
    response = client.get("/tra-cuu/", {"code": code, "phone_last4": "5678"})
    assert response.status_code == 429
    assert "Quá nhiều lần thử" in response.content.decode()


def test_rotating_x_forwarded_for_does_not_escape_the_throttle(client, code):
    """With no trusted proxy the address is the connection's own: a client-supplied
    X-Forwarded-For changes nothing."""
    for i in range(10):
        client.get(f"/api/v1/tracking/{code}?phone_last4=5678",
                   HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = client.get(f"/api/v1/tracking/{code}?phone_last4=5678",
                          HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429 and response.json()["error"] == "throttled"


def test_rotating_ipv6_addresses_of_one_network_does_not_escape_the_throttle(client, code):
    for i in range(10):
        client.get(f"/api/v1/tracking/{code}?phone_last4=0000",
                   REMOTE_ADDR=f"2001:db8:42:1:{i:x}::{i + 7:x}")
    response = client.get(f"/api/v1/tracking/{code}?phone_last4=5678",
                          REMOTE_ADDR="2001:db8:42:1:abcd::1")
    assert response.status_code == 429 and response.json()["error"] == "throttled"


def test_behind_a_trusted_proxy_the_proxy_s_word_is_taken(client, code, settings):
    settings.MOTCUA_TRUSTED_PROXIES = 1
    for i in range(10):  # each from another client, as the proxy says
        assert client.get(f"/api/v1/tracking/{code}?phone_last4=5678",
                          HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code == 200
    assert client.get(f"/api/v1/tracking/{code}?phone_last4=5678",
                      HTTP_X_FORWARDED_FOR="203.0.113.3").status_code == 200


def test_a_code_is_locked_after_five_wrong_answers_from_any_address(client, code):
    from django.core.cache import cache

    from dossiers import tracking

    for i in range(5):  # five addresses, one guess each: the throttle never sees a pattern
        assert client.get(f"/api/v1/tracking/{code}?phone_last4=00{i:02d}",
                          REMOTE_ADDR=f"198.51.100.{i}").status_code == 404
    locked = client.get(f"/api/v1/tracking/{code}?phone_last4=5678", REMOTE_ADDR="198.51.100.9")
    assert locked.status_code == 429 and locked.json()["error"] == "locked"
    page = client.get("/tra-cuu/", {"code": code, "phone_last4": "5678"},
                      REMOTE_ADDR="198.51.100.10")
    assert page.status_code == 429 and "thử lại sau một giờ" in page.content.decode()
    # An unknown code is locked the same way: the lock says nothing about which codes exist.
    unknown = "001.11311.00.H26-260101-9999"
    for i in range(5):
        client.get(f"/api/v1/tracking/{unknown}?phone_last4=00{i:02d}",
                   REMOTE_ADDR=f"198.51.100.{20 + i}")
    again = client.get(f"/api/v1/tracking/{unknown}?phone_last4=5678",
                       REMOTE_ADDR="198.51.100.30")
    assert again.status_code == 429 and again.content == locked.content
    cache.delete(tracking._failures_key(code))  # the hour has passed
    assert client.get(f"/api/v1/tracking/{code}?phone_last4=5678",
                      REMOTE_ADDR="198.51.100.11").status_code == 200
