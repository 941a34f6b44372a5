"""Numbers as people type them into a score, a figure or a margin: "62,5" or "62.5", within a
range and to a number of decimals.

The one place for it (directives.kpi, reform.assess, reform.excel, surveys.actions, the
answers to a procedure's declared form fields in catalog.formfields, and the catalog's import
in catalog.interchange): Python's Decimal reads "NaN", "Infinity" and "1e309" as numbers, and
comparing a NaN or rounding a huge one raises instead of answering, which made a 500 of a
mistyped score. Each caller words its own error; this only says whether the text is a number
it may keep.
"""

import re
from decimal import Decimal, InvalidOperation

# Spaces a number may be grouped with: typed, or copied from a spreadsheet's or a document's
# formatting (no-break and narrow no-break spaces).
_GROUPING = re.compile("[ \u00a0\u202f]")
# The longest text read as a number, spaces included ("1 234 567 890,25" is 16): longer text
# is no figure anyone types (a number itself, as a spreadsheet cell holds it, has no limit).
# The API's request serializers publish it as maxLength.
NUMBER_TEXT_MAX = 40


def read_number(raw):
    """The finite Decimal `raw` spells, or None. A comma is the decimal separator as a dot is
    ("62,5" is 62.5), and spaces may group the digits ("1 000 000"). A bool, a list or a
    mapping (from JSON) is not a number; nor are NaN and the infinities."""
    if raw is None or isinstance(raw, (bool, list, dict)):
        return None
    text = str(raw).strip()
    if isinstance(raw, str) and len(text) > NUMBER_TEXT_MAX:
        return None
    text = _GROUPING.sub("", text).replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse_number(raw, *, lowest, highest, places=2):
    """The Decimal `raw` spells (read_number), if it is within [lowest, highest] and has at
    most `places` decimals (None: any, as a spreadsheet's floats have); else None."""
    number = read_number(raw)
    # The range before the rounding: quantizing 1e309 is itself an error.
    if number is None or not lowest <= number <= highest:
        return None
    if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
        return None
    return number
