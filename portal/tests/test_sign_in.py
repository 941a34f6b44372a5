"""Citizens sign in through an identity provider (the demo one here; VNeID is tested in
integrations/tests/test_oidc.py) and never reach the staff pages."""

import pytest

from portal.models import IdentityLink, Person

pytestmark = pytest.mark.django_db


def test_the_demo_provider_signs_a_person_in_and_remembers_them(client):
    page = client.get("/dang-nhap/").content.decode()
    assert "Đăng nhập bằng Định danh thử nghiệm" in page
    page = client.get("/dang-nhap/demo/?next=/ho-so-cua-toi/").content.decode()
    assert "Phạm Thị Hồng" in page and "hư cấu" in page
    response = client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031190004567"})
    assert response.status_code == 302 and response["Location"] == "/ho-so-cua-toi/"
    person = Person.objects.get(id_number="031190004567")
    assert person.full_name == "Phạm Thị Hồng" and person.phone == "0912345678"
    assert person.vneid is False
    assert "Hồ sơ của tôi" in client.get("/ho-so-cua-toi/").content.decode()
    # Signing in again is the same account.
    client.logout()
    client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031190004567"})
    assert IdentityLink.objects.filter(provider="demo").count() == 1


def test_a_wrong_answer_signs_nobody_in(client):
    response = client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "000000000000"}, follow=True)
    assert "Hãy chọn một người trong danh sách thử nghiệm." in response.content.decode()
    assert client.get("/ho-so-cua-toi/").status_code == 302  # still signed out
    assert client.get("/dang-nhap/khong-co/").status_code == 404


def test_only_local_addresses_are_followed_after_sign_in(client):
    client.get("/dang-nhap/demo/?next=https://lua-dao.example/")
    response = client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031190004567"})
    assert response["Location"] == "/ho-so-cua-toi/"


def test_a_citizen_never_reaches_the_staff_pages(client, person):
    assert client.get("/can-bo/").status_code == 403
    assert client.get("/can-bo/tiep-nhan/").status_code == 403
    assert client.get("/api/v1/notices").status_code == 403


def test_signing_out(client, person):
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert client.get("/ho-so-cua-toi/")["Location"].startswith("/dang-nhap/")


def test_a_business_signs_in_with_its_organisation_account(client):
    page = client.get("/dang-nhap/demo/").content.decode()
    assert "Công ty TNHH Thương mại và Dịch vụ Cảng Xanh" in page
    client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031078006789"})  # Vũ Đức Thắng
    client.logout()
    response = client.post("/dang-nhap/demo/xac-thuc/", {"tax_code": "0201987654"})
    assert response.status_code == 302
    business = Person.objects.get(tax_code="0201987654")
    # The organisation's account is not the representative's own account.
    assert business.user != Person.objects.get(tax_code="").user
    assert business.full_name == "Vũ Đức Thắng" and business.id_number == "031078006789"
    assert business.organization_name == "Công ty TNHH Thương mại và Dịch vụ Cảng Xanh"
    assert "Công ty TNHH Thương mại và Dịch vụ Cảng Xanh" in \
        client.get("/ho-so-cua-toi/").content.decode()
    response = client.post("/dang-nhap/demo/xac-thuc/", {"tax_code": "0309999999"}, follow=True)
    assert "Hãy chọn một người trong danh sách thử nghiệm." in response.content.decode()
