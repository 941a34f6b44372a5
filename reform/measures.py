"""The facts MotCua holds that score sub-criteria by themselves (DOMAIN.md §8): each measure
gives, for a unit and a year, its figure as evidence: {"value": a ratio 0–1 (Decimal, exact)
or None when there is nothing to count, "numerator", "denominator", "detail"}.

- "766:<id>": the Decision 766 indicator of that id over the unit's year (indicators.engine,
  the same counts as the dashboard: on-time dossiers 2.1, full-online 3.1, online payment 3.6,
  digitisation 4.2, petitions on time 5.2, publication 1.1 ...).
- "tasks": the unit's score for the tasks its committee assigned (directives.scores), the mean
  of its monthly scores over the year, on 100.
"""

from decimal import Decimal

from django.db.models import Avg, Sum
from django.utils.translation import gettext_lazy as _

from indicators import config as index_config
from indicators import engine, periods

TASKS = "tasks"


def choices():
    """[(key, label)] of every measure, for the framework's editors."""
    rows = [(f"766:{row['id']}", _("766 index %(id)s: %(name)s") % row)
            for row in index_config.current()[0] if row["id"] != "2.2"]
    return [*rows, (TASKS, _("Assigned tasks: the unit's task score"))]


def known(key):
    return key in {k for k, _label in choices()}


def of(key, agency, year, facts=None):
    """The measure `key` of `agency` over `year`. `facts` memoises the year's 766 pass across
    units: pass the same dict for every unit of one computation."""
    if key == TASKS:
        return _tasks(agency, year)
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
