"""motcua.numbers.parse_number: what a person may type as a score, a figure or a margin."""

from decimal import Decimal

import pytest

from motcua.numbers import parse_number

ZERO, HUNDRED = Decimal(0), Decimal(100)


@pytest.mark.parametrize("raw, expected", [
    ("62,5", Decimal("62.5")), (" 62.50 ", Decimal("62.50")), (80, Decimal(80)),
    ("5 0", Decimal(50)), ("0", ZERO), ("100", HUNDRED), ("1e2", HUNDRED),
])
def test_numbers_as_people_type_them(raw, expected):
    assert parse_number(raw, lowest=ZERO, highest=HUNDRED) == expected


@pytest.mark.parametrize("raw", [
    "NaN", "sNaN", "-nan", "Infinity", "-Infinity", "∞", "1e309", "1e-309", "100.01", "-0.01",
    "62.555", "", "  ", "abc", "6 2,5,1", None, True, False, [], ["62"], {"v": 62},
])
def test_what_is_not_a_number_it_may_keep_is_none(raw):
    assert parse_number(raw, lowest=ZERO, highest=HUNDRED) is None


def test_any_number_of_decimals_when_the_column_rounds():
    assert parse_number("2.3000000000000003", lowest=ZERO, highest=HUNDRED, places=None) \
        == Decimal("2.3000000000000003")
    assert parse_number("1e309", lowest=ZERO, highest=HUNDRED, places=None) is None
    assert parse_number("0.125", lowest=Decimal("0.01"), highest=Decimal("0.2"), places=3) \
        == Decimal("0.125")
