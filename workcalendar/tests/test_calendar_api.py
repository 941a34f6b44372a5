import pytest

from motcua.test import make_staff
from units import identifiers
from units.models import StaffRole
from workcalendar.models import CalendarException

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return make_staff("quantri.tp", StaffRole.Role.ADMINISTRATOR,
                      identifiers.province_committee_code(31))


def token_for(client, username):
    response = client.post("/api/v1/auth/token",
                           {"username": username, "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_due_answers_with_the_explanation(client):
    response = client.get("/api/v1/calendar/due",
                          {"from": "2026-04-24T14:00:00", "amount": "1", "unit": "working_day"})
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2026-04-28T14:00:00+07:00"
    assert [e["date"] for e in body["explain"]] == ["2026-04-25", "2026-04-26", "2026-04-27"]
    assert body["explain"][2]["reason"] == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"


def test_due_accepts_an_offset_and_an_agency(client):
    body = client.get("/api/v1/calendar/due", {
        "from": "2026-03-02T02:00:00Z", "amount": "4", "unit": "working_hour",
        "agency": "000.11311.00.H26"}).json()
    assert body["due"] == "2026-03-02T15:00:00+07:00"  # 09:00 local + 4 working hours


@pytest.mark.parametrize("params, field", [
    ({"amount": "1", "unit": "working_day"}, "from"),
    ({"from": "hôm qua", "amount": "1", "unit": "working_day"}, "from"),
    ({"from": "2026-03-02T09:00", "amount": "-1", "unit": "working_day"}, "amount"),
    ({"from": "2026-03-02T09:00", "amount": "1", "unit": "fortnight"}, "unit"),
    ({"from": "2026-03-02T09:00", "amount": "1.5", "unit": "month"}, "amount"),
    ({"from": "2026-03-02T09:00", "amount": "1", "unit": "working_day", "agency": "x"}, "agency"),
])
def test_due_refuses_bad_input_naming_the_field(client, params, field):
    response = client.get("/api/v1/calendar/due", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_token_is_given_for_a_good_password_only(client, administrator):
    assert token_for(client, "quantri.tp")
    response = client.post("/api/v1/auth/token", {"username": "quantri.tp", "password": "sai"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_an_administrator_adds_and_removes_an_exception(client, administrator):
    auth = {"HTTP_AUTHORIZATION": f"Token {token_for(client, 'quantri.tp')}"}
    body = {"date": "2026-10-10", "kind": "working_day", "reason": "Làm bù ngày 02/01/2026",
            "legal_basis": "Thông báo 9441/TB-BNV"}
    response = client.post("/api/v1/calendar/exceptions", body, content_type="application/json",
                           **auth)
    assert response.status_code == 201
    assert response.json() == body
    assert CalendarException.objects.get(date="2026-10-10").created_by == administrator
    due = client.get("/api/v1/calendar/due", {"from": "2026-10-09T13:30", "amount": "1",
                                              "unit": "working_day"}).json()
    assert due["due"] == "2026-10-10T11:30:00+07:00"
    listed = client.get("/api/v1/calendar/exceptions?year=2026").json()
    assert listed["count"] == 1

    assert client.delete("/api/v1/calendar/exceptions/2026-10-10", **auth).status_code == 204
    assert not CalendarException.objects.exists()
    assert client.delete("/api/v1/calendar/exceptions/2026-10-10", **auth).status_code == 404


def test_a_duplicate_date_or_missing_basis_is_refused(client, administrator):
    auth = {"HTTP_AUTHORIZATION": f"Token {token_for(client, 'quantri.tp')}"}
    body = {"date": "2026-10-10", "kind": "day_off", "reason": "Nghỉ", "legal_basis": "QĐ 1"}
    client.post("/api/v1/calendar/exceptions", body, content_type="application/json", **auth)
    again = client.post("/api/v1/calendar/exceptions", body, content_type="application/json",
                        **auth)
    assert again.status_code == 400
    assert "date" in again.json()["fields"]
    no_basis = client.post("/api/v1/calendar/exceptions",
                           {**body, "date": "2026-10-11", "legal_basis": " "},
                           content_type="application/json", **auth)
    assert no_basis.status_code == 400
    assert "legal_basis" in no_basis.json()["fields"]
    bad_date = client.delete("/api/v1/calendar/exceptions/2026-02-31", **auth)
    assert bad_date.status_code == 400


def test_only_administrators_change_the_calendar(client, commune_leader):
    body = {"date": "2026-10-10", "kind": "day_off", "reason": "Nghỉ", "legal_basis": "QĐ 1"}
    anonymous = client.post("/api/v1/calendar/exceptions", body, content_type="application/json")
    assert anonymous.status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Token {token_for(client, 'lanhdao.hongbang')}"}
    leader = client.post("/api/v1/calendar/exceptions", body, content_type="application/json",
                         **auth)
    assert leader.status_code == 403
    assert not CalendarException.objects.exists()
