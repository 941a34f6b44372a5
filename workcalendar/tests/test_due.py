"""Due dates in working time, table-driven on the real 2026 calendar of Vietnam.

Office hours are the province default, 07:30–11:30 and 13:30–17:00 (7.5 hours a day).
"""

import datetime as dt

import pytest
from django.utils import timezone

from workcalendar.calendars import compute_due
from workcalendar.models import CalendarException
from workcalendar.timecalc import CalendarError, parse_periods

pytestmark = pytest.mark.django_db


def local(text):
    return timezone.make_aware(dt.datetime.fromisoformat(text))


CASES = [
    # (name, received, amount, unit, due, days that must be explained)
    ("an ordinary day", "2026-03-02 09:00", 1, "working_day", "2026-03-03 09:00", []),
    ("received at opening, due at closing", "2026-03-02 07:30", 1, "working_day",
     "2026-03-02 17:00", []),
    ("Tết 2026 (16–20/02) and its weekends", "2026-02-13 10:00", 3, "working_day",
     "2026-02-25 10:00", ["2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18",
                          "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22"]),
    ("Hùng Kings on a Sunday, the Monday off in lieu", "2026-04-24 14:00", 1, "working_day",
     "2026-04-28 14:00", ["2026-04-25", "2026-04-26", "2026-04-27"]),
    ("30/4 and 1/5 then the weekend", "2026-04-29 08:00", 2, "working_day", "2026-05-05 08:00",
     ["2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03"]),
    ("a swapped Saturday is worked (22/08/2026 for 31/08)", "2026-08-21 13:30", 1,
     "working_day", "2026-08-22 11:30", ["2026-08-22"]),
    ("the day off the swap pays for", "2026-08-28 13:30", 1, "working_day", "2026-09-03 11:30",
     ["2026-08-29", "2026-08-30", "2026-08-31", "2026-09-01", "2026-09-02"]),
    ("received after hours starts next morning", "2026-03-02 18:00", 1, "working_day",
     "2026-03-03 17:00", ["2026-03-02"]),
    ("received on a weekend starts on Monday", "2026-03-07 10:00", 0.5, "working_day",
     "2026-03-09 11:15", ["2026-03-07", "2026-03-07", "2026-03-08"]),
    ("received at lunch starts at 13:30", "2026-03-02 12:00", 1, "working_hour",
     "2026-03-02 14:30", ["2026-03-02"]),
    ("working hours end exactly at closing", "2026-03-02 16:00", 8.5, "working_hour",
     "2026-03-03 17:00", []),
    ("calendar days ending on a holiday move to the next working day", "2026-03-02 10:00", 60,
     "calendar_day", "2026-05-04 17:00", ["2026-05-01", "2026-05-02", "2026-05-03"]),
    ("a month from 31 January ends on the last day of February, moved past the weekend",
     "2026-01-31 09:00", 1, "month", "2026-03-02 17:00", ["2026-02-28", "2026-03-01"]),
    ("New Year 2027 on a Friday", "2026-12-31 15:00", 1, "working_day", "2027-01-04 15:00",
     ["2027-01-01", "2027-01-02", "2027-01-03"]),
]


@pytest.mark.parametrize("name, received, amount, unit, expected, skipped", CASES,
                         ids=[c[0] for c in CASES])
def test_due(name, received, amount, unit, expected, skipped):
    result = compute_due(local(received), amount, unit)
    assert timezone.localtime(result.due) == local(expected)
    assert [e["date"] for e in result.explain] == skipped


def test_each_skipped_day_says_why():
    result = compute_due(local("2026-04-24 14:00"), 1, "working_day")
    reasons = {e["date"]: (e["kind"], e["reason"]) for e in result.explain}
    assert reasons["2026-04-25"] == ("weekend", "Thứ Bảy")
    assert reasons["2026-04-26"] == ("holiday", "Ngày Giỗ Tổ Hùng Vương")
    assert reasons["2026-04-27"] == ("holiday", "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)")


def test_after_hours_reception_is_explained_first():
    result = compute_due(local("2026-03-02 18:00"), 1, "working_day")
    assert result.explain[0]["kind"] == "after_hours"
    assert "07:30 03/03/2026" in result.explain[0]["reason"]
    assert timezone.localtime(result.starts_at) == local("2026-03-03 07:30")


def test_an_entered_day_off_pushes_the_deadline():
    CalendarException.objects.create(date=dt.date(2026, 3, 3), kind="day_off",
                                     reason="Nghỉ bầu cử", legal_basis="Quyết định 15/QĐ-UBND")
    result = compute_due(local("2026-03-02 09:00"), 1, "working_day")
    assert timezone.localtime(result.due) == local("2026-03-04 09:00")
    assert result.explain == [{"date": "2026-03-03", "kind": "exception", "reason": "Nghỉ bầu cử",
                               "legal_basis": "Quyết định 15/QĐ-UBND"}]


def test_an_entered_working_saturday_counts():
    CalendarException.objects.create(date=dt.date(2026, 3, 7), kind="working_day",
                                     reason="Làm bù ngày 02/01", legal_basis="Thông báo 1/TB-BNV")
    result = compute_due(local("2026-03-06 13:30"), 1, "working_day")
    assert timezone.localtime(result.due) == local("2026-03-07 11:30")
    assert result.explain[0]["kind"] == "working_day"


def test_an_agency_may_keep_other_office_hours(db):
    from units.models import Agency

    agency = Agency.objects.get(code="000.11311.00.H26")
    agency.office_hours = "08:00-12:00,13:00-17:00"
    result = compute_due(local("2026-03-02 08:00"), 1, "working_day", agency)
    assert timezone.localtime(result.due) == local("2026-03-02 17:00")


@pytest.mark.parametrize("text", ["", "7h30-11h30", "11:30-07:30", "07:30-11:30,11:00-17:00"])
def test_malformed_office_hours_are_refused(text):
    with pytest.raises(CalendarError):
        parse_periods(text)


def test_calendar_days_must_be_whole():
    with pytest.raises(CalendarError):
        compute_due(local("2026-03-02 09:00"), 1.5, "calendar_day")


def test_working_minutes_between_skips_nights_weekends_and_holidays():
    from workcalendar.calendars import working_minutes_between

    # Friday 16:00 to Tuesday 09:00 around Hùng Kings 2026: 1 h Friday, 1.5 h Tuesday.
    assert working_minutes_between(local("2026-04-24 16:00"), local("2026-04-28 09:00")) == 150


def test_adding_working_minutes_moves_across_days():
    from workcalendar.calendars import add_working_minutes

    moved = add_working_minutes(local("2026-03-06 16:00"), 150)
    assert timezone.localtime(moved) == local("2026-03-09 09:00")
