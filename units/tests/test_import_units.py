from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from units.models import AdministrativeUnit, Agency, ServiceCenter

pytestmark = pytest.mark.django_db


def test_hai_phong_has_114_commune_level_units_with_official_codes():
    hai_phong = AdministrativeUnit.objects.get(code=31)
    communes = AdministrativeUnit.objects.filter(parent=hai_phong)
    assert hai_phong.name == "Thành phố Hải Phòng"
    assert communes.count() == 114
    assert communes.get(code=11311).name == "Phường Hồng Bàng"
    assert set(communes.values_list("division_type", flat=True)) == {"xã", "phường", "đặc khu"}


def test_each_commune_gets_a_peoples_committee_and_a_service_center():
    hong_bang = AdministrativeUnit.objects.get(code=11311)
    committee = Agency.objects.get(unit=hong_bang, kind=Agency.Kind.COMMUNE_COMMITTEE)
    assert committee.name == "Ủy ban nhân dân phường Hồng Bàng"
    assert committee.code == "000.11311.00.H26"
    center = ServiceCenter.objects.get(unit=hong_bang)
    assert center.agency == committee
    assert center.code == "001.11311.00.H26"


def test_the_city_has_its_committee_departments_and_center():
    city = Agency.objects.get(code="000.00.00.H26")
    assert city.name == "Ủy ban nhân dân thành phố Hải Phòng"
    assert Agency.objects.get(code="000.00.03.H26").name == "Sở Tư pháp thành phố Hải Phòng"
    assert Agency.objects.filter(parent=city, kind=Agency.Kind.DEPARTMENT).count() == 12
    assert ServiceCenter.objects.get(code="000.00.31.H26").agency == city


def test_importing_again_changes_nothing():
    before = (AdministrativeUnit.objects.count(), Agency.objects.count(),
              ServiceCenter.objects.count())
    out = StringIO()
    call_command("import_units", province=[31], stdout=out)
    after = (AdministrativeUnit.objects.count(), Agency.objects.count(),
             ServiceCenter.objects.count())
    assert before == after
    assert "mới: 0 đơn vị, 0 cơ quan, 0 trung tâm" in out.getvalue()


def test_any_province_can_be_imported():
    call_command("import_units", province=[1], stdout=StringIO())
    ha_noi = AdministrativeUnit.objects.get(code=1)
    assert ha_noi.name == "Thành phố Hà Nội"
    assert ha_noi.children.count() == 126
    assert Agency.objects.get(code="000.00.00.P01").name == "Ủy ban nhân dân thành phố Hà Nội"


def test_an_unknown_province_is_refused_with_the_valid_codes():
    with pytest.raises(CommandError, match="Mã tỉnh không tồn tại: 99"):
        call_command("import_units", province=[99], stdout=StringIO())
