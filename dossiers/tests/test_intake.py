"""Counter intake through the API: validation, routing, codes, reception and its due date."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from dossiers.models import Dossier
from motcua import test as cast

pytestmark = pytest.mark.django_db

APPLICANT = {"applicant_name": "Nguyễn Thị Hoa", "applicant_id_number": "031190001234",
             "applicant_phone": "0912 345 678", "applicant_address": "12 Điện Biên Phủ, phường Hồng Bàng"}
# The `person` fixture filing online for herself (a person files as themselves).
SELF_APPLICANT = {"applicant_name": "Phạm Thị Hồng", "applicant_id_number": "031190004567",
                  "applicant_phone": "0912 345 678",
                  "applicant_address": "12 Điện Biên Phủ, phường Hồng Bàng"}


@pytest.fixture
def officer_client(client, counter_officer):
    client.force_login(counter_officer)
    return client


def create(client, **extra):
    body = {"procedure": "1.001193", **APPLICANT, **extra}
    if body["procedure"] == "1.001193":  # its declaration form, as a real client sends it
        body.setdefault("form_data", cast.BIRTH_DECLARATION)
    return client.post("/api/v1/dossiers", body, content_type="application/json")


def test_a_counter_officer_takes_in_a_dossier(officer_client):
    response = create(officer_client)
    assert response.status_code == 201, response.content
    body = response.json()
    today = timezone.localdate()
    assert re.fullmatch(rf"001\.11311\.00\.H26-{today:%y%m%d}-\d{{4}}", body["code"])
    assert body["status"] == "submitted" and body["status_code"] == 1
    assert body["channel"] == 1
    assert body["unit"] == "000.11311.00.H26"  # the commune decides a birth registration
    assert body["applicant_phone"] == "0912345678"
    assert body["received_at"] is None and body["due_at"] is None
    assert set(body["allowed_actions"]) == {"receive", "request_supplement", "refuse", "withdraw"}


def test_receiving_at_once_starts_the_clock(officer_client):
    body = create(officer_client, receive=True).json()
    assert body["status"] == "received" and body["status_code"] == 2
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.due_at is not None and dossier.due_at == dossier.first_due_at
    assert dossier.due_at > dossier.received_at
    assert [e.action for e in dossier.events.order_by("seq")] == ["submit", "receive"]


def test_codes_follow_each_other_per_unit_and_day(officer_client):
    codes = [create(officer_client).json()["code"] for _ in range(3)]
    numbers = [int(c.rsplit("-", 1)[1]) for c in codes]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


@pytest.mark.parametrize("change, field", [
    ({"applicant_id_number": "12345"}, "applicant_id_number"),
    ({"applicant_phone": "12345", "applicant_email": ""}, "applicant_phone"),
    ({"applicant_phone": "", "applicant_email": "khong-phai-email"}, "applicant_email"),
    ({"applicant_phone": "", "applicant_email": ""}, "applicant_phone"),
    ({"applicant_name": "  "}, "applicant_name"),
    ({"procedure": "9.999999"}, "procedure"),
    ({"procedure": "1.001766"}, "procedure"),  # abolished
    ({"procedure": "1.010831"}, "procedure"),  # never published
    ({"channel": 2}, "channel"),
    ({"service_center": "000.00.31.H26"}, "service_center"),
])
def test_bad_intake_data_is_refused_and_nothing_is_saved(officer_client, change, field):
    before = Dossier.objects.count()
    response = create(officer_client, **change)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert Dossier.objects.count() == before


def test_error_messages_are_vietnamese(officer_client):
    body = create(officer_client, applicant_id_number="12345").json()
    assert body["fields"]["applicant_id_number"] == ["Số định danh cá nhân (CCCD) gồm đúng 12 chữ số."]


def test_a_province_procedure_goes_to_its_department(officer_client):
    body = create(officer_client, procedure="2.000488").json()  # lý lịch tư pháp, receivable anywhere
    assert body["unit"] == "000.00.21.H26"


def test_a_procedure_not_receivable_anywhere_stays_at_its_commune(officer_client):
    response = create(officer_client, procedure="1.001776", unit=11383)  # trợ cấp xã hội, Lê Chân
    assert response.status_code == 400
    assert "service_center" in response.json()["fields"]


def test_only_counter_officers_take_in_dossiers(client, specialist, citizen):
    client.force_login(specialist)
    assert create(client).status_code == 403
    # A person's POST files online (dossiers/tests/test_online.py): it cannot receive.
    client.force_login(citizen)
    response = create(client, receive=True, unit=cast.HONG_BANG)
    assert response.status_code == 400 and "receive" in response.json()["fields"]
    assert not Dossier.objects.exists()
    client.logout()
    assert create(client).status_code in (401, 403)


def test_the_list_is_scoped_to_the_officers_units(officer_client, other_commune_leader, client):
    code = create(officer_client).json()["code"]
    assert [d["code"] for d in officer_client.get("/api/v1/dossiers").json()["results"]] == [code]
    client.force_login(other_commune_leader)
    assert client.get("/api/v1/dossiers").json()["count"] == 0
    assert client.get(f"/api/v1/dossiers/{code}").status_code == 404


def test_token_authentication_works_for_the_api(client, counter_officer):
    token = client.post("/api/v1/auth/token", {"username": "motcua.hongbang",
                                               "password": "mat-khau-thu-nghiem"}).json()["token"]
    response = client.post("/api/v1/dossiers", {"procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, **APPLICANT},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 201


def test_due_date_follows_the_working_calendar(officer_client, monkeypatch):
    received = timezone.make_aware(dt.datetime(2026, 4, 24, 14, 0))
    monkeypatch.setattr("django.utils.timezone.now", lambda: received)
    body = create(officer_client, receive=True).json()
    assert body["due_at"] == "2026-04-28T14:00:00+07:00"  # Hùng Kings weekend skipped
    assert body["code"].endswith("-260424-0001")


def test_the_declaration_is_checked_and_kept_on_the_dossier(officer_client):
    response = create(officer_client, receive=True, form_data={
        **cast.BIRTH_DECLARATION, "child_name": "", "child_gender": "Không rõ", "nickname": "Bin"})
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) >= {"form_data.child_name", "form_data.child_gender",
                           "form_data.nickname"}
    assert not Dossier.objects.exists()
    body = create(officer_client, receive=True,
                  form_data={**cast.BIRTH_DECLARATION, "child_birth_date": "02/11/2026"}).json()
    assert body["form_data"]["child_birth_date"] == "2026-11-02"
    assert body["form_data"]["commitment"] is True
    assert Dossier.objects.get(code=body["code"]).form_data["child_name"] == "Nguyễn Minh An"


def test_an_incomplete_counter_dossier_may_wait_for_its_declaration(officer_client):
    """Taken in without receiving (to request a supplement): required answers may be missing,
    but what is given is still checked; receiving at once needs them all."""
    response = create(officer_client, form_data={"child_name": "Nguyễn Minh An"})
    assert response.status_code == 201, response.content
    response = create(officer_client, form_data={"child_birth_date": "hôm qua"})
    assert response.status_code == 400
    response = create(officer_client, receive=True, form_data={"child_name": "Nguyễn Minh An"})
    assert response.status_code == 400 and "form_data.relation" in response.json()["fields"]
