"""An officer sees only the organisations of their units; supervisors see the province."""

import pytest

from units.access import agencies_for_user, service_centers_for_user
from units.models import Agency

pytestmark = pytest.mark.django_db


def test_a_commune_leader_sees_only_their_commune(commune_leader):
    agencies = agencies_for_user(commune_leader)
    assert list(agencies.values_list("name", flat=True)) == ["Ủy ban nhân dân phường Hồng Bàng"]
    centers = service_centers_for_user(commune_leader)
    assert list(centers.values_list("unit__code", flat=True)) == [11311]


def test_a_leader_of_another_commune_does_not_see_the_first(commune_leader, other_commune_leader):
    names = set(agencies_for_user(other_commune_leader).values_list("name", flat=True))
    assert names == {"Ủy ban nhân dân phường Lê Chân"}


def test_a_city_supervisor_sees_every_agency_of_the_city(supervisor):
    assert agencies_for_user(supervisor).count() == Agency.objects.filter(unit__code=31).count() + \
        Agency.objects.filter(unit__parent__code=31).count()


def test_a_department_leader_sees_the_department_not_the_city(db):
    from motcua.test import make_staff
    from units.models import StaffRole

    leader = make_staff("lanhdao.stp", StaffRole.Role.LEADER, "000.00.03.H26")
    assert list(agencies_for_user(leader).values_list("code", flat=True)) == ["000.00.03.H26"]


def test_a_citizen_sees_no_organisation(citizen):
    assert not agencies_for_user(citizen).exists()


def test_the_admin_applies_the_scope(client, commune_leader, supervisor):
    from django.contrib.auth.models import Permission

    view = Permission.objects.get(codename="view_agency")
    commune_leader.user_permissions.add(view)
    supervisor.user_permissions.add(view)
    client.force_login(commune_leader)
    page = client.get("/admin/units/agency/").content.decode()
    assert "Ủy ban nhân dân phường Hồng Bàng" in page
    assert "Ủy ban nhân dân phường Lê Chân" not in page
    assert "1 cơ quan" in page
    client.force_login(supervisor)
    page = client.get("/admin/units/agency/?q=Lê+Chân").content.decode()
    assert "Ủy ban nhân dân phường Lê Chân" in page
