"""The facts MotCua holds that score sub-criteria by themselves (DOMAIN.md §8): each measure
gives, for a unit and a year, its figure as evidence: {"value": a ratio 0–1 (Decimal, exact)
or None when there is nothing to count, "numerator", "denominator", "detail"}.

- "766:<id>": the Decision 766 indicator of that id over the unit's year (indicators.engine,
  the same counts as the dashboard: on-time dossiers 2.1, full-online 3.1, online payment 3.6,
  digitisation 4.2, petitions on time 5.2, publication 1.1 ...).
- "tasks": the unit's score for the tasks its committee assigned (directives.scores), the mean
  of its monthly scores over the year, on 100.
- "open_data": the share of the unit's open datasets that it has published (opendata).
- "first_valid": the share of the unit's dossiers received in the year that were valid on
  first submission, never asked to supplement ("hồ sơ hợp lệ ngay từ lần nộp đầu tiên", which
  the city reports per agency).

`drilldown(key, agency, year)` lists what cost the unit points, each {code, name, reason}: the
evidence frozen with the figure when the unit submits (reform.assess.freeze).
"""

from decimal import Decimal

from django.db.models import Avg, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators import config as index_config
from indicators import engine, periods

TASKS = "tasks"
FIRST_VALID = "first_valid"
OPEN_DATA = "open_data"
DRILLDOWN_LIMIT = 200


def choices():
    """[(key, label)] of every measure, for the framework's editors."""
    rows = [(f"766:{row['id']}", _("766 index %(id)s: %(name)s") % row)
            for row in index_config.current()[0] if row["id"] != "2.2"]
    return [*rows, (TASKS, _("Assigned tasks: the unit's task score")),
            (FIRST_VALID, _("Dossiers valid on first submission")),
            (OPEN_DATA, _("Open data: share of the unit's open datasets published"))]


def known(key):
    return key in {k for k, _label in choices()}


def of(key, agency, year, facts=None):
    """The measure `key` of `agency` over `year`. `facts` memoises the year's 766 pass across
    units: pass the same dict for every unit of one computation."""
    if key == TASKS:
        return _tasks(agency, year)
    if key == FIRST_VALID:
        return _first_valid(agency, year)
    if key == OPEN_DATA:
        return _open_data(agency, year)
    ident = key.removeprefix("766:")
    facts = facts if facts is not None else {}
    if "facts" not in facts:
        facts["facts"] = engine.Facts.gather(periods.parse(str(year)))
    scope = engine.scope_for(agency)
    indicator = engine.CLASSES[ident]()
    numerator, denominator = indicator.counts(facts["facts"], scope)
    # The exact ratio (the dashboard rounds it to four places for display).
    value = indicator.ratio(numerator, denominator, facts["facts"], scope) if denominator \
        else None
    name = next(r["name"] for r in index_config.current()[0] if r["id"] == ident)
    return {"value": value, "numerator": numerator, "denominator": denominator,
            "detail": name}


def _tasks(agency, year):
    from directives.models import UnitTaskScore

    rows = UnitTaskScore.objects.filter(agency=agency, period__startswith=f"{year}-",
                                        score__isnull=False)
    found = rows.aggregate(mean=Avg("score"), tasks=Sum("tasks"))
    if found["mean"] is None:
        return {"value": None, "numerator": None, "denominator": 0, "detail": ""}
    mean = Decimal(found["mean"]).quantize(Decimal("0.01"))
    return {"value": mean / 100, "numerator": mean, "denominator": 100,
            "detail": _("mean of %(months)d monthly scores, %(tasks)d tasks")
            % {"months": rows.count(), "tasks": found["tasks"] or 0}}


def _received(agency, year):
    from dossiers.models import Dossier

    scope = engine.scope_for(agency)
    period = periods.parse(str(year))
    qs = Dossier.objects.filter(received_at__date__gte=period.start,
                                received_at__date__lte=period.end)
    return qs if scope.agency_ids is None else qs.filter(agency_id__in=scope.agency_ids)


def _first_valid(agency, year):
    received = _received(agency, year)
    total = received.count()
    valid = received.filter(supplement_rounds=0).count()
    return {"value": Decimal(valid) / Decimal(total) if total else None, "numerator": valid,
            "denominator": total, "detail": _("dossiers never asked to supplement")}


def _open_data(agency, year):
    """The unit's open datasets published by the end of `year`, of those it holds meant to be
    open (opendata.actions.publication_counts, the dashboard's figure)."""
    from opendata.actions import EMPTY, publication_counts

    found = publication_counts([agency.pk], year).get(agency.pk, EMPTY)
    total = found["open"]
    return {"value": Decimal(found["published"]) / Decimal(total) if total else None,
            "numerator": found["published"], "denominator": total,
            "detail": _("open datasets published")}


def drilldown(key, agency, year, limit=DRILLDOWN_LIMIT):
    """What cost the unit points on a measure that is not a 766 indicator (those have
    indicators.engine.drilldown)."""
    if key == FIRST_VALID:
        return [{"code": d.code, "name": d.procedure.name,
                 "reason": _("Asked to supplement %(n)d times") % {"n": d.supplement_rounds}}
                for d in _received(agency, year).filter(supplement_rounds__gt=0)
                .select_related("procedure").order_by("received_at", "id")[:limit]]
    if key == OPEN_DATA:
        from opendata.models import Dataset

        return [{"code": d.name, "name": d.title, "reason": str(d.get_status_display())}
                for d in Dataset.objects.filter(publisher=agency, access=Dataset.Access.OPEN)
                .exclude(status=Dataset.Status.PUBLISHED).order_by("name")[:limit]]
    if key == TASKS:
        from directives.models import Task
        from directives.scores import OUTCOME_LABELS, outcome, outcome_q

        at = timezone.now()
        late = outcome_q(at)["done_late"] | outcome_q(at)["overdue"]
        qs = Task.objects.filter(late, lead=agency, due_at__year=year).order_by("due_at", "id")
        return [{"code": t.code, "name": t.content[:200], "reason": str(OUTCOME_LABELS[
            outcome(t, at)])} for t in qs[:limit]]
    return []
