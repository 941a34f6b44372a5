"""Dates are typed and shown as dd/mm/yyyy (motcua.dates), and ISO still reads for the API."""

import datetime as dt

from django.utils import timezone

from motcua.dates import DayField, DayInput, parse_day, parse_moment, show_day


def test_days_are_read_as_day_month_year_and_iso():
    assert parse_day("02/11/2026") == dt.date(2026, 11, 2)
    assert parse_day("2/11/2026") == dt.date(2026, 11, 2)
    assert parse_day("2026-11-02") == dt.date(2026, 11, 2)
    assert parse_day("11/31/2026") is None  # not month/day/year
    assert parse_day("") is None and parse_day("hôm qua") is None
    assert show_day("2026-11-02") == "02/11/2026"


def test_moments_are_local_unless_an_offset_is_given():
    moment = parse_moment("25/12/2026 16:30")
    assert timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") == "25/12/2026 16:30"
    assert parse_moment("2026-12-25T09:30:00+00:00") == dt.datetime(2026, 12, 25, 9, 30,
                                                                    tzinfo=dt.UTC)
    assert parse_moment("12/25/2026 16:30") is None


def test_a_date_text_is_at_most_its_published_length():
    """The longest spelling of each is taken; anything longer is no date (the API publishes
    these lengths as maxLength)."""
    from motcua.dates import DAY_TEXT_MAX, MOMENT_TEXT_MAX

    assert len("31/12/2026") == DAY_TEXT_MAX and parse_day(" 31/12/2026 ")
    assert parse_day("31/12/20260") is None and parse_day("0" * 5000) is None
    longest = "2026-12-31T17:00:00.123456+07:00"
    assert len(longest) == MOMENT_TEXT_MAX and parse_moment(longest) == dt.datetime(
        2026, 12, 31, 10, 0, 0, 123456, tzinfo=dt.UTC)
    assert parse_moment(longest + "0") is None


def test_the_date_box_shows_and_takes_day_month_year():
    html = DayInput().render("born", dt.date(1990, 4, 12))
    assert 'value="12/04/1990"' in html and 'type="text"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'type="date"' not in html
    field = DayField()
    assert field.clean("12/04/1990") == dt.date(1990, 4, 12)
