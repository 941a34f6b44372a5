from pathlib import Path

import pytest
from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[2] / "openapi.yaml"


def test_the_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == SCHEMA.read_text(), (
        "openapi.yaml is out of date: run `make schema` and commit it")


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    assert b"/api/v1/procedures/{code}" in response.content
