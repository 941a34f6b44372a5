"""Frameworks in and out as Excel: the round trip, every bad row named, nothing half-written."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reform import demo, excel
from reform.models import Framework

pytestmark = pytest.mark.django_db


def rows(framework):
    return [(s.code, s.name, s.max_points, s.method, s.rule, s.target, s.bands, s.deduction,
             s.measure, s.evidence, s.evidence_min) for s in framework.sub_criteria()]


def test_an_exported_framework_imports_back_unchanged(tmp_path):
    framework = demo.build(2025, "department")
    data = excel.export(framework)
    sheet = load_workbook(BytesIO(data))[excel.SHEET]
    assert [c.value for c in sheet[2]][:4] == ["STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần",
                                               "Điểm tối đa", "Tài liệu kiểm chứng"]
    assert sheet["A3"].value == "1" and sheet["C3"].value == 15  # a field: its criteria's sum
    again = excel.do_import(excel.check_import(data, 2026, "department"))
    assert rows(again) == rows(framework)
    assert [(a.number, a.name) for a in again.areas.all()] == \
        [(a.number, a.name) for a in framework.areas.all()]
    # And through the command.
    path = tmp_path / "bo-chi-so.xlsx"
    call_command("reform_framework", "--export", "2025", "department", str(path),
                 stdout=StringIO())
    call_command("reform_framework", "--import", str(path), "--year", "2027", "--unit-type",
                 "department", stdout=StringIO())
    assert rows(Framework.objects.get(year=2027, unit_type="department")) == rows(framework)


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path):
    framework = demo.build(2025, "commune")
    book = load_workbook(BytesIO(excel.export(framework)))
    sheet = book[excel.SHEET]
    # Rows 3 to 10: 1, 1.1, 1.1.1, 1.1.2, 1.2, 1.2.1, 1.3, 1.3.1.
    assert [sheet[f"A{n}"].value for n in range(3, 11)] == [
        "1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "1.3", "1.3.1"]
    sheet["A5"] = "1.x"  # a sub-criterion's STT
    sheet["C6"] = "nhiều"  # points that are not a number
    sheet["F8"] = "Cấp trên chấm"  # an unknown method
    sheet["I10"] = "98 điểm"  # bands not written "from %: points"
    buffer = BytesIO()
    book.save(buffer)
    before = Framework.objects.count()
    with pytest.raises(excel.FrameworkError) as exc:
        excel.check_import(buffer.getvalue(), 2026, "commune")
    found = {e["location"]: e["reason"] for e in exc.value.errors}
    assert set(found) == {"Bộ chỉ số!5", "Bộ chỉ số!6", "Bộ chỉ số!8", "Bộ chỉ số!10"}
    assert "STT" in found["Bộ chỉ số!5"] and "Điểm tối đa" in found["Bộ chỉ số!6"]
    assert "Cách chấm" in found["Bộ chỉ số!8"] and "98: 6" in found["Bộ chỉ số!10"]
    assert Framework.objects.count() == before


def test_a_framework_that_does_not_add_up_is_refused_whole():
    framework = demo.build(2025, "department")
    book = load_workbook(BytesIO(excel.export(framework)))
    sheet = book[excel.SHEET]
    for row in sheet.iter_rows(min_row=3):
        if str(row[0].value).count(".") == 2:
            row[2].value = 1  # every sub-criterion worth 1 point
            break
    buffer = BytesIO()
    book.save(buffer)
    with pytest.raises(excel.FrameworkError) as exc:
        excel.check_import(buffer.getvalue(), 2026, "department")
    assert any("không phải 100" in e["reason"] for e in exc.value.errors)
    assert not Framework.objects.filter(year=2026).exists()
    with pytest.raises(excel.FrameworkError):
        excel.check_import(b"not a workbook", 2026, "department")
    with pytest.raises(CommandError):
        call_command("reform_framework", "--import", "/nonexistent.xlsx", "--year", "2026",
                     "--unit-type", "department", stdout=StringIO())


def test_bands_too_large_to_store_are_named_and_a_decimal_comma_is_read():
    """A band of 1e400 would be written as Infinity, which a JSON column refuses: it is named
    as a mistyped band, not a server error. "4,5" is 4.5, as people write it."""
    framework = demo.build(2025, "department")
    band_row = next(s for s in framework.sub_criteria() if s.rule == "bands")
    book = load_workbook(BytesIO(excel.export(framework)))
    sheet = book[excel.SHEET]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == band_row.code)
    row[8].value = "98: 6; 95: 4,5"
    good = BytesIO()
    book.save(good)
    again = excel.do_import(excel.check_import(good.getvalue(), 2026, "department"))
    assert next(s.bands for s in again.sub_criteria() if s.code == band_row.code) \
        == [[98, 6], [95, 4.5]]
    for bad in ("1e400: 6", "98: 1e400", "98: NaN"):
        row[8].value = bad
        buffer = BytesIO()
        book.save(buffer)
        with pytest.raises(excel.FrameworkError) as exc:
            excel.check_import(buffer.getvalue(), 2027, "department")
        assert [e["location"] for e in exc.value.errors] == [f"Bộ chỉ số!{row[0].row}"]
    assert not Framework.objects.filter(year=2027).exists()
