"""motcua.numbers.parse_number: what a person may type as a score, a figure or a margin."""

from decimal import Decimal

import pytest

from motcua.numbers import parse_number, read_number

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


@pytest.mark.parametrize("raw, expected", [
    ("1 000 000", Decimal(1000000)), ("1\u00a0500,5", Decimal("1500.5")),
    ("2\u202f000", Decimal(2000)), (0.5, Decimal("0.5")), ("-3", Decimal(-3)),
    ("1e400", Decimal("1e400")),  # finite: its range is the caller's
])
def test_read_number_is_the_spelling_alone(raw, expected):
    assert read_number(raw) == expected


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "", "12 điểm", "1.000.000", True,
                                 None, [1], {"v": 1}, "1" * 41, " 5" * 30])
def test_read_number_refuses_what_is_not_a_finite_number(raw):
    assert read_number(raw) is None


def test_a_number_text_is_at_most_its_published_length():
    from motcua.numbers import NUMBER_TEXT_MAX

    assert read_number("1" * NUMBER_TEXT_MAX) == Decimal("1" * NUMBER_TEXT_MAX)
    assert read_number("1" * (NUMBER_TEXT_MAX + 1)) is None
    # A number itself (a spreadsheet's cell) is not text: no length applies.
    assert read_number(Decimal("1" * 60)) == Decimal("1" * 60)


def test_every_reader_of_typed_numbers_spells_them_one_way():
    """A procedure's form field, the catalog's import and a score read the same text alike:
    grouped digits and a decimal comma are numbers everywhere, NaN nowhere."""
    from django.core.exceptions import ValidationError

    from catalog.formfields import check_form_data
    from catalog.interchange import _Checker
    from catalog.models import FormField

    fields = [FormField(key="area", label="Diện tích", kind=FormField.Kind.NUMBER,
                        required=True)]
    checker = _Checker()
    for text, expected in [("1 500,5", "1500.5"), ("1\u00a0500", "1500")]:
        assert check_form_data(fields, {"area": text}) == {"area": expected}
        assert checker.number({"x": text}, "x", "here") == Decimal(expected)
        assert parse_number(text, lowest=ZERO, highest=Decimal(10000)) == Decimal(expected)
    assert not checker.errors
    for text in ["NaN", "Infinity", "12 m2"]:
        with pytest.raises(ValidationError):
            check_form_data(fields, {"area": text})
        assert checker.number({"x": text}, "x", "here") is None
    assert len(checker.errors) == 3
