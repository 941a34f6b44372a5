"""API tokens: a staff member's roles are read with the token (motcua/authentication.py), and
what is accepted or refused is DRF's rule."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from motcua import test as cast
from units.models import StaffRole

pytestmark = pytest.mark.django_db


def _get(client, token, path="/api/v1/dossiers"):
    return client.get(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_staff_token_reads_the_roles_in_the_same_query(client, counter_officer):
    key = Token.objects.create(user=counter_officer).key
    # A second role, in another unit: both count.
    StaffRole.objects.create(user=counter_officer, role=StaffRole.Role.SPECIALIST,
                             agency=StaffRole.objects.get(user=counter_officer).agency)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, key)
    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries
             if "authtoken_token" in q["sql"] or "units_staffrole" in q["sql"]]
    assert len(reads) == 1 and "units_staffrole" in reads[0] and "authtoken_token" in reads[0]
    # The roles are the user's own, both of them, and scope what the token may do.
    response = client.post("/api/v1/dossiers", {
        "procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION,
        "applicant_name": "Nguyễn Thị Hoa", "applicant_id_number": "031190001234",
        "applicant_phone": "0912345678"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 201, response.content
    assert set(response.json()["allowed_actions"]) >= {"receive"}


def test_an_inactive_staff_members_token_is_refused(client, counter_officer):
    key = Token.objects.create(user=counter_officer).key
    counter_officer.is_active = False
    counter_officer.save()
    response = _get(client, key)
    assert response.status_code == 401
    assert response.json()["error"] and response.json()["detail"]


def test_unknown_tokens_are_refused_and_a_persons_token_works(client, citizen):
    assert _get(client, "0" * 40).status_code == 401
    key = Token.objects.create(user=citizen).key
    # A person's account has no role: DRF's own reading, then their own dossiers (none yet).
    response = _get(client, key)
    assert response.status_code == 200 and response.json()["count"] == 0
