"""Numbers as people type them into a score, a figure or a margin: "62,5" or "62.5", within a
range and to a number of decimals.

The one place for it (directives.kpi, reform.assess, reform.excel, surveys.actions): Python's
Decimal reads "NaN", "Infinity" and "1e309" as numbers, and comparing a NaN or rounding a huge
one raises instead of answering, which made a 500 of a mistyped score. Each caller words its
own error; this only says whether the text is a number it may keep.
"""

from decimal import Decimal, InvalidOperation


def parse_number(raw, *, lowest, highest, places=2):
    """The Decimal `raw` spells, if it is finite, within [lowest, highest] and has at most
    `places` decimals (None: any, as a spreadsheet's floats have); else None. A bool, a list
    or a mapping (from JSON) is not a number."""
    if raw is None or isinstance(raw, (bool, list, dict)):
        return None
    text = str(raw).strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    # The range before the rounding: quantizing 1e309 is itself an error.
    if not number.is_finite() or not lowest <= number <= highest:
        return None
    if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
        return None
    return number
