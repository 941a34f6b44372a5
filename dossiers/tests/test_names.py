"""People are named as Vietnamese writes names (họ, đệm, tên), never by an internal username:
in events, on staff pages, in the national records and on slips."""

import pytest

from dossiers.actions import check_create, do_create
from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT, SELF_APPLICANT
from motcua import test as cast
from motcua.text import person_name
from units.models import StaffRole

pytestmark = pytest.mark.django_db


def test_staff_names_read_family_middle_given(client):
    officer = cast.make_staff("motcua.thang", StaffRole.Role.COUNTER_OFFICER,
                              cast.commune_agency(cast.HONG_BANG),
                              cast.commune_center(cast.HONG_BANG),
                              first_name="Thắng", last_name="Vũ Đức")
    assert person_name(officer) == "Vũ Đức Thắng"
    dossier = do_create(check_create(officer, {"procedure": "1.004884", "receive": True,
                                               **APPLICANT}), officer)
    assert list(dossier.events.values_list("actor_name", flat=True)) == ["Vũ Đức Thắng"] * 2
    client.force_login(officer)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Vũ Đức Thắng" in page and "Thắng Vũ Đức" not in page


def test_a_person_filing_online_is_named_by_their_identity_not_their_account(
        client, person, counter_officer):
    client.force_login(person)
    answer = client.post("/api/v1/dossiers", {
        "procedure": cast.KNOWN_PROCEDURE, "unit": cast.HONG_BANG,
        "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT},
        content_type="application/json")
    assert answer.status_code == 201, answer.content
    dossier = Dossier.objects.get(code=answer.json()["code"])
    event = dossier.events.get(seq=1)
    assert event.actor_name == "Phạm Thị Hồng"
    client.force_login(counter_officer)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert person.username not in page
