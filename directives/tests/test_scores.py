"""Scores on designed months, to the exact value: a unit's task score (on time, late by working
days down to the floor, overdue, weights by priority and part), and a civil servant's monthly
KPI from their dossier steps, supplement requests, ratings and tasks, then the year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directives import kpi, scores
from directives.models import Directive, MonthlyKPI, Task
from dossiers.actions import check_create, do_create
from dossiers.models import DossierEvent
from dossiers.tests.test_intake import APPLICANT
from feedback.models import Rating
from motcua import test as cast
from units import identifiers
from units.models import Agency

pytestmark = pytest.mark.django_db

STP = identifiers.department_code(cast.PROVINCE, 3)
SNV = identifiers.department_code(cast.PROVINCE, 2)
AT = timezone.make_aware(dt.datetime(2026, 11, 15, 9, 0))  # when October is judged


def moment(day, hour=17):
    return timezone.make_aware(dt.datetime(2026, 10, day, hour, 0) if isinstance(day, int)
                               else dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def plan(db):
    return Directive.objects.create(
        kind="plan", number="125/KH-UBND", issued_on=dt.date(2026, 1, 15),
        issuer=Agency.objects.get(code=identifiers.province_committee_code(cast.PROVINCE)),
        title="Kế hoạch cải cách hành chính năm 2026", signer_name="Lê Anh Quân")


def task(plan, lead, *, due, priority="normal", status="assigned", completed=None,
         supporting=(), assignee=None, content="Nhiệm vụ"):
    made = Task.objects.create(
        code=f"NV-{Task.objects.count() + 1:04d}", directive=plan, content=content,
        lead=Agency.objects.get(code=lead), priority=priority, status=status, due_at=due,
        original_due_at=due, assigned_at=moment(1, 8), completed_at=completed,
        closed_at=completed if status in ("done", "cancelled") else None, assignee=assignee)
    made.supporting.set(Agency.objects.filter(code__in=supporting))
    return made


def test_a_unit_s_task_score_on_a_designed_month(plan):
    task(plan, STP, due=moment(15), status="done", completed=moment(14))  # on time: 100 × 1
    # High priority, done 3 working days late (Thu 08/10 → Tue 13/10): 100 − 3 × 5 = 85 × 1.5
    task(plan, STP, due=moment(8), priority="high", status="done", completed=moment(13, 10))
    # 20 working days late (01/10 → 29/10): 0, held at the floor of 50 × 1
    task(plan, STP, due=moment(1), status="done", completed=moment(29, 10))
    task(plan, STP, due=moment(20), priority="low")  # overdue and open: 0 × 0.5
    task(plan, STP, due=moment(21), status="cancelled", completed=moment(5))  # not counted
    task(plan, STP, due=moment(21) + dt.timedelta(days=20))  # due in November: not counted
    # Supported by Sở Tư pháp, led by Sở Nội vụ, done on time: 100 × 0.3 for the support
    task(plan, SNV, due=moment(22), status="done", completed=moment(20), supporting=[STP])
    score, tally = scores.unit_score(Agency.objects.get(code=STP), "2026-10", AT)
    # (100 + 127.5 + 50 + 0 + 30) / (1 + 1.5 + 1 + 0.5 + 0.3) = 307.5 / 4.3
    assert score == Decimal("71.51")
    assert tally == {"in_time": 0, "at_risk": 0, "overdue": 1, "done_on_time": 2,
                     "done_late": 2, "cancelled": 1, "tasks": 5}
    assert scores.unit_score(Agency.objects.get(code=SNV), "2026-10", AT)[0] == Decimal("100.00")
    assert scores.compute_unit_scores("2026-10", AT) == 2
    stored = Agency.objects.get(code=STP).task_scores.get(period="2026-10")
    assert stored.score == Decimal("71.51") and stored.tasks == 5
    # Nothing due: no score (not a zero).
    assert scores.unit_score(Agency.objects.get(code=STP), "2026-08", AT) == (None, {
        "in_time": 0, "at_risk": 0, "overdue": 0, "done_on_time": 0, "done_late": 0,
        "cancelled": 0, "tasks": 0})


def test_a_civil_servant_s_month_and_year(plan, counter_officer, specialist, commune_leader,
                                          other_commune_leader):
    hong_bang = cast.commune_agency(cast.HONG_BANG)
    dossiers = [do_create(check_create(counter_officer, {
        "procedure": "1.004884", "receive": True, **APPLICANT}), counter_officer)
        for _ in range(3)]
    # Three steps she closed in October: on time, late, and a supplement request on time.
    for dossier, action, due, at in [
            (dossiers[0], "hand_over", moment(12), moment(9, 10)),
            (dossiers[1], "hand_over", moment(12), moment(14, 10)),
            (dossiers[2], "request_supplement", moment(20), moment(16, 10))]:
        DossierEvent.objects.filter(dossier=dossier, seq=2).update(step_due_at=due)
        DossierEvent.objects.create(dossier=dossier, seq=3, action=action, from_status="processing",
                                    to_status="processing", actor=specialist, role="specialist",
                                    agency=dossier.agency, at=at)
    # Their ratings in October: one satisfied, one not.
    for dossier, level in [(dossiers[0], "satisfied"), (dossiers[1], "dissatisfied")]:
        rating = Rating.objects.create(dossier=dossier, agency=dossier.agency, channel="link",
                                       overall=level)
        Rating.objects.filter(pk=rating.pk).update(created_at=moment(25, 10))
    # Her tasks due in October: one done on time (100 × 1), one high and overdue (0 × 1.5).
    task(plan, hong_bang, due=moment(10), status="done", completed=moment(9),
         assignee=specialist)
    task(plan, hong_bang, due=moment(20), priority="high", assignee=specialist)
    measured, criteria = scores.measure(specialist, "2026-10", AT)
    assert criteria["dossiers"] == {"steps": 3, "on_time": 2, "score": "66.67"}
    assert criteria["supplements"] == {"requests": 1, "score": "90.00"}
    assert criteria["ratings"] == {"ratings": 2, "satisfied": 1, "score": "50.00"}
    assert criteria["tasks"] == {"tasks": 2, "score": "40.00"}
    # (66.67 × 40 + 40 × 30 + 90 × 10 + 50 × 20) / 100
    assert measured == Decimal("57.67")
    assert scores.compute_kpi("2026-10", [specialist], AT) == 1
    month = MonthlyKPI.objects.get(user=specialist, month="2026-10")
    assert month.measured == Decimal("57.67") and month.total is None
    # The leader adds the qualitative part: 0.8 × 57.67 + 0.2 × 80 = 62.14.
    with pytest.raises(PermissionDenied):
        kpi.check_qualitative(other_commune_leader, month, {"qualitative": "80",
                                                            "comment": "Hoàn thành tốt"})
    for odd in ("NaN", "sNaN", "1e309", "Infinity", "100.01", "-0.5", True, [80]):
        with pytest.raises(ValidationError):  # comparing a NaN raised: a 500 on the page
            kpi.check_qualitative(commune_leader, month, {
                "qualitative": odd, "comment": "Chủ động, cần giảm hồ sơ trễ hạn"})
        with pytest.raises(ValidationError):
            kpi.check_year(commune_leader, specialist, {"year": "2026", "general": odd})
    cleaned = kpi.check_qualitative(commune_leader, month, {
        "qualitative": "80", "comment": "Chủ động, cần giảm hồ sơ trễ hạn"})
    month = kpi.do_qualitative(commune_leader, month, cleaned)
    assert month.total == Decimal("62.14")
    assert scores.band(month.total) == "Hoàn thành nhiệm vụ"
    # Recomputing keeps the leader's part; she acknowledges her month.
    scores.compute_kpi("2026-10", [specialist], AT)
    month.refresh_from_db()
    assert month.qualitative == Decimal("80.00") and month.total == Decimal("62.14")
    kpi.do_acknowledge(specialist, month, kpi.check_acknowledge(specialist, month, {}))
    # The year: 0.7 × 62.14 + 0.3 × 90 = 70.50.
    year = kpi.do_year(commune_leader, specialist, kpi.check_year(
        commune_leader, specialist, {"year": "2026", "general": "90"}))
    assert (year.monthly_mean, year.total) == (Decimal("62.14"), Decimal("70.50"))
    assert year.band == "Hoàn thành tốt nhiệm vụ"
    # A civil servant sees only their own months; a leader their unit's, never another's.
    assert list(kpi.visible(specialist)) == [month]
    assert month in kpi.visible(commune_leader)
    assert month not in kpi.visible(other_commune_leader)


def test_the_outcome_reads_the_same_in_python_and_in_sql(plan):
    """Every outcome, by the one-task rule and by the database count the overview uses."""
    at = AT
    made = [
        task(plan, STP, due=at + dt.timedelta(days=20)),  # in time
        task(plan, STP, due=at + dt.timedelta(days=2)),  # at risk (warned from 4 days before)
        task(plan, STP, due=at - dt.timedelta(days=1)),  # overdue
        task(plan, STP, due=at - dt.timedelta(days=1), status="proposed_done",
             completed=at - dt.timedelta(days=2)),  # reported in time, to confirm: in time
        task(plan, STP, due=at - dt.timedelta(days=3), status="proposed_done",
             completed=at - dt.timedelta(days=1)),  # reported late, to confirm: overdue
        task(plan, STP, due=at - dt.timedelta(days=5), status="done",
             completed=at - dt.timedelta(days=6)),
        task(plan, STP, due=at - dt.timedelta(days=5), status="done",
             completed=at - dt.timedelta(days=4)),
        task(plan, STP, due=at, status="cancelled", completed=at - dt.timedelta(days=9)),
    ]
    for item in made:
        item.warn_at = item.due_at - dt.timedelta(days=4)
        item.save()
    expected = {name: 0 for name in scores.OUTCOMES}
    for item in made:
        expected[scores.outcome(item, at)] += 1
    assert expected == {"in_time": 2, "at_risk": 1, "overdue": 2, "done_on_time": 1,
                        "done_late": 1, "cancelled": 1}
    # The overview's grouped count (GROUPING SETS on PostgreSQL), and the drill-down filters.
    from django.contrib.auth import get_user_model

    from directives import report

    everyone = get_user_model().objects.create_superuser("quantri.thu", "", "x")
    counted = report.summary(everyone, at=at)["total"]
    assert {name: counted[name] for name in scores.OUTCOMES} == expected
    assert counted["total"] == len(made)
    for item in made:  # and one by one
        (match,) = [name for name, q in scores.outcome_q(at).items()
                    if Task.objects.filter(q, pk=item.pk).exists()]
        assert match == scores.outcome(item, at)
