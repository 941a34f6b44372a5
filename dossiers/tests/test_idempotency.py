"""Idempotency-Key on intake and on actions: a retry after a lost answer changes nothing."""

import pytest

from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from dossiers.tests.test_transitions import act, processing
from dossiers.tests.test_transitions import cast as roles  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NEW = {"procedure": "1.004884", "receive": True, **APPLICANT}


def intake(client, key, body=NEW):
    return client.post("/api/v1/dossiers", body, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_intake_returns_the_first_answer_and_makes_one_dossier(client,
                                                                         counter_officer):
    client.force_login(counter_officer)
    first = intake(client, "9b2f6c1e-intake-1")
    assert first.status_code == 201
    again = intake(client, "9b2f6c1e-intake-1")  # the client never heard the first answer
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1
    other = intake(client, "9b2f6c1e-intake-1", {**NEW, "summary": "Một hồ sơ khác"})
    assert other.status_code == 409 and other.json()["error"] == "idempotency_conflict"
    assert Dossier.objects.count() == 1
    assert intake(client, "9b2f6c1e-intake-2").status_code == 201  # a new key: a new dossier
    assert Dossier.objects.count() == 2


def test_a_bad_key_is_refused_and_keys_belong_to_their_account(client, counter_officer,
                                                                commune_leader):
    client.force_login(counter_officer)
    response = intake(client, "x" * 201)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["fields"]
    assert not Dossier.objects.exists()
    assert intake(client, "same-key").status_code == 201
    from motcua import test as cast
    from units.models import StaffRole

    colleague = cast.make_staff("motcua.hongbang2", StaffRole.Role.COUNTER_OFFICER,
                                cast.commune_agency(cast.HONG_BANG),
                                cast.commune_center(cast.HONG_BANG))
    client.force_login(colleague)
    assert intake(client, "same-key").status_code == 201
    assert Dossier.objects.count() == 2


def test_a_retried_action_is_taken_once(client, roles):
    code = processing(client, roles)
    act(client, roles["leader"], code, "assign", assignee="chuyenvien.hongbang")
    client.force_login(roles["specialist"])
    url = f"/api/v1/dossiers/{code}/actions/hand_over"
    first = client.post(url, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="ho-1")
    again = client.post(url, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="ho-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert Dossier.objects.get(code=code).events.filter(action="hand_over").count() == 1
