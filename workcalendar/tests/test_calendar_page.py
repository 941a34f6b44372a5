import pytest

from motcua.test import make_staff
from units import identifiers
from units.models import StaffRole
from workcalendar.models import CalendarException

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_staff("quantri.tp", StaffRole.Role.ADMINISTRATOR,
                                  identifiers.province_committee_code(31)))
    return client


def test_the_page_lists_the_holidays_of_the_year(admin_client):
    page = admin_client.get("/can-bo/lich-lam-viec/?year=2026").content.decode()
    assert "Lịch làm việc 2026" in page
    assert "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in page
    assert "27/04/2026" in page


def test_an_administrator_adds_a_day_off(admin_client):
    response = admin_client.post("/can-bo/lich-lam-viec/?year=2026", {
        "add-date": "2026-12-31", "add-kind": "day_off", "add-reason": "Nghỉ cuối năm",
        "add-legal_basis": "Quyết định 99/QĐ-UBND"})
    assert response.status_code == 302
    assert CalendarException.objects.get(date="2026-12-31").reason == "Nghỉ cuối năm"
    page = admin_client.get(response["Location"]).content.decode()
    assert "Đã thêm ngày 31/12/2026." in page


def test_bad_input_is_explained_in_vietnamese_and_nothing_is_saved(admin_client):
    response = admin_client.post("/can-bo/lich-lam-viec/", {
        "add-date": "31/02/2026", "add-kind": "day_off", "add-reason": "",
        "add-legal_basis": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập một ngày hợp lệ." in page or "Nhập ngày hợp lệ" in page
    assert "Trường này là bắt buộc." in page or "Trường này bắt buộc" in page
    assert not CalendarException.objects.exists()


def test_a_due_date_can_be_computed_on_the_page(admin_client):
    page = admin_client.get("/can-bo/lich-lam-viec/", {
        "received": "2026-02-13T10:00", "amount": "3", "unit": "working_day"}).content.decode()
    assert "25/02/2026" in page
    assert "Tết Nguyên Đán" in page


def test_staff_who_are_not_administrators_may_look_but_not_change(client, commune_leader):
    client.force_login(commune_leader)
    assert client.get("/can-bo/lich-lam-viec/").status_code == 200
    response = client.post("/can-bo/lich-lam-viec/", {
        "add-date": "2026-12-31", "add-kind": "day_off", "add-reason": "x",
        "add-legal_basis": "y"})
    assert response.status_code == 403


def test_citizens_and_visitors_are_kept_out(client, citizen):
    assert client.get("/can-bo/lich-lam-viec/").status_code == 302
    client.force_login(citizen)
    assert client.get("/can-bo/lich-lam-viec/").status_code == 403
