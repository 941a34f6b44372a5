"""Officers edit the catalog in the admin; the same rules and history apply."""

import pytest

from catalog.models import Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "x")
    client.force_login(admin)
    return client


def form_data(procedure, durations):
    data = {
        "code": procedure.code, "name": procedure.name, "field": procedure.field_id,
        "level": procedure.level, "implementing_agency": procedure.implementing_agency,
        "steps": procedure.steps, "accepts_counter": "on", "accepts_online": "on",
        "processing_time": "1", "time_unit": "working_day", "applicants": procedure.applicants,
        "result": procedure.result, "online_level": "full", "keywords": procedure.keywords,
    }
    for prefix, model in [("components", "components"), ("form_fields", "form_fields"),
                          ("fees", "fees"),
                          ("legal_bases", "legal_bases"), ("publication_items", "publication_items")]:
        rows = list(getattr(procedure, model).all())
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows),
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.id
            data[f"{prefix}-{i}-procedure"] = procedure.id
            for field in row._meta.fields:
                if field.name in ("id", "procedure") or not field.editable or \
                        field.get_internal_type() == "FileField":
                    continue
                value = getattr(row, field.attname)
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{i}-{field.name}"] = "on"
                elif value is not None:
                    data[f"{prefix}-{i}-{field.attname.removesuffix('_id')}"] = value
    steps = list(procedure.process_steps.all())
    data.update({"process_steps-TOTAL_FORMS": len(steps), "process_steps-INITIAL_FORMS": len(steps),
                 "process_steps-MIN_NUM_FORMS": 0, "process_steps-MAX_NUM_FORMS": 1000})
    for i, (step, duration) in enumerate(zip(steps, durations)):
        data.update({f"process_steps-{i}-id": step.id, f"process_steps-{i}-procedure": procedure.id,
                     f"process_steps-{i}-position": step.position, f"process_steps-{i}-name": step.name,
                     f"process_steps-{i}-role": step.role, f"process_steps-{i}-performer": step.performer,
                     f"process_steps-{i}-duration": duration})
    return data


def test_the_admin_refuses_process_shares_that_do_not_add_up(admin_client, procedure):
    response = admin_client.post(f"/admin/catalog/procedure/{procedure.pk}/change/",
                                 form_data(procedure, ["0.25", "2", "0.25"]))
    assert response.status_code == 200
    assert "khác thời hạn giải quyết" in response.content.decode()
    assert Procedure.objects.get(pk=procedure.pk).version == 1


def test_an_admin_edit_is_kept_as_a_new_version(admin_client, procedure):
    data = form_data(procedure, ["0.25", "0.5", "0.25"])
    data["name"] = "Đăng ký khai sinh (đúng hạn)"
    response = admin_client.post(f"/admin/catalog/procedure/{procedure.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    procedure.refresh_from_db()
    assert procedure.version == 2
    latest = procedure.versions.order_by("-number").first()
    assert latest.source == "admin" and latest.snapshot["name"] == "Đăng ký khai sinh (đúng hạn)"
    assert procedure.search_name == " dang ki khai sinh dung han "


def test_the_admin_speaks_vietnamese(admin_client):
    page = admin_client.get("/admin/catalog/procedure/").content.decode()
    assert "Quản trị hệ thống Một cửa" in page
    assert "công khai đầy đủ" in page.lower()


def test_abolition_follows_the_decisions_recorded_in_the_admin(admin_client, procedure):
    from catalog.models import PublicationDecision, PublicationItem

    decision = PublicationDecision.objects.create(
        number="77/QĐ-UBND", title="Bãi bỏ thủ tục", signed_on="2026-03-01",
        effective_on="2026-03-10")
    data = {"number": decision.number, "title": decision.title, "signed_on": "2026-03-01",
            "effective_on": "2026-03-10", "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
            "items-0-procedure": procedure.pk, "items-0-action": "abolished"}
    response = admin_client.post(f"/admin/catalog/publicationdecision/{decision.pk}/change/", data)
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert str(procedure.abolished_on) == "2026-03-10"
    # Abolition changes no published content, so it adds no version; the decision is listed.
    assert procedure.version == 1
    page = admin_client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert "Bãi bỏ: Quyết định 77/QĐ-UBND" in page

    PublicationItem.objects.filter(decision=decision).delete()
    data = form_data(procedure, ["0.25", "0.5", "0.25"])
    admin_client.post(f"/admin/catalog/procedure/{procedure.pk}/change/", data)
    procedure.refresh_from_db()
    assert procedure.abolished_on is None
