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


def _loose(schema, schemas, where):
    """The places in a request schema that publish no bound: a string with neither maxLength
    nor an enum, format or pattern; an array without maxItems; an integer without minimum."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    kind, found = schema.get("type"), []
    if kind == "string" and not {"maxLength", "enum", "format", "pattern"} & set(schema):
        found.append(where)
    if kind == "array" and "maxItems" not in schema:
        found.append(where)
    if kind == "integer" and not {"minimum", "maximum", "enum"} & set(schema):
        found.append(where)
    for name, inner in (schema.get("properties") or {}).items():
        found += _loose(inner, schemas, f"{where}.{name}")
    if isinstance(schema.get("additionalProperties"), dict):
        found += _loose(schema["additionalProperties"], schemas, f"{where}{{}}")
    if "items" in schema:
        found += _loose(schema["items"], schemas, f"{where}[]")
    for inner in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
        found += _loose(inner, schemas, where)
    return found


def test_every_request_body_publishes_the_limits_the_api_applies():
    """A client written from openapi.yaml sends what the API takes: each text field carries
    the length its check_* refuses beyond (or is a choice, a date, a pattern), each list its
    count, each number its range. A field added without one fails here, before a client
    meets a 400 the schema did not announce."""
    import yaml

    document = yaml.safe_load(SCHEMA.read_text())
    schemas = document["components"]["schemas"]
    loose = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                loose += [f"{method.upper()} {path}: {field}" for field in
                          _loose(media["schema"], schemas, "body")]
    assert not loose, sorted(set(loose))
