"""Which parts a procedure lacks (Decision 766 indicator 1.3)."""

import pytest

from catalog.actions import refresh_derived
from catalog.models import Procedure

pytestmark = pytest.mark.django_db


def test_removing_a_part_makes_the_procedure_not_fully_published(procedure):
    procedure.legal_bases.all().delete()
    Procedure.objects.filter(pk=procedure.pk).update(applicants="")
    procedure = refresh_derived(procedure)
    assert procedure.missing_parts == ["applicants", "legal_basis"]
    assert not Procedure.objects.get(pk=procedure.pk).fully_published


def test_a_procedure_declared_free_has_its_fee_part(procedure):
    procedure.fees.all().delete()
    assert "fees" in refresh_derived(procedure).missing_parts
    Procedure.objects.filter(pk=procedure.pk).update(no_fee=True)
    assert refresh_derived(procedure).missing_parts == []


def test_the_required_parts_are_configurable(procedure, settings):
    procedure.process_steps.all().delete()
    assert refresh_derived(procedure).missing_parts == ["internal_process"]
    settings.MOTCUA_REQUIRED_PROCEDURE_PARTS = ["name", "steps", "legal_basis"]
    assert refresh_derived(procedure).missing_parts == []


def test_the_api_filters_procedures_not_fully_published(client):
    body = client.get("/api/v1/procedures?fully_published=false").json()
    assert [p["code"] for p in body["results"]] == ["1.010831"]
