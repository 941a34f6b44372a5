from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_naming_the_database_when_it_fails(client):
    with mock.patch("motcua.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "error"


def test_it_is_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_readiness_names_each_part_and_fails_on_an_old_backlog(client, settings):
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    body = client.get("/readyz").json()
    assert body == {"status": "ok", "database": "ok", "cache": "ok", "job_backlog_seconds": 0,
                    "jobs": "ok", "signer": "ok"}
    # A job nobody has taken for an hour: no worker is running.
    from dossiers.actions import check_create, do_create
    from dossiers.tests.test_intake import APPLICANT
    from motcua import test as cast
    from units.models import StaffRole

    officer = cast.make_staff("motcua.sansang", StaffRole.Role.COUNTER_OFFICER,
                              cast.commune_agency(cast.HONG_BANG),
                              cast.commune_center(cast.HONG_BANG))
    do_create(check_create(officer, {"procedure": "1.004884", "receive": True, **APPLICANT}),
              officer)  # its receipt goes out by a job
    assert DBTaskResult.objects.filter(status="READY").exists()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(hours=1))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["jobs"].startswith("error")
    settings.MOTCUA_SIGNING_KEY = "/khong/co/khoa.pem"
    from results import signing

    signing.reset()
    try:
        assert client.get("/readyz").json()["signer"].startswith("error")
    finally:
        signing.reset()
