"""Frameworks in and out as Excel, in the layout of the official annexes of a reform index
(STT, field / criterion / sub-criterion, maximum points, evidence), with MotCua's scoring
columns after them. A row's STT says what it is: "2" a field, "2.3" a criterion, "2.3.1" a
sub-criterion. An exported file imports back unchanged; a bad file is refused whole, every bad
row named ("Bộ chỉ số!7"). The headers and the method and rule words are the file's format, in
Vietnamese whatever the user's language."""

import re
from decimal import Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from motcua.numbers import parse_number
from reform.actions import problems
from reform.models import Area, Criterion, Framework, SubCriterion

SHEET = "Bộ chỉ số"
COLUMNS = [
    ("number", "STT"), ("name", "Lĩnh vực, tiêu chí, tiêu chí thành phần"),
    ("max_points", "Điểm tối đa"), ("evidence", "Tài liệu kiểm chứng"),
    ("evidence_min", "Số tài liệu tối thiểu"), ("method", "Cách chấm"), ("rule", "Quy tắc"),
    ("target", "Chỉ tiêu (%)"), ("bands", "Các mức (từ %: điểm)"),
    ("deduction", "Điểm trừ mỗi trường hợp"), ("measure", "Số liệu tự động"),
]
M, R = SubCriterion.Method, SubCriterion.Rule
METHODS = {M.SELF: "Đơn vị tự chấm", M.AUTO: "Tự động", M.SURVEY: "Điều tra xã hội học"}
RULES = {R.FULL_OR_NONE: "Đạt hoặc không", R.PROPORTIONAL: "Tỷ lệ theo chỉ tiêu",
         R.BANDS: "Theo mức", R.DEDUCTIONS: "Trừ điểm"}
NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2}){0,2}$")


class FrameworkError(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(f"{e['location']}: {e['reason']}" for e in errors))
        self.errors = errors


def _plain(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    return value


def export(framework):
    """The framework as a workbook (bytes)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([framework.name])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([label for _key, label in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for area in framework.areas.prefetch_related("criteria__sub_criteria"):
        subs = [s for c in area.criteria.all() for s in c.sub_criteria.all()]
        sheet.append([str(area.number), area.name, _plain(sum(s.max_points for s in subs))])
        sheet.cell(sheet.max_row, 2).font = Font(bold=True)
        for criterion in area.criteria.all():
            points = sum(s.max_points for s in criterion.sub_criteria.all())
            sheet.append([f"{area.number}.{criterion.number}", criterion.name, _plain(points)])
            for sub in criterion.sub_criteria.all():
                sheet.append([
                    f"{area.number}.{criterion.number}.{sub.number}", sub.name,
                    _plain(sub.max_points), sub.evidence, sub.evidence_min or None,
                    METHODS[sub.method], RULES[sub.rule], _plain(sub.target),
                    "; ".join(f"{_plain(Decimal(str(f)))}: {_plain(Decimal(str(p)))}"
                              for f, p in sub.bands) or None,
                    _plain(sub.deduction), sub.measure or None])
    for column, width in zip("ABCDEFGHIJK", (8, 60, 10, 40, 10, 18, 18, 10, 24, 12, 14),
                             strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _decimal(value, errors, where, label, *, required=False):
    if value in (None, ""):
        if required:
            errors.append({"location": where, "reason": _("%(column)s is required.")
                           % {"column": label}})
        return None
    number = parse_number(value, lowest=Decimal(0), highest=Decimal("9999.99"),
                          places=None)  # a (6, 2) column rounds it
    if number is None:
        errors.append({"location": where, "reason": _("%(column)s must be a number from 0 to "
                                                       "9999.") % {"column": label}})
    return number


BAND_LIMIT = Decimal(10) ** 9


def _bands(text, errors, where):
    bands = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        floor, sep, points = part.partition(":")
        # Their range is the framework's check (reform.actions: 0-100 %, at most the
        # sub-criterion's maximum points), which reads the framework once written: here only
        # numbers a JSON column can hold (1e400 would be written as Infinity, which
        # PostgreSQL refuses).
        pair = [parse_number(x, lowest=-BAND_LIMIT, highest=BAND_LIMIT, places=None)
                for x in (floor, points)]
        if sep and None not in pair:
            bands.append([float(x) for x in pair])
        else:
            errors.append({"location": where, "reason": _(
                "Bands are written 'from %: points', separated by ';' (98: 6; 95: 4.5).")})
            return []
    return bands


def read(data):
    """The rows of a workbook (bytes) as areas, criteria and sub-criteria; FrameworkError
    naming every bad row."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FrameworkError([{"location": "", "reason": _(
            "Cannot read the Excel file: %(error)s") % {"error": exc.__class__.__name__}}]) \
            from None
    if SHEET not in book.sheetnames:
        raise FrameworkError([{"location": SHEET, "reason": _("sheet missing")}])
    rows = book[SHEET].iter_rows(values_only=True)
    labels = {label: key for key, label in COLUMNS}
    header, start = None, 0
    for row in rows:
        start += 1
        if row and row[0] is not None and str(row[0]).strip() == "STT":
            header = [labels.get(str(c).strip()) if c is not None else None for c in row]
            break
    if header is None:
        raise FrameworkError([{"location": SHEET, "reason": _("No header row (STT, ...).")}])
    errors, areas = [], []
    by_number = {}
    for line, row in enumerate(rows, start=start + 1):
        values = {k: v for k, v in zip(header, row) if k and v not in (None, "")}
        if not values:
            continue
        where = f"{SHEET}!{line}"
        number = str(values.get("number", "")).strip()
        name = str(values.get("name", "")).strip()
        if not NUMBER.match(number):
            errors.append({"location": where, "reason": _(
                "STT must be like 2, 2.3 or 2.3.1.")})
            continue
        if not name or len(name) > 500:
            errors.append({"location": where, "reason": _(
                "The name is required, at most 500 characters.")})
            continue
        parts = [int(p) for p in number.split(".")]
        parent = by_number.get(".".join(map(str, parts[:-1]))) if len(parts) > 1 else None
        if number in by_number:
            errors.append({"location": where, "reason": _("STT %(number)s appears twice.")
                           % {"number": number}})
            continue
        if len(parts) > 1 and parent is None:
            errors.append({"location": where, "reason": _(
                "%(number)s comes before the row it belongs to.") % {"number": number}})
            continue
        if len(parts) == 1:
            item = {"number": parts[0], "name": name, "criteria": []}
            areas.append(item)
        elif len(parts) == 2:
            item = {"number": parts[1], "name": name, "subs": []}
            parent["criteria"].append(item)
        else:
            item = _sub(values, parts[2], name, errors, where)
            if item is None:
                continue
            parent["subs"].append(item)
        by_number[number] = item
    if errors:
        raise FrameworkError(errors)
    if not areas:
        raise FrameworkError([{"location": SHEET, "reason": _("The sheet has no row.")}])
    return areas


