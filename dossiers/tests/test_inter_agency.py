"""Inter-agency (liên thông) processing: hand-overs follow the internal process to the partner
agencies its steps name, each holder acts in turn, and only the competent unit decides."""

import pytest

from dossiers.tests.test_transitions import act, new_dossier
from motcua import test as cast
from units.models import StaffRole

pytestmark = pytest.mark.django_db

BUNDLE = "LT.001.H26"  # khai sinh, thường trú, thẻ BHYT: 5 steps, police and social insurance
POLICE = "000.00.21.H26"
INSURANCE = "000.00.22.H26"


@pytest.fixture
def crew(counter_officer, specialist, commune_leader):
    return {
        "counter": counter_officer, "specialist": specialist, "leader": commune_leader,
        "police_leader": cast.make_staff("lanhdao.congan", StaffRole.Role.LEADER, POLICE),
        "police": cast.make_staff("canbo.congan", StaffRole.Role.SPECIALIST, POLICE),
        "insurance": cast.make_staff("canbo.bhxh", StaffRole.Role.SPECIALIST, INSURANCE),
    }


def at_police(client, crew):
    code = new_dossier(client, crew, procedure=BUNDLE)
    body = act(client, crew["counter"], code, "transfer").json()
    assert body["current_unit"] == body["unit"] == cast.commune_agency(cast.HONG_BANG)
    act(client, crew["leader"], code, "assign", assignee="chuyenvien.hongbang")
    body = act(client, crew["specialist"], code, "hand_over").json()
    assert body["current_step"] == 2 and body["current_unit"] == POLICE
    assert body["assignee"] is None  # the police leader assigns their own officer
    return code


def test_a_hand_over_routes_the_dossier_to_the_partner_agency_of_the_step(client, crew):
    code = at_police(client, crew)
    client.force_login(crew["police_leader"])
    listed = client.get("/api/v1/dossiers").json()["results"]
    assert [d["code"] for d in listed] == [code]
    # The holder's work, not the commune's decisions (approve, stop, new appointment).
    assert client.get(f"/api/v1/dossiers/{code}").json()["allowed_actions"] == [
        "assign", "hand_over", "request_supplement", "require_payment"]
    assert act(client, crew["police_leader"], code, "stop", reason="Không rõ").status_code == 403
    events = client.get(f"/api/v1/dossiers/{code}/events").json()
    hand_over = events[-1]
    assert hand_over["action"] == "hand_over" and hand_over["data"]["to_unit"] == POLICE
    assert hand_over["unit"] == cast.commune_agency(cast.HONG_BANG)  # who handed it over


def test_while_a_partner_holds_it_the_commune_neither_assigns_nor_decides(client, crew):
    code = at_police(client, crew)
    response = act(client, crew["leader"], code, "assign", assignee="chuyenvien.hongbang")
    assert response.status_code == 403
    response = act(client, crew["leader"], code, "approve")
    assert response.status_code == 400
    assert "Công an" in response.json()["fields"]["action"][0]
    client.force_login(crew["leader"])
    allowed = client.get(f"/api/v1/dossiers/{code}").json()["allowed_actions"]
    assert "assign" not in allowed and "hand_over" not in allowed
    # The police assign one of theirs; a commune specialist is not theirs to assign.
    assert act(client, crew["police_leader"], code, "assign",
               assignee="chuyenvien.hongbang").status_code == 400
    body = act(client, crew["police_leader"], code, "assign", assignee="canbo.congan").json()
    assert body["assignee"] == "canbo.congan"


def test_the_whole_bundle_goes_round_and_back_to_the_commune(client, crew):
    code = at_police(client, crew)
    assert act(client, crew["police"], code, "hand_over").json()["current_unit"] == INSURANCE
    # Having handed it on, the police still see the dossier they worked on, but it has left
    # their work list and they can do nothing more with it.
    client.force_login(crew["police_leader"])
    assert client.get(f"/api/v1/dossiers/{code}").json()["allowed_actions"] == []
    assert client.get("/api/v1/dossiers?status=processing").json()["count"] == 0
    # The insurance officer is at the last processing step: handing over gives it back.
    body = act(client, crew["insurance"], code, "hand_over").json()
    assert body["current_unit"] == cast.commune_agency(cast.HONG_BANG)
    assert body["current_step"] == 4
    assert act(client, crew["specialist"], code, "hand_over").status_code == 400
    assert act(client, crew["specialist"], code, "propose", decision="approve").status_code == 200
    assert act(client, crew["leader"], code, "approve").json()["status"] == "resolved"
    client.force_login(crew["counter"])
    events = client.get(f"/api/v1/dossiers/{code}/events").json()
    units = [e["unit"] for e in events if e["action"] == "hand_over"]
    assert units == [cast.commune_agency(cast.HONG_BANG), POLICE, INSURANCE]
    assert all(e["step_due_at"] for e in events if e["action"] == "hand_over")
    slip = client.get(f"/api/v1/dossiers/{code}/slips/control.pdf")
    assert slip.status_code == 200


def test_a_partner_may_ask_for_a_supplement_and_the_counter_resumes(client, crew):
    code = at_police(client, crew)
    response = act(client, crew["police"], code, "request_supplement",
                   missing=["Giấy tờ chứng minh chỗ ở hợp pháp"], reason="Thiếu giấy tờ chỗ ở")
    assert response.status_code == 200 and response.json()["status"] == "supplement"
    body = act(client, crew["counter"], code, "resume").json()
    assert body["status"] == "processing" and body["current_unit"] == POLICE


def test_the_office_page_shows_the_holder_and_its_own_specialists(client, crew):
    code = at_police(client, crew)
    client.force_login(crew["police_leader"])
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "bước liên thông tại Công an thành phố Hải Phòng" in page
    assert 'value="canbo.congan"' in page and 'value="chuyenvien.hongbang"' not in page


def test_a_dossier_withdrawn_during_a_partner_step_goes_back_to_the_commune(client, crew):
    code = at_police(client, crew)
    act(client, crew["police_leader"], code, "assign", assignee="canbo.congan")
    body = act(client, crew["counter"], code, "withdraw", reason="Người dân rút hồ sơ").json()
    assert body["status"] == "withdrawn"
    assert body["current_unit"] == cast.commune_agency(cast.HONG_BANG)
    client.force_login(crew["police_leader"])
    assert client.get(f"/api/v1/dossiers/{code}").status_code == 200  # it worked on it
    assert client.get("/api/v1/dossiers").json()["count"] == 0
