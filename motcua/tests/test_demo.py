"""`make run` shows a city at work: every demo account finds work in its inbox, every agency
that procedures route to has staff, every department with staff has procedures, the
dashboard has months of figures, and PAKN are there."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Procedure
from dossiers.actions import dossiers_for_user
from dossiers.models import Dossier
from feedback.models import Petition, Rating
from indicators.models import IndexSnapshot
from units.models import Agency, StaffRole

pytestmark = pytest.mark.django_db


def test_the_demo_is_a_city_at_work(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Thành phố đang làm việc" in out.getvalue()
    now = timezone.now()
    staff = get_user_model().objects.filter(staff_roles__isnull=False).distinct()
    assert staff.count() >= 25
    for user in staff:
        assert dossiers_for_user(user).open().exists(), user.username
    for role, box in ((StaffRole.Role.SPECIALIST, "assignee"),):
        for user in staff.filter(staff_roles__role=role):
            assert Dossier.objects.filter(**{box: user}).exists(), user.username
    for username in ("motcua.tp", "motcua.hongbang"):  # a result to hand back at each counter
        assert dossiers_for_user(staff.get(username=username)).filter(
            status="resolved").exists(), username
    leaders = staff.filter(staff_roles__role=StaffRole.Role.LEADER)
    waiting = [u.username for u in leaders
               if dossiers_for_user(u).filter(proposal__gt="").exists()]
    assert len(waiting) >= len(leaders) - 1  # all but Lê Chân's have something to sign
    everything = Dossier.objects.all()
    assert everything.count() > 300
    assert set(everything.values_list("status", flat=True)) >= {
        "submitted", "received", "processing", "supplement", "payment", "resolved", "returned"}
    assert everything.overdue(now).exists() and everything.at_risk(now).exists()
    assert everything.filter(national_reference__isnull=False).exists()
    # Staff where dossiers go, procedures where staff work.
    routed = set(Procedure.objects.exclude(agency=None).values_list("agency_id", flat=True))
    staffed = set(StaffRole.objects.values_list("agency_id", flat=True))
    assert routed <= staffed
    for agency in Agency.objects.filter(pk__in=staffed, kind=Agency.Kind.DEPARTMENT):
        assert agency.pk in routed, agency.name
    # Assigned tasks in every state, the supervisor's view of them, scores and KPI.
    from directives import report
    from directives.models import MonthlyKPI, Task, UnitTaskScore

    assert Task.objects.count() >= 18
    summary = report.summary(get_user_model().objects.get(username="giamsat"))
    assert all(summary["total"][state] for state in (
        "in_time", "at_risk", "overdue", "done_on_time", "done_late", "cancelled")), summary
    assert set(Task.objects.values_list("status", flat=True)) >= {
        "assigned", "acknowledged", "in_progress", "proposed_done", "done", "cancelled"}
    assert Task.objects.filter(parent__isnull=False).exists()
    assert Task.objects.filter(extensions__status="pending").exists()
    assert Task.objects.filter(extensions__status="granted").exists()
    assert UnitTaskScore.objects.filter(score__isnull=False).count() >= 5
    assert MonthlyKPI.objects.filter(measured__isnull=False).exists()
    # The dashboard's trend, ratings and PAKN.
    assert IndexSnapshot.objects.values("period").distinct().count() >= 6
    assert Rating.objects.exists() and Petition.objects.filter(status="published").exists()
    client.force_login(get_user_model().objects.get(username="giamsat"))
    page = client.get("/can-bo/chi-so/").content.decode()
    assert "Phường Hồng Bàng" in page or "phường Hồng Bàng" in page
    # The reform index's frameworks: last year's, and this year's begun from them.
    from reform.actions import problems
    from reform.models import Framework

    year = timezone.localdate().year
    frameworks = Framework.objects.filter(year__in=[year - 1, year])
    assert sorted(frameworks.values_list("year", "unit_type")) == [
        (year - 1, "commune"), (year - 1, "department"), (year, "commune"), (year, "department")]
    assert all(problems(f) == [] for f in frameworks)
    # Last year's index published with its ranking; this year's in progress, a unit at each
    # step; last quarter's SIPAS round answered, every answer within its unit's sample.
    from reform.models import Assessment, Publication, UnitAssessment
    from surveys.models import Survey

    published = Publication.objects.filter(assessment__framework__year=year - 1)
    assert published.count() == 2 and all(len(p.results) >= 2 for p in published)
    assert all(r["rank"] == 1 for r in published[0].results[:1])
    assert not Assessment.objects.filter(framework__year=year - 1).exclude(
        status="published").exists()
    statuses = set(UnitAssessment.objects.filter(assessment__framework__year=year)
                   .values_list("status", flat=True))
    assert statuses >= {"draft", "submitted", "appraised", "settled"}, statuses
    survey = Survey.objects.get()
    assert survey.status == "closed" and survey.responses.count() > 50
    assert set(survey.responses.values_list("agency__code", flat=True)) <= set(
        survey.plan["units"])
    assert client.get("/hai-long/").status_code == 200
    assert client.get("/chi-so-cai-cach/").status_code == 200
    client.force_login(get_user_model().objects.get(username="lanhdao.hongbang"))
    assert client.get("/can-bo/cai-cach/").status_code == 200
    # Loading again changes nothing.
    before = (Dossier.objects.count(), Framework.objects.count(), Survey.objects.count(),
              Assessment.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Dossier.objects.count(), Framework.objects.count(), Survey.objects.count(),
            Assessment.objects.count()) == before
