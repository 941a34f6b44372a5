"""Who sees and adds what to a civil servant's month (the scores are directives/scores.py):
a civil servant sees only their own months and acknowledges them; a leader sees their unit's
people and adds the qualitative score with a comment, and the year-end general criteria."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import scores
from directives.models import MonthlyKPI
from motcua.numbers import parse_number
from units.access import roles_of
from units.models import StaffRole


def led_agencies(user):
    return {r.agency_id for r in roles_of(user) if r.role == StaffRole.Role.LEADER}


def visible(user):
    """My months, and those of the people of the units I lead (never another unit's)."""
    from django.db.models import Q

    return MonthlyKPI.objects.filter(Q(user=user) | Q(agency_id__in=led_agencies(user)))


def _score(value, field):
    number = parse_number(value, lowest=Decimal(0), highest=Decimal(100), places=None)
    if number is None:
        raise ValidationError({field: _("The score is a number from 0 to 100.")})
    return number


def check_qualitative(user, kpi, data):
    if kpi.agency_id not in led_agencies(user) or kpi.user_id == user.pk:
        raise PermissionDenied(_("Only the leader of the unit scores its people."))
    if kpi.acknowledged_at is not None:
        raise ValidationError({"qualitative": _("The civil servant has acknowledged this month: "
                                                "it is closed.")})
    comment = str(data.get("comment") or "").strip()
    if len(comment) < 5 or len(comment) > 2000:
        raise ValidationError({"comment": _("Give your comment (5 to 2,000 characters).")})
    return {"qualitative": _score(data.get("qualitative"), "qualitative"), "comment": comment}


@transaction.atomic
def do_qualitative(user, kpi, cleaned):
    kpi = MonthlyKPI.objects.select_for_update().get(pk=kpi.pk)
    kpi.qualitative, kpi.leader_comment = cleaned["qualitative"], cleaned["comment"]
    kpi.scored_by, kpi.scored_at = user, timezone.now()
    kpi.total = scores.month_total(kpi.measured, kpi.qualitative)
    kpi.save()
    return kpi


def check_acknowledge(user, kpi, data):
    if kpi.user_id != user.pk:
        raise PermissionDenied(_("Only the civil servant acknowledges their own month."))
    if kpi.qualitative is None:
        raise ValidationError({"action": _("Your leader has not scored this month yet.")})
    if kpi.acknowledged_at is not None:
        raise ValidationError({"action": _("You have acknowledged this month already.")})
    remark = str(data.get("remark") or "").strip()[:2000]
    return {"remark": remark}


@transaction.atomic
def do_acknowledge(user, kpi, cleaned):
    kpi = MonthlyKPI.objects.select_for_update().get(pk=kpi.pk)
    kpi.acknowledged_at, kpi.acknowledgement = timezone.now(), cleaned["remark"]
    kpi.save()
    return kpi


def check_year(user, person, data):
    if person.pk == user.pk or not any(r.agency_id in led_agencies(user)
                                       for r in roles_of(person)):
        raise PermissionDenied(_("Only the leader of the unit evaluates its people."))
    try:
        year = int(data.get("year"))
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give the year.")})
    return {"year": year, "general": _score(data.get("general"), "general"),
            "comment": str(data.get("comment") or "").strip()[:2000]}


def do_year(user, person, cleaned):
    evaluation = scores.evaluate_year(person, cleaned["year"], cleaned["general"], user,
                                      cleaned["comment"])
    if evaluation is None:
        raise ValidationError({"year": _("No month of this year has been scored by the "
                                         "leader yet.")})
    return evaluation
