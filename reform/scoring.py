"""How the reform index scores (DOMAIN.md §8), one place for each rule.

- A sub-criterion's points from a value, by its rule: full points or none (the value reaches
  the target, 100 % when none is set); proportional (full points at the target, linear below
  it); bands (the first band whose floor the value reaches); deductions (the maximum less so
  many points per item counted, never below zero). Values are ratios (0–1) except for
  deductions, which count items.
- The index: appraised points (every sub-criterion not scored by the survey) plus the survey
  points (the survey's sub-criteria: their maximum times the unit's satisfaction), on 100, as
  %. Without a survey result, the appraised points are rescaled to 100 (Hà Nội's department
  index does so; DOMAIN.md §8). Points are kept to two decimals, rounded half up.
"""

from decimal import ROUND_HALF_UP, Decimal

from reform.models import SubCriterion

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
R = SubCriterion.Rule
M = SubCriterion.Method


def _round(value):
    return Decimal(value).quantize(TWO, ROUND_HALF_UP)


round_points = _round


def rule_points(sub, value):
    """The points `value` earns on `sub` (None: nothing to score, no points)."""
    if value is None:
        return Decimal(0)
    top = Decimal(sub.max_points)
    value = Decimal(str(value))
    if sub.rule == R.DEDUCTIONS:
        return _round(max(top - Decimal(sub.deduction or 0) * value, Decimal(0)))
    percent = value * HUNDRED
    if sub.rule == R.BANDS:
        for floor, points in sorted(sub.bands, key=lambda band: -Decimal(str(band[0]))):
            if percent >= Decimal(str(floor)):
                return _round(min(Decimal(str(points)), top))
        return Decimal(0)
    target = Decimal(sub.target) if sub.target else HUNDRED
    if sub.rule == R.PROPORTIONAL:
        return _round(top * min(percent / target, Decimal(1)))
    return top if percent >= target else Decimal(0)


def index(subs, points, survey=None):
    """The index of a unit: `subs` the framework's sub-criteria, `points` {sub id: the points
    it was given (appraised)}, `survey` the unit's satisfaction as a ratio (0–1) or None.
    Returns {appraised, appraised_max, survey_points, survey_max, total, rescaled}."""
    appraised = appraised_max = survey_points = survey_max = Decimal(0)
    for sub in subs:
        top = Decimal(sub.max_points)
        if sub.method == M.SURVEY:
            survey_max += top
            if survey is not None:
                survey_points += _round(top * Decimal(str(survey)))
            continue
        appraised_max += top
        appraised += min(Decimal(points.get(sub.pk) or 0), top)
    rescaled = survey is None or not survey_max
    if rescaled:
        total = appraised / appraised_max * HUNDRED if appraised_max else Decimal(0)
    else:
        total = (appraised + survey_points) / (appraised_max + survey_max) * HUNDRED
    return {"appraised": _round(appraised), "appraised_max": _round(appraised_max),
            "survey_points": _round(survey_points), "survey_max": _round(survey_max),
            "total": _round(total), "rescaled": rescaled}
