"""How tasks end, the units' task scores and civil servants' monthly KPI.

A task ends as one of (outcome):
- done_on_time / done_late: confirmed done, judged on when the unit reported it done
  (`completed_at`) against the deadline in force (an extension granted moves it);
- overdue: open past its deadline (or reported done only after it, and not yet confirmed);
- cancelled;
and while open it is in_time or at_risk (past its first reminder, `warn_at`).

Scores follow settings MOTCUA_TASK_SCORING (the province's scoring rules are its own
decision; Hải Phòng "chấm điểm kết quả thực hiện nhiệm vụ … bằng phần mềm", to verify
against its current regulation): a task done on time counts `on_time` points, a late one loses
`late_per_working_day` per working day late down to `late_floor`, an overdue one counts
`overdue`; each is weighted by its priority and by the unit's part (lead or support).

A unit's score for a month is over the tasks due in that month, as they stand when it is
computed (a task done in a later month changes the month it was due in): stored monthly as
UnitTaskScore, the reform index's criterion.

KPI (MOTCUA_KPI, the draft decree on civil servants' evaluation, to verify): each month a civil
servant's measured score is the weighted mean of the criteria that apply to them:
- dossiers: the share of the dossier steps they closed in the month within the step's time;
- tasks: the task points of the tasks and sub-tasks in their charge due in the month;
- supplements: `supplement_penalty` points off 100 per supplement request they made;
- ratings: the share of satisfied ratings of the dossiers they handled, given in the month.
The month's score adds the leader's qualitative score (weights `measured` and `qualitative`);
the year is `monthly` × the mean of the months + `general` × the general criteria, and the
bands name the result (Decree 90/2020/NĐ-CP's four levels).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from directives.lifecycle import WORKING
from directives.models import MonthlyKPI, Task, UnitTaskScore, YearEvaluation
from workcalendar import calendars

S = Task.Status
TWO = Decimal("0.01")
OUTCOMES = ("in_time", "at_risk", "overdue", "done_on_time", "done_late", "cancelled")
OUTCOME_LABELS = {
    "in_time": gettext_lazy("In progress, in time"), "at_risk": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"), "done_on_time": gettext_lazy("Done on time"),
    "done_late": gettext_lazy("Done late"), "cancelled": gettext_lazy("Cancelled"),
}


def _round(value):
    return None if value is None else Decimal(value).quantize(TWO, ROUND_HALF_UP)


def outcome(task, at=None):
    at = at or timezone.now()
    if task.status == S.CANCELLED:
        return "cancelled"
    if task.status == S.DONE:
        return "done_on_time" if task.completed_at <= task.due_at else "done_late"
    if task.status == S.PROPOSED_DONE:
        return "in_time" if task.completed_at <= task.due_at else "overdue"
    if at > task.due_at:
        return "overdue"
    if task.warn_at and at >= task.warn_at:
        return "at_risk"
    return "in_time"


def outcome_q(at):
    """The same rule as a database filter per outcome, for counting many tasks at once."""
    working = sorted(WORKING)
    return {
        "cancelled": Q(status=S.CANCELLED),
        "done_on_time": Q(status=S.DONE, completed_at__lte=F("due_at")),
        "done_late": Q(status=S.DONE, completed_at__gt=F("due_at")),
        "overdue": Q(status__in=working, due_at__lt=at)
        | Q(status=S.PROPOSED_DONE, completed_at__gt=F("due_at")),
        "at_risk": Q(status__in=working, due_at__gte=at, warn_at__lte=at),
        "in_time": Q(status__in=working, due_at__gte=at) & (Q(warn_at__isnull=True)
                                                            | Q(warn_at__gt=at))
        | Q(status=S.PROPOSED_DONE, completed_at__lte=F("due_at")),
    }


def working_days_late(task):
    late = calendars.working_days_between(timezone.localdate(task.due_at),
                                          timezone.localdate(task.completed_at))
    return max(late, 1)


def points(task, at=None):
    """The task's points as it stands, or None while it is not yet due (not counted)."""
    rules = settings.MOTCUA_TASK_SCORING
    state = outcome(task, at)
    if state == "done_on_time":
        return Decimal(rules["on_time"])
    if state == "done_late":
        return max(Decimal(rules["late_floor"]), Decimal(rules["on_time"])
                   - Decimal(rules["late_per_working_day"]) * working_days_late(task))
    if state == "overdue":
        return Decimal(rules["overdue"])
    return None


