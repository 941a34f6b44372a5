"""The working calendar of a unit, from settings, the `holidays` package and the exceptions."""

import datetime as dt
import functools

import holidays
from django.conf import settings
from django.utils import timezone

from motcua.memo import Memo
from workcalendar import timecalc
from workcalendar.models import CalendarException

_exceptions = Memo("calendar exceptions")


def _exceptions_of(year):
    """The administrators' exceptions of a year, kept a while (motcua/memo.py)."""
    return _exceptions.get(year, lambda: tuple(
        (e.date, e.kind, e.reason, e.legal_basis)
        for e in CalendarException.objects.filter(date__year=year)))


@functools.lru_cache(maxsize=64)
def _statutory(year):
    """Statutory holidays and announced weekend workdays of a year (computed once a process:
    the `holidays` package derives the lunar dates each time it is asked)."""
    days = holidays.country_holidays("VN", years=[year], language="vi")
    return dict(days), frozenset(getattr(days, "weekend_workdays", ()))


class YearlyRules(timecalc.DayRules):
    """DayRules filled a year at a time, on first use, from `holidays` and the exceptions."""

    def __init__(self):
        super().__init__()
        self._years = set()

    def _load(self, year):
        if year in self._years:
            return
        self._years.add(year)
        statutory, weekend_workdays = _statutory(year)
        for day, name in statutory.items():
            self.days_off[day] = (name, "holiday", "Bộ luật Lao động 2019, Điều 112")
        for day in weekend_workdays:
            self.working_days[day] = ("Ngày làm việc bù theo lịch nghỉ lễ", "working_day",
                                      "Thông báo lịch nghỉ của Bộ Nội vụ")
        for date, kind, reason, legal_basis in _exceptions_of(year):
            if kind == CalendarException.Kind.DAY_OFF:
                self.days_off[date] = (reason, "exception", legal_basis)
                self.working_days.pop(date, None)
            else:
                self.working_days[date] = (reason, "working_day", legal_basis)
                self.days_off.pop(date, None)

    def year_entries(self, year):
        """Every special day of the year (holidays, swaps, exceptions) in date order, as
        (date, (reason, kind, legal_basis))."""
        self._load(year)
        days = {**{d: e for d, e in self.days_off.items() if d.year == year},
                **{d: e for d, e in self.working_days.items() if d.year == year}}
        return sorted(days.items())

    def off(self, day):
        self._load(day.year)
        return super().off(day)

    def extra_work(self, day):
        self._load(day.year)
        return super().extra_work(day)


def periods_for(agency=None):
    """The agency's office hours, else the province default (setting MOTCUA_OFFICE_HOURS)."""
    text = getattr(agency, "office_hours", "") or settings.MOTCUA_OFFICE_HOURS
    return timecalc.parse_periods(text)


def compute_due(received, amount, unit, agency=None, rules=None):
    """Due moment (aware) of `amount` `unit` from an aware `received`, with the explanation.
    Pass one YearlyRules as `rules` to several calls of a request to read the calendar once."""
    tz = timezone.get_default_timezone()
    local = timezone.localtime(received, tz).replace(tzinfo=None)
    result = timecalc.due(rules or YearlyRules(), periods_for(agency), local, amount, unit)
    result.due = result.due.replace(tzinfo=tz)
    result.starts_at = result.starts_at.replace(tzinfo=tz)
    return result


def is_working_day(day):
    return YearlyRules().off(day) is None


def working_days_between(first, last, rules=None):
    """Working days after `first` up to and including `last` (dates): how many working days
    one date comes before another, e.g. a publication decision before it takes effect."""
    rules, days, day = rules or YearlyRules(), 0, first
    while day < last:
        day += dt.timedelta(days=1)
        days += rules.off(day) is None
    return days


def working_day_on_or_after(day, rules=None):
    """`day` if it is worked, else the next working day (a period ending on a day off ends on
    the next working day: Civil Code 2015, art. 148 §5)."""
    rules = rules or YearlyRules()
    while rules.off(day) is not None:
        day += dt.timedelta(days=1)
    return day


def working_days_before(moment, days, rules=None):
    """The same time of day, `days` working days before the aware `moment` (reminders)."""
    rules = rules or YearlyRules()
    local = timezone.localtime(moment)
    day = local.date()
    while days > 0:
        day -= dt.timedelta(days=1)
        if rules.off(day) is None:
            days -= 1
    return local.replace(year=day.year, month=day.month, day=day.day)


def _local(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()).replace(tzinfo=None)


def working_minutes_between(start, end, agency=None, rules=None):
    return timecalc.working_minutes_between(rules or YearlyRules(), periods_for(agency),
                                            _local(start), _local(end))


def add_working_minutes(start, minutes, agency=None, rules=None):
    """`start` moved forward by `minutes` of working time (from the next working moment)."""
    rules, periods = rules or YearlyRules(), periods_for(agency)
    begin = timecalc.next_working_moment(rules, periods, _local(start))
    moved = timecalc.add_working_minutes(rules, periods, begin, minutes, [])
    return moved.replace(microsecond=0, tzinfo=timezone.get_default_timezone())
