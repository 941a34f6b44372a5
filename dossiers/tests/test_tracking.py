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