def month_bounds(label):
    year, month = (int(part) for part in label.split("-"))
    tz = timezone.get_default_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, end


def _weighted(rows):
    """Σ points × weight / Σ weight over (points, weight) with points not None."""
    rows = [(p, w) for p, w in rows if p is not None and w > 0]
    total = sum((w for _, w in rows), Decimal(0))
    return _round(sum((p * w for p, w in rows), Decimal(0)) / total) if total else None


def unit_score(agency, label, at=None):
    """(score or None, {outcome: n, "tasks": n}) of `agency` for the month `label`."""
    rules = settings.MOTCUA_TASK_SCORING
    start, end = month_bounds(label)
    due = Task.objects.filter(due_at__gte=start, due_at__lt=end).select_related("parent")
    led = due.filter(lead=agency).exclude(parent__lead=agency)  # not its own internal split
    supported = due.filter(supporting=agency).exclude(lead=agency)
    rows, tally = [], {name: 0 for name in OUTCOMES}
    for task, part in [(t, "lead") for t in led] + [(t, "support") for t in supported]:
        tally[outcome(task, at)] += 1
        rows.append((points(task, at), Decimal(str(rules["priority"][task.priority]))
                     * Decimal(str(rules[part]))))
    counted = sum(1 for p, _ in rows if p is not None)
    return _weighted(rows), {**tally, "tasks": counted}


def compute_unit_scores(label, at=None):
    """Store every unit's score for the month (the scheduler's `task_scores` job)."""
    from units.models import Agency

    agencies = Agency.objects.filter(Q(led_tasks__isnull=False) | Q(supported_tasks__isnull=False)) \
        .distinct()
    stored = 0
    for agency in agencies:
        score, tally = unit_score(agency, label, at)
        UnitTaskScore.objects.update_or_create(
            agency=agency, period=label, defaults={"score": score, "tasks": tally["tasks"],
                                                   "counts": tally,
                                                   "computed_at": timezone.now()})
        stored += 1
    return stored


# ----------------------------------------------------------------------------- KPI


def _dossier_steps(user, start, end):
    """(steps closed in the month, of them on time, supplement requests made) by the user."""
    from dossiers.models import DossierEvent

    events = list(DossierEvent.objects.filter(actor=user, at__gte=start, at__lt=end)
                  .values("dossier_id", "seq", "at", "action"))
    if not events:
        return 0, 0, 0
    previous = {(e["dossier_id"], e["seq"]): e["step_due_at"] for e in DossierEvent.objects
                .filter(dossier_id__in={e["dossier_id"] for e in events},
                        step_due_at__isnull=False).values("dossier_id", "seq", "step_due_at")}
    steps = on_time = 0
    for event in events:
        due = previous.get((event["dossier_id"], event["seq"] - 1))
        if due is not None:
            steps += 1
            on_time += event["at"] <= due
    supplements = sum(1 for e in events if e["action"] == "request_supplement")
    return steps, on_time, supplements


def _ratings(user, start, end):
    from dossiers.models import DossierEvent
    from feedback.models import Level, Rating

    handled = DossierEvent.objects.filter(actor=user).values("dossier_id")
    ratings = Rating.objects.filter(dossier_id__in=handled, created_at__gte=start,
                                    created_at__lt=end)
    figures = ratings.aggregate(n=Count("id"), good=Count("id", filter=Q(
        overall=Level.SATISFIED)))
    return figures["n"], figures["good"]


