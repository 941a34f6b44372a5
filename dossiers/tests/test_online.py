"""Online submission (channel 2) from a person's own account: it lands, as submitted, in the
reception queue of the competent unit's center, and only its applicant and that unit see it."""

import pytest

from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from dossiers.tests.test_transitions import act
from motcua import test as cast

pytestmark = pytest.mark.django_db

ONLINE = {"procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, "unit": cast.HONG_BANG, **APPLICANT}


def submit(client, user, **data):
    client.force_login(user)
    return client.post("/api/v1/dossiers", {**ONLINE, **data}, content_type="application/json")


def test_a_person_files_online_and_the_commune_counter_receives_it(client, citizen,
                                                                   counter_officer):
    response = submit(client, citizen)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == 2 and body["status"] == "submitted" and body["status_code"] == 1
    assert body["service_center"] == cast.commune_center(cast.HONG_BANG)
    assert body["unit"] == cast.commune_agency(cast.HONG_BANG)
    assert body["received_at"] is None and body["due_at"] is None
    assert body["allowed_actions"] == ["withdraw"]
    assert Dossier.objects.get(code=body["code"]).applicant == citizen
    events = client.get(f"/api/v1/dossiers/{body['code']}/events").json()
    assert [(e["action"], e["role"]) for e in events] == [("submit", "applicant")]
    # In the counter's queue; receiving it starts the clock.
    client.force_login(counter_officer)
    queue = client.get("/api/v1/dossiers?status=submitted").json()["results"]
    assert [d["code"] for d in queue] == [body["code"]]
    received = act(client, counter_officer, body["code"], "receive").json()
    assert received["status_code"] == 2 and received["due_at"]


def test_a_person_sees_only_their_own_dossiers(client, citizen):
    mine = submit(client, citizen).json()["code"]
    other = cast.make_user("tranthibich")
    client.force_login(other)
    assert client.get(f"/api/v1/dossiers/{mine}").status_code == 404
    assert client.get(f"/api/v1/dossiers/{mine}/events").status_code == 404
    assert client.get("/api/v1/dossiers").json()["count"] == 0
    client.force_login(citizen)
    assert [d["code"] for d in client.get("/api/v1/dossiers").json()["results"]] == [mine]


def test_the_applicant_withdraws_but_cannot_act_for_the_office(client, citizen):
    code = submit(client, citizen).json()["code"]
    assert act(client, citizen, code, "receive").status_code == 403
    assert act(client, citizen, code, "withdraw").status_code == 400  # a reason is needed
    body = act(client, citizen, code, "withdraw", reason="Tôi nộp nhầm thủ tục").json()
    assert body["status"] == "withdrawn" and body["status_code"] == 7


def test_online_refusals(client, citizen):
    # A procedure not offered online.
    response = submit(client, citizen, procedure="2.001035")
    assert response.status_code == 400
    assert "trực tuyến" in response.json()["fields"]["procedure"][0]
    # A commune-level dossier must say which commune decides it.
    response = submit(client, citizen, unit=None)
    assert response.status_code == 400 and "unit" in response.json()["fields"]
    # A personal account files online only.
    response = submit(client, citizen, channel=1)
    assert response.status_code == 400 and "channel" in response.json()["fields"]
    # Without an account, nothing.
    client.logout()
    assert client.post("/api/v1/dossiers", ONLINE, content_type="application/json"
                       ).status_code in (401, 403)
    assert not Dossier.objects.exists()


def test_a_counter_officer_still_cannot_file_online(client, counter_officer):
    response = submit(client, counter_officer, channel=2)
    assert response.status_code == 400 and "channel" in response.json()["fields"]
