"""Changes to the working calendar: check_* validates, do_* writes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workcalendar.models import CalendarException


def _already(date):
    return _("%(date)s is already in the list of special days.") % {"date": f"{date:%d/%m/%Y}"}


def check_exception(date, kind, reason, legal_basis):
    errors = {}
    if kind not in CalendarException.Kind.values:
        errors["kind"] = _("Choose a day off or a working day.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason.")
    if not (legal_basis or "").strip():
        errors["legal_basis"] = _("Give the legal basis (number of the notice or decision).")
    if date and CalendarException.objects.filter(date=date).exists():
        errors["date"] = _already(date)
    if errors:
        raise ValidationError(errors)
    return {"date": date, "kind": kind, "reason": reason.strip(),
            "legal_basis": legal_basis.strip()}


def do_add_exception(cleaned, by):
    try:
        with transaction.atomic():
            return CalendarException.objects.create(
                **cleaned, created_by=by if by.is_authenticated else None)
    except IntegrityError:  # a concurrent request added the same date first
        raise ValidationError({"date": _already(cleaned["date"])}) from None


def do_remove_exception(exception):
    exception.delete()