def measure(user, label, at=None):
    """(measured score or None, criteria) of a civil servant's month."""
    rules = settings.MOTCUA_KPI
    start, end = month_bounds(label)
    steps, on_time, supplements = _dossier_steps(user, start, end)
    n_ratings, satisfied = _ratings(user, start, end)
    tasks = list(Task.objects.filter(assignee=user, due_at__gte=start, due_at__lt=end))
    task_rows = [(points(t, at), Decimal(str(settings.MOTCUA_TASK_SCORING["priority"][
        t.priority]))) for t in tasks]
    criteria = {
        "dossiers": {"steps": steps, "on_time": on_time,
                     "score": _round(Decimal(100) * on_time / steps) if steps else None},
        "tasks": {"tasks": sum(1 for p, _ in task_rows if p is not None),
                  "score": _weighted(task_rows)},
        "supplements": {"requests": supplements, "score": _round(max(
            Decimal(0), Decimal(100) - Decimal(rules["supplement_penalty"]) * supplements))
            if steps or supplements else None},
        "ratings": {"ratings": n_ratings, "satisfied": satisfied,
                    "score": _round(Decimal(100) * satisfied / n_ratings) if n_ratings
                    else None},
    }
    measured = _weighted([(c["score"], Decimal(str(rules["weights"][name])))
                          for name, c in criteria.items()])
    return measured, {name: {k: (str(v) if isinstance(v, Decimal) else v)
                             for k, v in c.items()} for name, c in criteria.items()}


def month_total(measured, qualitative):
    rules = settings.MOTCUA_KPI
    if measured is None or qualitative is None:
        return None
    return _round(Decimal(str(rules["measured"])) * Decimal(measured)
                  + Decimal(str(rules["qualitative"])) * Decimal(qualitative))


def band(score):
    """The level a score falls in, in the active language."""
    if score is None:
        return ""
    for floor, name in settings.MOTCUA_KPI["bands"]:
        if Decimal(score) >= Decimal(str(floor)):
            return str(name)
    return str(settings.MOTCUA_KPI["bands"][-1][1])


def kpi_staff():
    """Who is scored: every active account with a role in a unit (not the administrators)."""
    from django.contrib.auth import get_user_model

    from units.models import StaffRole

    return get_user_model().objects.filter(is_active=True, staff_roles__role__in=[
        StaffRole.Role.COUNTER_OFFICER, StaffRole.Role.SPECIALIST, StaffRole.Role.LEADER]) \
        .distinct()


def compute_kpi(label, users=None, at=None):
    """Store the measured part of the month for each civil servant, keeping what the leader
    and the civil servant added (the scheduler's `task_scores` job)."""
    from units.access import roles_of

    stored = 0
    for user in users or kpi_staff():
        roles = roles_of(user)
        if not roles:
            continue
        measured, criteria = measure(user, label, at)
        with transaction.atomic():
            kpi, _ = MonthlyKPI.objects.select_for_update().get_or_create(
                user=user, month=label, defaults={"agency_id": roles[0].agency_id})
            kpi.measured, kpi.criteria, kpi.computed_at = measured, criteria, timezone.now()
            kpi.total = month_total(measured, kpi.qualitative)
            kpi.save()
        stored += 1
    return stored


def evaluate_year(user, year, general, by, comment=""):
    """The year-end evaluation: `monthly` × the mean of the scored months + `general` × the
    general criteria. None when no month of the year has its leader's score yet."""
    rules = settings.MOTCUA_KPI
    totals = [k.total for k in MonthlyKPI.objects.filter(
        user=user, month__startswith=f"{year}-", total__isnull=False)]
    if not totals:
        return None
    mean = _round(sum(totals, Decimal(0)) / len(totals))
    total = _round(Decimal(str(rules["monthly"])) * mean
                   + Decimal(str(rules["general"])) * Decimal(general))
    with translation.override(settings.LANGUAGE_CODE):  # the record keeps the official wording
        level = band(total)
    evaluation, _created = YearEvaluation.objects.update_or_create(
        user=user, year=year, defaults={"monthly_mean": mean, "general": _round(general),
                                        "total": total, "band": level,
                                        "comment": comment, "evaluated_by": by,
                                        "evaluated_at": timezone.now()})
    return evaluation


# The outcomes numbered by urgency: lists sort by it, and grouped counts read it back.
OUTCOME_ORDER = ("overdue", "at_risk", "in_time", "done_late", "done_on_time", "cancelled")


def outcome_case(at):
    """An SQL expression numbering each task's outcome (OUTCOME_ORDER), one CASE per row."""
    q = outcome_q(at)
    return Case(*[When(q[name], then=i) for i, name in enumerate(OUTCOME_ORDER)],
                default=len(OUTCOME_ORDER), output_field=IntegerField())