def _sub(values, number, name, errors, where):
    before = len(errors)
    methods = {v: k for k, v in METHODS.items()}
    rules = {v: k for k, v in RULES.items()}
    method = methods.get(str(values.get("method", METHODS[M.SELF])).strip())
    rule = rules.get(str(values.get("rule", RULES[R.FULL_OR_NONE])).strip())
    if method is None:
        errors.append({"location": where, "reason": _("Cách chấm must be one of: %(choices)s.")
                       % {"choices": ", ".join(METHODS.values())}})
    if rule is None:
        errors.append({"location": where, "reason": _("Quy tắc must be one of: %(choices)s.")
                       % {"choices": ", ".join(RULES.values())}})
    points = _decimal(values.get("max_points"), errors, where, "Điểm tối đa", required=True)
    target = _decimal(values.get("target"), errors, where, "Chỉ tiêu (%)")
    deduction = _decimal(values.get("deduction"), errors, where, "Điểm trừ mỗi trường hợp")
    minimum = _decimal(values.get("evidence_min"), errors, where, "Số tài liệu tối thiểu")
    bands = _bands(values["bands"], errors, where) if "bands" in values else []
    evidence = str(values.get("evidence", "")).strip()
    if len(evidence) > 500:
        errors.append({"location": where, "reason": _(
            "The evidence required is at most 500 characters.")})
    if len(errors) > before:
        return None
    return {"number": number, "name": name, "max_points": points, "method": method,
            "rule": rule, "target": target, "bands": bands, "deduction": deduction,
            "measure": str(values.get("measure", "")).strip()[:40], "evidence": evidence,
            "evidence_min": int(minimum or 0), "where": where}


def check_import(data, year, unit_type, name=""):
    """The workbook as a framework for `year` and `unit_type`, checked whole (its rows, then
    the framework's own rules: points adding up to 100, what each rule needs). Returns what
    do_import writes."""
    if unit_type not in Framework.UnitType.values:
        raise ValidationError(_("Unknown unit type."))
    if Framework.objects.filter(year=year, unit_type=unit_type).exists():
        raise ValidationError(_("%(year)d has a framework for this unit type already.")
                              % {"year": year})
    areas = read(data)
    with transaction.atomic():  # written to be checked as the framework it would be, undone
        found = problems(_write(areas, year, unit_type, name))
        transaction.set_rollback(True)
    if found:
        raise FrameworkError([{"location": code, "reason": reason} for code, reason in found])
    return {"areas": areas, "year": year, "unit_type": unit_type, "name": name}


@transaction.atomic
def do_import(cleaned):
    return _write(cleaned["areas"], cleaned["year"], cleaned["unit_type"], cleaned["name"])


def _write(areas, year, unit_type, name):
    framework = Framework.objects.create(
        year=year, unit_type=unit_type,
        name=name or _("Reform index %(year)d: %(units)s")
        % {"year": year, "units": Framework.UnitType(unit_type).label})
    for a in areas:
        area = Area.objects.create(framework=framework, number=a["number"], name=a["name"])
        for c in a["criteria"]:
            criterion = Criterion.objects.create(area=area, number=c["number"], name=c["name"])
            SubCriterion.objects.bulk_create(
                SubCriterion(criterion=criterion, **{k: v for k, v in s.items() if k != "where"})
                for s in c["subs"])
    return framework
