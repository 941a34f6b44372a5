import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dates import DayField, MomentField
from workcalendar.models import CalendarException


class ExceptionForm(forms.Form):
    date = DayField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarException.Kind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)


class DueForm(forms.Form):
    received = MomentField(label=_("Received at"))
    amount = forms.DecimalField(label=_("Time limit"), min_value=0, max_value=3650,
                                decimal_places=2)
    unit = forms.ChoiceField(label=_("Unit"), choices=[
        ("working_day", _("working days")), ("working_hour", _("working hours")),
        ("calendar_day", _("days")), ("month", _("months"))])


def year_choices(today=None):
    today = today or dt.date.today()
    return range(today.year - 1, today.year + 3)


