"""Every /api/ answer is JSON in the documented shape, whatever goes wrong before the view."""

import pytest
from django.test import Client

from dossiers.tests.test_intake import APPLICANT

pytestmark = pytest.mark.django_db


def assert_json_error(response, status, error):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == error and response.json()["detail"]


def test_an_unknown_api_address_answers_json(client):
    assert_json_error(client.get("/api/v1/khong-co-dia-chi-nay"), 404, "not_found")
    assert_json_error(client.post("/api/v2/dossiers"), 404, "not_found")


def test_a_missing_csrf_token_answers_json(counter_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(counter_officer)
    assert_json_error(client.post("/api/v1/khong-co", {}), 403, "csrf_failed")
    response = client.post("/api/v1/dossiers", {"procedure": "1.004884", **APPLICANT},
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["error"] == "permission_denied"


def test_an_oversized_body_answers_json(client, counter_officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(counter_officer)
    body = '{"procedure": "1.004884", "summary": "%s"}' % ("x" * 5000)
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response["Content-Type"].startswith("application/json")
    response = client.post("/api/v1/payments/demo/callback", body,
                           content_type="application/json")
    assert_json_error(response, 400, "bad_request")  # over Django's own limit
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
    response = client.post("/api/v1/payments/demo/callback", body * 5,
                           content_type="application/json")
    assert_json_error(response, 400, "too_large")  # over the notification's limit
