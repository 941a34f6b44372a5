"""Declared form fields: in the catalog document, in the API, and the answers' checks."""

import copy
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from catalog.formfields import answers, check_form_data
from catalog.models import FormField, Procedure
from catalog.tests.test_import_export import DOCUMENT, import_errors, run_import


def declared(key, kind="text", required=True, choices=""):
    return FormField(key=key, label=key.replace("_", " "), kind=kind, required=required,
                     choices=choices)


FIELDS = [
    declared("child_name"),
    declared("child_birth_date", "date"),
    declared("area", "number"),
    declared("gender", "choice", choices="Nam\nNữ"),
    declared("note", "textarea", required=False),
    declared("commitment", "yesno"),
    declared("urgent", "yesno", required=False),
]
GOOD = {"child_name": "  Nguyễn Minh An ", "child_birth_date": "02/11/2026", "area": "82,50",
        "gender": "Nam", "commitment": "on"}


def test_answers_are_normalised_for_storage():
    assert check_form_data(FIELDS, GOOD) == {
        "child_name": "Nguyễn Minh An", "child_birth_date": "2026-11-02", "area": "82.5",
        "gender": "Nam", "commitment": True}
    assert check_form_data(FIELDS, {**GOOD, "urgent": False})["urgent"] is False


@pytest.mark.parametrize("change, key, message", [
    ({"child_name": ""}, "child_name", "bắt buộc"),
    ({"child_birth_date": "31/02/2026"}, "child_birth_date", "DD/MM/YYYY"),
    ({"child_birth_date": "1850-01-01"}, "child_birth_date", "ngoài khoảng"),
    ({"area": "tám mươi"}, "area", "Nhập một số"),
    ({"area": "-3"}, "area", "âm"),
    ({"area": "1e400"}, "area", "Nhập một số"),
    ({"gender": "Khác"}, "gender", "Nam; Nữ"),
    ({"commitment": ""}, "commitment", "Đánh dấu"),
    ({"commitment": "có lẽ"}, "commitment", "có hoặc không"),
    ({"note": "x" * 4001}, "note", "4000"),
    ({"child_name": ["An"]}, "child_name", "một giá trị"),
    ({"nickname": "Bin"}, "nickname", "không yêu cầu"),
])
def test_each_bad_answer_is_named(change, key, message):
    with pytest.raises(ValidationError) as exc:
        check_form_data(FIELDS, {**GOOD, **change})
    errors = exc.value.message_dict
    assert list(errors) == [f"form_data.{key}"]
    assert message in errors[f"form_data.{key}"][0]


def test_form_data_must_be_an_object():
    with pytest.raises(ValidationError) as exc:
        check_form_data(FIELDS, ["Nguyễn Minh An"])
    assert "form_data" in exc.value.message_dict


def test_a_partial_declaration_may_leave_required_answers_out_but_not_wrong_ones():
    assert check_form_data(FIELDS, {"child_name": "An"}, partial=True) == {"child_name": "An"}
    with pytest.raises(ValidationError):
        check_form_data(FIELDS, {"area": "nhiều"}, partial=True)


def test_answers_read_as_a_person_reads_them():
    rows = answers(FIELDS, {"child_birth_date": "2026-11-02", "commitment": True, "old": "x"})
    assert rows == [("child birth date", "02/11/2026"), ("commitment", "có"), ("old", "x")]


# ----------------------------------------------------------------------------- the catalog

pytestmark_db = pytest.mark.django_db

WITH_FORM = copy.deepcopy(DOCUMENT)
WITH_FORM["procedures"][0]["form_fields"] = [
    {"key": "vessel_number", "label": "Số đăng ký tàu cá", "help_text": "Ví dụ: HP-90123-TS"},
    {"key": "vessel_length", "label": "Chiều dài lớn nhất của tàu (m)", "kind": "number"},
    {"key": "gear", "label": "Nghề khai thác", "kind": "choice",
     "choices": ["Lưới rê", "Câu", "Lồng bẫy"]},
    {"key": "owner_birth_date", "label": "Ngày sinh chủ tàu", "kind": "date",
     "prefill": "birth_date", "required": False},
]


@pytestmark_db
def test_declared_fields_are_imported_shown_and_exported(tmp_path, client):
    run_import(tmp_path, WITH_FORM)
    procedure = Procedure.objects.get(code="1.012900.H26")
    assert [f.key for f in procedure.form_fields.all()] == [
        "vessel_number", "vessel_length", "gear", "owner_birth_date"]
    body = client.get("/api/v1/procedures/1.012900.H26").json()
    assert body["form_fields"][2] == {
        "key": "gear", "label": "Nghề khai thác", "kind": "choice", "required": True,
        "choices": ["Lưới rê", "Câu", "Lồng bẫy"], "help_text": "", "prefill": ""}
    assert body["form_fields"][3]["prefill"] == "birth_date"

    path = tmp_path / "export.json"
    call_command("export_procedures", "--output", str(path), stderr=StringIO())
    exported = json.loads(path.read_text(encoding="utf-8"))
    mine = next(p for p in exported["procedures"] if p["code"] == "1.012900.H26")
    assert mine["form_fields"][2]["choices"] == ["Lưới rê", "Câu", "Lồng bẫy"]


@pytestmark_db
def test_choices_survive_the_excel_round_trip(tmp_path):
    run_import(tmp_path, WITH_FORM)
    path = tmp_path / "danh-muc.xlsx"
    call_command("export_procedures", "--output", str(path), stderr=StringIO())
    sheet = load_workbook(path)["Trường tờ khai"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "gear")
    assert row[5] == "Lưới rê\nCâu\nLồng bẫy"
    version = Procedure.objects.get(code="1.012900.H26").version
    call_command("import_procedures", str(path), stdout=StringIO())
    procedure = Procedure.objects.get(code="1.012900.H26")
    assert procedure.version == version
    assert procedure.form_fields.get(key="gear").choice_list() == ["Lưới rê", "Câu", "Lồng bẫy"]


@pytestmark_db
@pytest.mark.parametrize("spec, field, reason", [
    ({"key": "Số tàu", "label": "Số tàu"}, "key", "chữ thường"),
    ({"key": "gear", "label": "Nghề", "kind": "choice", "choices": ["Câu"]}, "choices",
     "ít nhất hai"),
    ({"key": "note", "label": "Ghi chú", "choices": ["a", "b"]}, "choices", "chỉ trường lựa chọn"),
    ({"key": "note", "label": "Ghi chú", "kind": "photo"}, "kind", "phải là một trong"),
    ({"key": "note", "label": "Ghi chú", "prefill": "salary"}, "prefill", "phải là một trong"),
    ({"key": "note", "label": ""}, "label", "không được để trống"),
])
def test_each_bad_declared_field_is_named(tmp_path, spec, field, reason):
    bad = copy.deepcopy(DOCUMENT)
    bad["procedures"][0]["form_fields"] = [spec]
    rows, _ = import_errors(tmp_path, bad)
    assert any(r[0] == "procedures[0].form_fields[0]" and r[1] == field and reason in r[2]
               for r in rows), rows
    assert not Procedure.objects.filter(code="1.012900.H26").exists()


@pytestmark_db
def test_a_key_declared_twice_is_refused(tmp_path):
    bad = copy.deepcopy(DOCUMENT)
    bad["procedures"][0]["form_fields"] = [{"key": "gear", "label": "Nghề"},
                                           {"key": "gear", "label": "Nghề khác"}]
    rows, _ = import_errors(tmp_path, bad)
    assert ["procedures[0].form_fields[1]", "key", "trường gear khai báo hai lần"] in rows
