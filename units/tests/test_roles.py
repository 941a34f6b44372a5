"""Each role gets the permissions of its group; scope narrows the rows."""

import pytest

from units.models import StaffRole

pytestmark = pytest.mark.django_db


def test_a_role_puts_the_account_in_its_group(counter_officer):
    assert list(counter_officer.groups.values_list("name", flat=True)) == [
        "motcua:counter_officer"]
    assert counter_officer.has_perm("catalog.view_procedure")
    assert not counter_officer.has_perm("catalog.change_procedure")


def test_losing_the_role_removes_the_permissions(counter_officer):
    StaffRole.objects.filter(user=counter_officer).delete()
    counter_officer = type(counter_officer).objects.get(pk=counter_officer.pk)
    assert not counter_officer.groups.exists()
    assert not counter_officer.has_perm("catalog.view_procedure")


def test_a_counter_officer_may_read_but_not_edit_the_catalog(client, counter_officer, procedure):
    client.force_login(counter_officer)
    assert client.get("/admin/catalog/procedure/").status_code == 200
    change = client.post(f"/admin/catalog/procedure/{procedure.pk}/change/", {"name": "Đổi tên"})
    assert change.status_code == 403


def test_an_administrator_may_edit_the_catalog(db):
    from motcua.test import make_staff
    from units import identifiers

    admin = make_staff("quantri.tp", StaffRole.Role.ADMINISTRATOR,
                       identifiers.province_committee_code(31))
    assert admin.is_staff
    assert admin.has_perm("catalog.change_procedure")
    assert admin.has_perm("units.add_staffrole")


def test_a_commune_leader_reads_only_their_staff(client, commune_leader, counter_officer,
                                                 other_commune_leader):
    client.force_login(commune_leader)
    page = client.get("/admin/units/staffrole/").content.decode()
    assert "motcua.hongbang" in page and "lanhdao.hongbang" in page
    assert "lanhdao.lechan" not in page
