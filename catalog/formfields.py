"""The answers to a procedure's declared form fields (catalog.models.FormField).

One check serves every way a dossier arrives (the online form, the counter screen, the API):
`check_form_data(fields, data)` returns the answers normalised for storage on the dossier
(text stripped, dates ISO, numbers as decimal strings, yes/no as booleans) or raises a
ValidationError naming each field as `form_data.<key>`. `form_field(field)` is the Django form
field a page shows for it.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import FormField
from motcua.dates import DayInput, parse_day, show_day
from motcua.numbers import read_number

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX = {FormField.Kind.TEXT: 500, FormField.Kind.TEXTAREA: 4000}
NUMBER_MAX_DIGITS = 15
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
TRUE = {"true", "1", "on", "yes", "có", "co"}
FALSE = {"false", "0", "off", "no", "không", "khong", ""}


def error_key(field):
    return f"form_data.{field.key}"


parse_date = parse_day  # dd/mm/yyyy as typed on pages, ISO from the API (motcua.dates)


def _clean(field, value):
    """(normalised value, None) or (None, message)."""
    kind = field.kind
    if kind == FormField.Kind.YESNO:
        folded = value if isinstance(value, bool) else \
            str(value if value is not None else "").strip().lower()
        answer = True if folded is True or folded in TRUE else \
            False if folded is False or folded in FALSE else None
        if answer is None:
            return None, _("Answer yes or no.")
        if field.required and not answer:
            # A required yes/no is a declaration the person must make (cam đoan).
            return None, _("Tick this box to go on.")
        return answer, None
    if isinstance(value, (dict, list)):
        return None, _("Enter a single value.")
    text = "" if value is None else str(value).strip()
    if not text:
        return None, (_("This field is required.") if field.required else None)
    if kind in TEXT_MAX:
        if len(text) > TEXT_MAX[kind]:
            return None, _("At most %(n)d characters.") % {"n": TEXT_MAX[kind]}
        return text, None
    if kind == FormField.Kind.DATE:
        day = parse_date(text)
        if day is None:
            return None, _("Enter a date as DD/MM/YYYY.")
        if not EARLIEST <= day <= LATEST:
            return None, _("This date is out of range.")
        return day.isoformat(), None
    if kind == FormField.Kind.NUMBER:
        number = read_number(text)
        if number is None or abs(number) >= Decimal(10) ** NUMBER_MAX_DIGITS \
                or number != number.quantize(Decimal("0.000001")):
            return None, _("Enter a number.")
        if number < 0:
            return None, _("The number cannot be negative.")
        return format(number.normalize(), "f"), None
    if kind == FormField.Kind.CHOICE:
        if text not in field.choice_list():
            return None, _("Choose one of: %(choices)s.") % {
                "choices": "; ".join(field.choice_list())}
        return text, None
    return None, _("This field cannot be answered.")


def check_form_data(fields, data, *, partial=False):
    """The answers to `fields` in `data` (a dict), normalised; ValidationError otherwise.

    An optional field left empty is not stored. Keys the procedure does not declare are refused,
    so a typo in an API client is not silently dropped. `partial`: required fields may be
    missing (a counter dossier taken in incomplete, for a supplement request); what is given
    is still checked."""
    if data in (None, ""):
        data = {}
    if not isinstance(data, dict):
        raise ValidationError({"form_data": [_("The form data must be an object.")]})
    errors, cleaned = {}, {}
    known = {f.key for f in fields}
    for key in sorted(set(data) - known):
        errors[f"form_data.{key}"] = [_("This procedure does not ask for this field.")]
    for field in fields:
        if partial and data.get(field.key) in (None, "", False):
            continue
        value, message = _clean(field, data.get(field.key))
        if message:
            errors[error_key(field)] = [message]
        elif value is not None and not (field.kind == FormField.Kind.YESNO and value is False
                                        and field.key not in data):
            cleaned[field.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def form_field(field):
    """The Django form field a page shows for a declared field."""
    common = {"label": field.label, "required": False, "help_text": field.help_text}
    kind = field.kind
    if kind == FormField.Kind.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == FormField.Kind.DATE:
        return forms.CharField(widget=DayInput(), **common)
    if kind == FormField.Kind.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == FormField.Kind.CHOICE:
        return forms.ChoiceField(choices=[("", _("— choose —"))] + [
            (c, c) for c in field.choice_list()], **common)
    if kind == FormField.Kind.YESNO:
        return forms.BooleanField(**common)
    return forms.CharField(**common)


def display_value(field, value):
    """An answer as a person reads it (dates DD/MM/YYYY, yes/no in words)."""
    if field is not None and field.kind == FormField.Kind.DATE:
        return show_day(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def answers(fields, data):
    """[(label, shown value)] of the declared fields answered, in the catalog's order; answers
    to fields since removed from the catalog are shown under their key."""
    data = data or {}
    rows = [(f.label, display_value(f, data[f.key])) for f in fields if f.key in data]
    known = {f.key for f in fields}
    rows += [(key, display_value(None, value)) for key, value in data.items() if key not in known]
    return rows
