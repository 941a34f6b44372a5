"""Frameworks of the reform index: checked as a whole, copied to start the next year."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reform import measures
from reform.models import Area, Criterion, Framework, SubCriterion

R = SubCriterion.Rule
M = SubCriterion.Method


def problems(framework):
    """What keeps the framework from being used, each [code, reason]: the points must add up to
    100, every rule must have what it needs, every automatic criterion a known measure."""
    found, total = [], Decimal(0)
    subs = list(framework.sub_criteria())
    if not subs:
        return [["", _("The framework has no sub-criterion.")]]
    for sub in subs:
        total += sub.max_points
        if sub.max_points <= 0:
            found.append([sub.code, _("The maximum points must be above 0.")])
        if sub.method == M.AUTO and not measures.known(sub.measure):
            found.append([sub.code, _("An automatic sub-criterion needs a known measure.")])
        if sub.method != M.AUTO and sub.measure:
            found.append([sub.code, _("Only an automatic sub-criterion has a measure.")])
        if sub.target is not None and not Decimal(0) < sub.target <= 100:
            found.append([sub.code, _("The target is a percentage above 0, at most 100.")])
        if sub.rule == R.DEDUCTIONS and not sub.deduction:
            found.append([sub.code, _("Deductions need the points taken off per item.")])
        if sub.rule == R.BANDS:
            found.extend([sub.code, reason] for reason in _band_problems(sub))
        if sub.method == M.SURVEY and sub.rule != R.PROPORTIONAL:
            found.append([sub.code, _("A survey sub-criterion is proportional to the "
                                      "satisfaction.")])
    if total != 100:
        found.append(["", _("The maximum points add up to %(total)s, not 100.")
                      % {"total": f"{total.normalize():f}"}])
    return found


def _band_problems(sub):
    bands = sub.bands
    if not isinstance(bands, list) or not bands:
        return [_("Bands need at least one [from %, points] pair.")]
    for band in bands:
        try:
            floor, points = (Decimal(str(x)) for x in band)
        except (TypeError, ValueError, ArithmeticError):
            return [_("Each band is a [from %, points] pair of numbers.")]
        if not (floor.is_finite() and points.is_finite()):
            return [_("Each band is a [from %, points] pair of numbers.")]
        if not (0 <= floor <= 100 and 0 <= points <= sub.max_points):
            return [_("A band starts between 0 and 100 % and gives at most the maximum "
                      "points.")]
    return []


def check_framework(framework):
    if found := problems(framework):
        raise ValidationError([f"{code}: {reason}" if code else reason for code, reason in found])
    return framework


@transaction.atomic
def copy_framework(framework, year):
    """This year's framework begun from last year's, in one action: every area, criterion and
    sub-criterion with its rule, ready to be edited. Refused if the year has one already."""
    if Framework.objects.filter(year=year, unit_type=framework.unit_type).exists():
        raise ValidationError(_("%(year)d has a framework for this unit type already.")
                              % {"year": year})
    copy = Framework.objects.create(year=year, unit_type=framework.unit_type,
                                    name=framework.name.replace(str(framework.year), str(year)),
                                    source="", copied_from=framework)
    for area in framework.areas.prefetch_related("criteria__sub_criteria"):
        new_area = Area.objects.create(framework=copy, number=area.number, name=area.name)
        for criterion in area.criteria.all():
            new_criterion = Criterion.objects.create(area=new_area, number=criterion.number,
                                                     name=criterion.name)
            SubCriterion.objects.bulk_create(
                SubCriterion(criterion=new_criterion, **{
                    f.name: getattr(sub, f.name) for f in SubCriterion._meta.concrete_fields
                    if f.name not in ("id", "criterion")})
                for sub in criterion.sub_criteria.all())
    return copy
