"""At risk and overdue: stored, found by the scan once per term, warned to the right people."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from dossiers.actions import scan_deadlines
from dossiers.models import Dossier, Notice
from dossiers.tests.test_transitions import act, processing

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(client, counter_officer, specialist, commune_leader):
    return {"counter": counter_officer, "specialist": specialist, "leader": commune_leader}


def test_warn_at_is_one_working_day_before_the_due_date(client, cast):
    code = processing(client, cast)  # 5 working days
    dossier = Dossier.objects.get(code=code)
    from workcalendar.calendars import working_minutes_between

    assert working_minutes_between(dossier.warn_at, dossier.due_at) == 450  # 7.5 hours


def test_the_scan_warns_the_assignee_and_the_leader_once(client, cast):
    code = processing(client, cast)
    act(client, cast["leader"], code, "assign", assignee="chuyenvien.hongbang")
    dossier = Dossier.objects.get(code=code)
    at = dossier.warn_at + dt.timedelta(minutes=1)
    assert scan_deadlines(at) == (1, 0)
    assert scan_deadlines(at) == (0, 0)
    notices = Notice.objects.filter(dossier=dossier, kind="at_risk")
    assert {n.user.username for n in notices} == {"chuyenvien.hongbang", "lanhdao.hongbang"}
    dossier.refresh_from_db()
    assert dossier.warned_at == at

    late = dossier.due_at + dt.timedelta(minutes=1)
    assert scan_deadlines(late) == (0, 1)
    dossier.refresh_from_db()
    assert dossier.overdue_since == dossier.due_at
    assert Notice.objects.filter(dossier=dossier, kind="overdue").count() == 2


def test_paused_and_finished_dossiers_are_not_warned(client, cast):
    paused = processing(client, cast)
    act(client, cast["specialist"], paused, "request_supplement", reason="Thiếu",
        missing=["Tờ khai"])
    done = processing(client, cast)
    act(client, cast["specialist"], done, "propose", decision="approve")
    act(client, cast["leader"], done, "approve")
    far = Dossier.objects.get(code=paused).due_at + dt.timedelta(days=30)
    assert scan_deadlines(far) == (0, 0)


def test_a_new_term_resets_the_warnings(client, cast):
    code = processing(client, cast)
    dossier = Dossier.objects.get(code=code)
    scan_deadlines(dossier.warn_at + dt.timedelta(minutes=1))
    act(client, cast["leader"], code, "reappoint", reason="Cần xác minh",
        new_due_at=(dossier.due_at + dt.timedelta(days=7)).isoformat())
    dossier.refresh_from_db()
    from workcalendar.calendars import working_minutes_between

    assert dossier.warned_at is None
    assert working_minutes_between(dossier.warn_at, dossier.due_at) == 450


def test_the_command_and_the_notice_list(client, cast):
    code = processing(client, cast)
    Dossier.objects.filter(code=code).update(
        due_at=Dossier.objects.get(code=code).received_at, warn_at=None)
    out = StringIO()
    call_command("scan_deadlines", stdout=out)
    assert "1 hồ sơ quá hạn mới" in out.getvalue()
    client.force_login(cast["leader"])
    notices = client.get("/api/v1/notices").json()["results"]
    assert [(n["kind"], n["dossier"]) for n in notices] == [("overdue", code)]
