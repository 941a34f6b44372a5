"""Periods the indexes are computed for: a month `2026-01`, a quarter `2026-Q1`, a year `2026`,
or any range of days `2026-01-05..2026-02-20` (both days included). Local time."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    label: str
    first: dt.date  # first day
    last: dt.date  # last day, included

    @property
    def start(self):
        return _aware(self.first)

    @property
    def end(self):
        """The first moment after the period."""
        return _aware(self.last + dt.timedelta(days=1))


def _aware(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time()),
                               timezone.get_default_timezone())


def _month_end(year, month):
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def parse(text):
    text = (text or "").strip()
    try:
        if m := MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return Period(text, dt.date(year, month, 1), _month_end(year, month))
        if m := QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            return Period(text, dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
        if m := YEAR.match(text):
            year = int(m[1])
            return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if m := RANGE.match(text):
            first, last = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if last < first:
                raise PeriodError(_("The last day must come after the first."))
            return Period(text, first, last)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(_("Period '%(text)s' is not a valid date.") % {"text": text}) from None
    raise PeriodError(_("A period is YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD."))
