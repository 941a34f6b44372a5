"""A second factor (TOTP) for staff: set up by scanning a QR code, then asked after the
password on the staff pages, the admin and the API token; required for some roles."""

import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"


def code_of(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def sign_in(client, username):
    response = client.post("/can-bo/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return response


def set_up(client, user):
    page = client.get("/can-bo/bao-mat/")
    assert page.status_code == 200 and "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/can-bo/bao-mat/", {"code": "000000" if code_of(device) != "000000"
                                            else "111111"}).status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    time.sleep(1.1)  # a wrong code holds the next try back a second (django-otp throttling)
    response = client.post("/can-bo/bao-mat/", {"code": code_of(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_once_set_up_the_code_is_asked_after_the_password(client, counter_officer):
    sign_in(client, "motcua.hongbang")
    assert client.get("/can-bo/").status_code == 200  # no second factor yet: not asked
    device = set_up(client, counter_officer)
    client.post("/can-bo/dang-xuat/")
    sign_in(client, "motcua.hongbang")
    response = client.get("/can-bo/")
    assert response.status_code == 302 and "/can-bo/xac-thuc-hai-buoc/" in response["Location"]
    assert client.get("/can-bo/chi-so/").status_code == 302
    wrong = client.post("/can-bo/xac-thuc-hai-buoc/", {"code": "123", "next": "/can-bo/"})
    assert wrong.status_code == 200 and "không đúng" in wrong.content.decode()
    time.sleep(1.1)  # after a wrong code the next try waits a second (throttling)
    # The next step's code (tolerated): the code used at set-up is not valid a second time.
    right = client.post("/can-bo/xac-thuc-hai-buoc/", {"code": code_of(device, drift=1),
                                                       "next": "/can-bo/"})
    assert right.status_code == 302 and right["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200


def test_some_roles_must_set_one_up_before_anything(client, supervisor, settings):
    settings.MOTCUA_OTP_REQUIRED_FOR = ["supervisor", "superuser"]
    sign_in(client, supervisor.username)
    response = client.get("/can-bo/chi-so/")
    assert response.status_code == 302 and "/can-bo/bao-mat/" in response["Location"]
    set_up(client, supervisor)
    assert client.get("/can-bo/chi-so/").status_code == 200


def test_the_admin_and_the_api_token_ask_for_it_too(client, settings):
    from motcua import test as cast

    admin = cast.make_user("quantri.thu", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="Điện thoại", confirmed=True)
    client.post("/admin/login/?next=/admin/", {"username": "quantri.thu", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and "/can-bo/xac-thuc-hai-buoc/" in response["Location"]
    token = client.post("/api/v1/auth/token", {"username": "quantri.thu", "password": PASSWORD})
    assert token.status_code == 400 and "otp" in token.json()["fields"]
    token = client.post("/api/v1/auth/token", {"username": "quantri.thu", "password": PASSWORD,
                                               "otp": "1" * 17})  # past its maxLength
    assert token.status_code == 400 and "otp" in token.json()["fields"]
    code = code_of(device)
    # Typed as the app shows it, in two groups: the digits are the code, as on the page.
    token = client.post("/api/v1/auth/token", {"username": "quantri.thu", "password": PASSWORD,
                                               "otp": f"{code[:3]} {code[3:]}"})
    assert token.status_code == 200 and token.json()["token"]
