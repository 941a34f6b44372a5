"""Password sign-in is limited per account and per address (django-axes): after 5 failures the
right password is refused too, on the staff page, the admin and the API token, until an
administrator lifts the lock; the failures are logged."""

import logging

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

RIGHT = "mat-khau-thu-nghiem"


def staff_sign_in(client, password, username="motcua.hongbang", address="192.0.2.10"):
    return client.post("/can-bo/dang-nhap/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, counter_officer,
                                                                      caplog):
    with caplog.at_level(logging.INFO):
        for _ in range(4):
            assert staff_sign_in(client, "sai-mat-khau").status_code == 200
        assert staff_sign_in(client, "sai-mat-khau").status_code == 429  # the fifth locks
    assert any("failure" in r.getMessage().lower() for r in caplog.records)
    locked = staff_sign_in(client, RIGHT)
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert "khóa" in locked.content.decode()
    # From another address too: the account is locked, not only the address.
    assert staff_sign_in(client, RIGHT, address="192.0.2.99").status_code == 429
    # The API token is refused as well, in JSON.
    response = client.post("/api/v1/auth/token", {"username": "motcua.hongbang",
                                                  "password": RIGHT}, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 429 and response.json()["error"] == "locked_out"
    # An administrator lifts it.
    call_command("axes_reset_username", "motcua.hongbang")
    response = staff_sign_in(client, RIGHT, address="192.0.2.11")
    assert response.status_code == 302 and response["Location"] == "/can-bo/"


def test_an_address_trying_many_accounts_is_locked(client, counter_officer, commune_leader):
    for i in range(5):
        staff_sign_in(client, "sai-mat-khau", username=f"khong-co-{i}", address="192.0.2.77")
    assert staff_sign_in(client, RIGHT, address="192.0.2.77").status_code == 429
    assert staff_sign_in(client, RIGHT, username="lanhdao.hongbang",
                         address="192.0.2.78").status_code == 302


def test_the_admin_sign_in_is_limited_too(client, settings):
    from motcua import test as cast

    cast.make_user("quantri.thu", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "quantri.thu", "password": "sai"},
                    REMOTE_ADDR="192.0.2.30")
    response = client.post("/admin/login/?next=/admin/", {"username": "quantri.thu",
                                                          "password": RIGHT},
                           REMOTE_ADDR="192.0.2.31")
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_a_client_cannot_choose_its_address_with_x_forwarded_for(client, counter_officer):
    for i in range(5):
        client.post("/can-bo/dang-nhap/", {"username": f"khong-co-{i}", "password": "sai"},
                    REMOTE_ADDR="192.0.2.88", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = client.post("/can-bo/dang-nhap/", {"username": "motcua.hongbang",
                                                  "password": RIGHT},
                           REMOTE_ADDR="192.0.2.88", HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429


def test_each_lockout_within_a_day_lasts_twice_as_long(client, counter_officer, settings):
    from axes.models import AccessAttempt
    from django.test import RequestFactory

    from motcua.signin import cool_off

    request = RequestFactory().post("/can-bo/dang-nhap/", {"username": "motcua.hongbang"},
                                    REMOTE_ADDR="192.0.2.60")
    assert cool_off(request).total_seconds() == 30 * 60
    for _round in range(3):
        for _ in range(5):
            staff_sign_in(client, "sai-mat-khau", address="192.0.2.60")
        AccessAttempt.objects.all().delete()  # the lockout has run out
    assert cool_off(request).total_seconds() == 4 * 30 * 60  # third lockout: 30 × 2 × 2
    # Once the lock runs out, the right password signs in.
    assert staff_sign_in(client, RIGHT, address="192.0.2.61").status_code == 302


def test_thousands_of_failures_lock_for_a_day_not_fail(client, counter_officer):
    """A patient guesser from one address: the lockout stops growing at a day, and the API
    keeps answering 429 (a power of two taken whole overflowed timedelta: a 500)."""
    from axes.models import AccessFailureLog
    from django.test import RequestFactory
    from django.utils import timezone

    from motcua.signin import cool_off

    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username=f"doan-{i}", ip_address="192.0.2.70", user_agent="curl",
                         path_info="/api/v1/auth/token", attempt_time=timezone.now(),
                         locked_out=False)
        for i in range(3000))
    request = RequestFactory().post("/api/v1/auth/token", {"username": "doan-1"},
                                    REMOTE_ADDR="192.0.2.70")
    assert cool_off(request).total_seconds() == 24 * 3600
    for _ in range(6):  # the address's sixth failure in a row is locked out
        response = client.post("/api/v1/auth/token", {"username": "doan-1", "password": "sai"},
                               REMOTE_ADDR="192.0.2.70")
    assert response.status_code == 429 and response.json()["error"] == "locked_out"
    assert "1440" in response.json()["detail"]


def test_an_ipv6_network_taking_a_new_address_for_each_try_is_locked(client, counter_officer,
                                                                     commune_leader):
    """Every try from a new address of one /64 (as any subscriber can) is the same client: the
    sixth is refused even with the right password; another network is not."""
    for i in range(5):
        staff_sign_in(client, "sai-mat-khau", username=f"khong-co-{i}",
                      address=f"2001:db8:7:8:{i:x}:{i:x}::1")
    assert staff_sign_in(client, RIGHT, address="2001:db8:7:8:ffff::9").status_code == 429
    assert staff_sign_in(client, RIGHT, username="lanhdao.hongbang",
                         address="2001:db8:7:9::1").status_code == 302
    # An administrator lifts the network's lock by the address it is counted as (README).
    call_command("axes_reset_ip", "2001:db8:7:8::")
    assert staff_sign_in(client, RIGHT, address="2001:db8:7:8:1::1").status_code == 302
