"""Dates as people in Vietnam type and read them: dd/mm/yyyy, and dd/mm/yyyy hh:mm for a moment.

The one place for it: the pages' date inputs (`DayInput`, `MomentInput`, `DayField`,
`MomentField`), the declared answers of a procedure's form (catalog.formfields) and the
actions that take a date from a page (a new appointment). The API takes ISO 8601 as well, so
both spellings are read; pages always show dd/mm/yyyy.

The browser's own date picker is not used: it shows the browser's locale (mm/dd/yyyy in an
English Chromium), not the format every paper form in Vietnam uses.
"""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

DAY = "%d/%m/%Y"
MOMENT = "%d/%m/%Y %H:%M"
DAY_FORMATS = [DAY, "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
MOMENT_FORMATS = [MOMENT, "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
# The longest text each can be once its spaces are trimmed: a day in any of DAY_FORMATS
# (10: 31/12/2026), a moment in ISO 8601 with microseconds and an offset (32:
# 2026-12-31T17:00:00.000000+07:00). Longer text is no date; the API's request serializers
# publish these as maxLength.
DAY_TEXT_MAX, MOMENT_TEXT_MAX = 10, 32


def parse_day(value):
    """A date from dd/mm/yyyy (or ISO yyyy-mm-dd), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if len(text) > DAY_TEXT_MAX:
        return None
    for fmt in DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def parse_moment(value):
    """An aware datetime from dd/mm/yyyy hh:mm (or ISO 8601), in the site's time zone when no
    offset is given; None if it is neither."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if len(text) > MOMENT_TEXT_MAX:
            return None
        moment = None
        for fmt in MOMENT_FORMATS:
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                pass
        if moment is None:
            try:
                moment = parse_datetime(text)
            except ValueError:
                moment = None
        if moment is None:
            return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def show_day(value):
    day = parse_day(value)
    return day.strftime(DAY) if day else (value or "")


def show_moment(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime(MOMENT) if timezone.is_aware(value) \
            else value.strftime(MOMENT)
    return value or ""


class DayInput(forms.TextInput):
    """A text box for dd/mm/yyyy: the numeric keyboard on phones, the format as its hint."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                          "autocomplete": "off", "maxlength": "10",
                          "pattern": r"\d{1,2}/\d{1,2}/\d{4}", **(attrs or {})})

    def format_value(self, value):
        return show_day(value) or None


class MomentInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off",
                          "maxlength": "16", **(attrs or {})})

    def format_value(self, value):
        return show_moment(value) or None


class DayField(forms.DateField):
    widget = DayInput
    input_formats = DAY_FORMATS


class MomentField(forms.DateTimeField):
    widget = MomentInput
    input_formats = MOMENT_FORMATS
