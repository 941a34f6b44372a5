
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.permissions import is_administrator
from units.access import is_staff_member
from workcalendar import timecalc
from workcalendar.actions import check_exception, do_add_exception, do_remove_exception
from workcalendar.calendars import YearlyRules, compute_due
from workcalendar.forms import DueForm, ExceptionForm, year_choices
from workcalendar.models import CalendarException


@login_required
def calendar_page(request):
    """Administrators keep the special days; any staff member may look and compute a due date."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    add_form = ExceptionForm(prefix="add")
    if request.method == "POST":
        if not is_administrator(request.user):
            raise PermissionDenied
        if "delete" in request.POST:
            exception = CalendarException.objects.filter(pk=request.POST["delete"]).first()
            if exception:
                do_remove_exception(exception)
                messages.success(request, _("Removed %(day)s.") % {"day": f"{exception.date:%d/%m/%Y}"})
            return redirect(f"{request.path}?year={year}")
        add_form = ExceptionForm(request.POST, prefix="add")
        if add_form.is_valid():
            data = add_form.cleaned_data
            try:
                exception = do_add_exception(check_exception(
                    data["date"], data["kind"], data["reason"], data["legal_basis"]), request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        add_form.add_error(field if field in add_form.fields else None, error)
            else:
                messages.success(request, _("Added %(day)s.") % {"day": f"{exception.date:%d/%m/%Y}"})
                return redirect(f"{request.path}?year={exception.date.year}")

    due_form, due = DueForm(request.GET or None), None
    if "received" in request.GET and due_form.is_valid():
        data = due_form.cleaned_data
        try:
            due = compute_due(data["received"], data["amount"], data["unit"])
        except timecalc.CalendarError as exc:
            due_form.add_error("amount", str(exc))

    return render(request, "workcalendar/calendar.html", {
        "year": year, "years": year_choices(), "rows": _year_rows(year),
        "add_form": add_form, "due_form": due_form, "due": due,
        "can_edit": is_administrator(request.user),
    })


def _year_rows(year):
    """Every day of the year that is not a plain weekday or weekend, in date order."""
    exceptions = {e.date: e for e in CalendarException.objects.filter(date__year=year)}
    return [
        {"date": day, "reason": reason, "legal_basis": basis, "exception": exceptions.get(day),
         "kind": "holiday" if kind == "holiday" else "working_day" if kind == "working_day"
         else "day_off"}
        for day, (reason, kind, basis) in YearlyRules().year_entries(year)
    ]
