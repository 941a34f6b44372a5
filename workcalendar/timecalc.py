"""Working-time arithmetic: pure functions, no database, table-tested.

Deadlines of administrative procedures run in working time (DOMAIN.md §4): the clock starts
at valid reception, a dossier received outside office hours starts at the next working period,
and N working days are N times the working hours of a day, counted in working time from that
moment. Days off are weekends, statutory holidays (Labour Code 2019 art. 112, with the yearly
schedule of the Ministry of Home Affairs) and exceptions entered by administrators; a swapped
Saturday is a working day. Calendar days and months end at the close of the last day, moved to
the next working day when it is a day off (Civil Code 2015 art. 148).

Everything here works on naive local datetimes of the unit's time zone; callers convert.
The only Django import is gettext, for messages.
"""

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WEEKDAY_NAMES = [gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"),
                 gettext_lazy("Thursday"), gettext_lazy("Friday"), gettext_lazy("Saturday"),
                 gettext_lazy("Sunday")]
UNITS = ("working_day", "working_hour", "calendar_day", "month")
DEFAULT_PERIODS = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0)))


class CalendarError(ValueError):
    pass


def parse_periods(text):
    """'07:30-11:30,13:30-17:00' -> ((07:30, 11:30), (13:30, 17:00)); ordered, not overlapping."""
    periods = []
    for chunk in (text or "").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        try:
            start, end = (dt.time.fromisoformat(p.strip()) for p in chunk.split("-"))
        except ValueError:
            raise CalendarError(_("Period '%(p)s' is not in the form HH:MM-HH:MM.") % {"p": chunk}) from None
        if start >= end:
            raise CalendarError(_("Period '%(p)s' must start before it ends.") % {"p": chunk})
        if periods and start < periods[-1][1]:
            raise CalendarError(
                _("Period '%(p)s' overlaps the previous one or is out of order.") % {"p": chunk})
        periods.append((start, end))
    if not periods:
        raise CalendarError(_("No working period is given."))
    return tuple(periods)


def format_periods(periods):
    return ",".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in periods)


@dataclass
class DayRules:
    """What makes a day off or a working day. `days_off` and `working_days` map a date to
    (reason, kind, legal_basis); a date in working_days is worked even on a weekend or holiday."""

    days_off: dict = field(default_factory=dict)
    working_days: dict = field(default_factory=dict)
    weekend: frozenset = frozenset({5, 6})

    def off(self, day):
        """None for a working day, else (reason, kind, legal_basis)."""
        if day in self.working_days:
            return None
        if day in self.days_off:
            return self.days_off[day]
        if day.weekday() in self.weekend:
            return (str(WEEKDAY_NAMES[day.weekday()]), "weekend", "")
        return None

    def extra_work(self, day):
        """(reason, kind, legal_basis) when a usually free day is worked, else None."""
        if day in self.working_days and (day.weekday() in self.weekend or day in self.days_off):
            return self.working_days[day]
        return None


@dataclass
class Result:
    due: dt.datetime
    starts_at: dt.datetime
    explain: list


def _entry(day, reason, kind, legal_basis=""):
    entry = {"date": day.isoformat(), "kind": kind, "reason": reason}
    if legal_basis:
        entry["legal_basis"] = legal_basis
    return entry


def next_working_moment(rules, periods, moment, explain=None):
    """The first instant at or after `moment` inside a working period."""
    day = moment.date()
    while True:
        off = rules.off(day)
        if off is None:
            for start, end in periods:
                if moment < dt.datetime.combine(day, end):
                    return max(moment, dt.datetime.combine(day, start))
        elif explain is not None:
            explain.append(_entry(day, *off))
        day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time.min)


def add_working_minutes(rules, periods, start, minutes, explain):
    """Count `minutes` of working time from `start` (already a working moment)."""
    remaining = Decimal(minutes)
    moment = start
    day = start.date()
    while True:
        off = rules.off(day)
        if off is not None:
            explain.append(_entry(day, *off))
        else:
            extra = rules.extra_work(day)
            if extra is not None:
                explain.append(_entry(day, extra[0], extra[1], extra[2]))
            for p_start, p_end in periods:
                seg_start = max(moment, dt.datetime.combine(day, p_start))
                seg_end = dt.datetime.combine(day, p_end)
                if seg_start >= seg_end:
                    continue
                available = Decimal((seg_end - seg_start).total_seconds()) / 60
                if remaining <= available:
                    return seg_start + dt.timedelta(minutes=float(remaining))
                remaining -= available
        day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time.min)


def day_minutes(periods):
    return sum(
        (dt.datetime.combine(dt.date.min, e) - dt.datetime.combine(dt.date.min, s)).total_seconds()
        / 60
        for s, e in periods
    )


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def due(rules, periods, received, amount, unit):
    """The due moment for `amount` of `unit` counted from reception, with its explanation.

    explain lists, in order, why counting started later than reception (after hours) and
    each day skipped or worked exceptionally, with its reason.
    """
    if unit not in UNITS:
        raise CalendarError(_("Unknown time unit: %(unit)s.") % {"unit": unit})
    amount = Decimal(str(amount))
    if amount < 0:
        raise CalendarError(_("A time limit cannot be negative."))
    explain = []
    if unit in ("working_day", "working_hour"):
        starts_at = next_working_moment(rules, periods, received, explain)
        if starts_at != received:
            explain.insert(0, {"date": received.date().isoformat(), "kind": "after_hours",
                               "reason": _("Received outside working hours; the time limit "
                                           "runs from %(start)s")
                               % {"start": f"{starts_at:%H:%M %d/%m/%Y}"}})
        minutes = amount * Decimal(day_minutes(periods) if unit == "working_day" else 60)
        result = add_working_minutes(rules, periods, starts_at, minutes, explain)
        return Result(result.replace(microsecond=0), starts_at, explain)
    if amount != amount.to_integral_value():
        raise CalendarError(_("A time limit in days or months must be a whole number."))
    if unit == "calendar_day":
        last = received.date() + dt.timedelta(days=int(amount))
    else:
        last = add_months(received.date(), int(amount))
    # Civil Code 2015 art. 148: a period whose last day is a day off ends on the next working day.
    while (off := rules.off(last)) is not None:
        explain.append(_entry(last, *off))
        last += dt.timedelta(days=1)
    return Result(dt.datetime.combine(last, periods[-1][1]), received, explain)


def working_minutes_between(rules, periods, start, end):
    """Minutes of working time in [start, end): how long a paused dossier really waited."""
    if end <= start:
        return Decimal(0)
    total = Decimal(0)
    day = start.date()
    while day <= end.date():
        if rules.off(day) is None:
            for p_start, p_end in periods:
                seg_start = max(start, dt.datetime.combine(day, p_start))
                seg_end = min(end, dt.datetime.combine(day, p_end))
                if seg_end > seg_start:
                    total += Decimal((seg_end - seg_start).total_seconds()) / 60
        day += dt.timedelta(days=1)
    return total
