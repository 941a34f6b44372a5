"""import_procedures / export_procedures: JSON and Excel, row-level errors, all or nothing."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from catalog.models import Procedure, ProcedureVersion, PublicationDecision

pytestmark = pytest.mark.django_db

NEW_PROCEDURE = {
    "code": "1.012900.H26",
    "name": "Cấp giấy phép khai thác thủy sản ven bờ",
    "field": "THUYSAN",
    "level": "commune",
    "implementing_agency": "Ủy ban nhân dân cấp xã",
    "steps": ["Nộp hồ sơ", "Thẩm định", "Cấp giấy phép"],
    "methods": ["counter", "online"],
    "processing_time": 5,
    "time_unit": "working_day",
    "applicants": "Tổ chức, cá nhân có tàu cá dưới 12 mét",
    "result": "Giấy phép khai thác thủy sản",
    "online_level": "partial",
    "fees": [{"kind": "charge", "description": "Lệ phí cấp giấy phép", "amount": 40000,
              "valid_from": "2025-07-01"}],
    "legal_basis": [{"number": "Luật số 18/2017/QH14", "title": "Luật Thủy sản",
                     "effective_on": "2019-01-01"}],
    "components": [{"name": "Đơn đề nghị cấp giấy phép", "template_name": "Mẫu 04.KT"},
                   {"name": "Giấy chứng nhận đăng ký tàu cá", "originals": 0, "copies": 1}],
    "process": [
        {"name": "Tiếp nhận", "role": "counter_officer", "performer": "Bộ phận Một cửa",
         "duration": 0.5},
        {"name": "Thẩm định", "role": "specialist", "performer": "Công chức nông nghiệp",
         "duration": 3.5},
        {"name": "Ký", "role": "leader", "performer": "Lãnh đạo UBND xã", "duration": 1},
    ],
}
DOCUMENT = {
    "format": "motcua-catalog",
    "fields": [{"code": "THUYSAN", "name": "Thủy sản"}],
    "decisions": [{"number": "301/QĐ-UBND", "title": "Công bố thủ tục lĩnh vực thủy sản",
                   "signed_on": "2026-02-02", "effective_on": "2026-02-10",
                   "items": [{"procedure": "1.012900.H26", "action": "new"}]}],
    "procedures": [NEW_PROCEDURE],
}


def run_import(tmp_path, document, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_procedures", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_errors(tmp_path, document, name="catalog.json"):
    err = StringIO()
    path = tmp_path / name
    if isinstance(document, bytes):
        path.write_bytes(document)
    else:
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_procedures", str(path), stdout=StringIO(), stderr=err)
    rows = [line.split("\t") for line in err.getvalue().splitlines()]
    return rows, str(exc.value)


def test_it_imports_a_new_procedure_with_its_decision(tmp_path):
    out, _ = run_import(tmp_path, DOCUMENT)
    assert "Đã nhập 1 thủ tục, 1 lĩnh vực, 1 quyết định công bố" in out
    procedure = Procedure.objects.get(code="1.012900.H26")
    assert procedure.fully_published
    assert procedure.components.count() == 2
    assert procedure.accepts_dossiers()
    version = procedure.versions.get()
    assert version.number == 1 and version.decision.number == "301/QĐ-UBND"


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    run_import(tmp_path, DOCUMENT)
    versions = ProcedureVersion.objects.count()
    run_import(tmp_path, DOCUMENT)
    assert ProcedureVersion.objects.count() == versions
    assert Procedure.objects.get(code="1.012900.H26").version == 1


def test_an_amendment_keeps_the_history(tmp_path, client):
    run_import(tmp_path, DOCUMENT)
    amended = copy.deepcopy(DOCUMENT)
    amended["procedures"][0]["processing_time"] = 4
    amended["procedures"][0]["process"][1]["duration"] = 2.5
    amended["decisions"] = [{"number": "450/QĐ-UBND", "title": "Sửa đổi thủ tục thủy sản",
                             "signed_on": "2026-03-01", "effective_on": "2026-03-05",
                             "items": [{"procedure": "1.012900.H26", "action": "amended"}]}]
    run_import(tmp_path, amended)
    procedure = Procedure.objects.get(code="1.012900.H26")
    assert procedure.version == 2
    old, new = procedure.versions.order_by("number")
    assert old.snapshot["processing_time"] == 5.0 and new.snapshot["processing_time"] == 4.0
    assert new.decision.number == "450/QĐ-UBND"
    page = client.get("/thu-tuc/1.012900.H26/").content.decode()
    assert "Phiên bản 2" in page and "450/QĐ-UBND" in page and "301/QĐ-UBND" in page


def test_abolition_takes_effect_on_the_effective_date(tmp_path, client):
    document = {"decisions": [{"number": "12/QĐ-UBND", "title": "Bãi bỏ thủ tục",
                               "signed_on": "2026-01-02", "effective_on": "2099-01-01",
                               "items": [{"procedure": "1.004217", "action": "abolished"}]}]}
    run_import(tmp_path, document)
    procedure = Procedure.objects.get(code="1.004217")
    assert procedure.accepts_dossiers()  # not yet
    assert "sẽ bị bãi bỏ từ ngày 01/01/2099" in client.get("/thu-tuc/1.004217/").content.decode()
    import datetime
    assert not procedure.accepts_dossiers(datetime.date(2099, 1, 1))
    assert procedure.is_abolished(datetime.date(2099, 1, 2))


def test_errors_are_listed_by_row_and_field_and_nothing_is_imported(tmp_path):
    bad = copy.deepcopy(DOCUMENT)
    good = bad["procedures"][0]
    broken = copy.deepcopy(good)
    broken.update(code="2.000001", level="huyen", processing_time="năm")
    broken["fees"][0]["amount"] = -5
    broken["components"][0]["replaced_by_data"] = True
    broken["procesing_time"] = 3
    bad["procedures"].append(broken)
    before = (Procedure.objects.count(), PublicationDecision.objects.count())
    rows, message = import_errors(tmp_path, bad)
    assert ["procedures[1]", "level", "phải là một trong: province, commune"] in rows
    assert ["procedures[1]", "processing_time", "phải là số"] in rows
    assert ["procedures[1].fees[0]", "amount", "không được nhỏ hơn 0"] in rows
    assert ["procedures[1].components[0]", "data_source",
            "phải nêu cơ sở dữ liệu thay thế giấy tờ"] in rows
    assert ["procedures[1]", "procesing_time", "trường không được hỗ trợ"] in rows
    assert "không có dữ liệu nào được nhập" in message
    assert (Procedure.objects.count(), PublicationDecision.objects.count()) == before


def test_the_internal_process_must_add_up_to_the_time_limit(tmp_path):
    bad = copy.deepcopy(DOCUMENT)
    bad["procedures"][0]["process"][1]["duration"] = 4
    rows, _ = import_errors(tmp_path, bad)
    assert rows == [["procedures[0]", "process",
                     "tổng thời gian các bước quy trình nội bộ (5.5) khác thời hạn giải quyết (5)"]]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["procedures"].append(copy.deepcopy(NEW_PROCEDURE)),
     ["procedures[1]", "code", "mã thủ tục 1.012900.H26 xuất hiện nhiều lần (lần đầu ở procedures[0])"]),
    (lambda d: d["procedures"][0].update(field="KHONGCO"),
     ["procedures[0]", "field", "lĩnh vực KHONGCO không có trong danh mục"]),
    (lambda d: d["procedures"][0].update(agency="000.99.99.H26"),
     ["procedures[0]", "agency", "cơ quan mã 000.99.99.H26 không tồn tại"]),
    (lambda d: d["procedures"][0].update(online_level="full", methods=["counter"]),
     ["procedures[0]", "online_level", "thủ tục trực tuyến phải có cách thức nộp trực tuyến (online)"]),
    (lambda d: d["decisions"][0]["items"].append({"procedure": "9.999", "action": "new"}),
     ["decisions[0].items[1]", "procedure", "thủ tục 9.999 không tồn tại"]),
    (lambda d: d["decisions"][0].update(effective_on="2026-01-01"),
     ["decisions[0]", "effective_on", "ngày có hiệu lực trước ngày ký"]),
    (lambda d: d["procedures"][0]["fees"][0].update(valid_from="31/02/2026"),
     ["procedures[0].fees[0]", "valid_from", "phải là ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY"]),
    (lambda d: d["procedures"][0].update(code="mã có dấu"),
     ["procedures[0]", "code", "chỉ gồm chữ, số, dấu chấm, gạch ngang (tối đa 40 ký tự)"]),
    (lambda d: d["procedures"][0].update(bundled=["1.012900.H26"], inter_agency=True),
     ["procedures[0]", "bundled", "thủ tục không thể liên thông với chính nó"]),
    (lambda d: d["procedures"][0].update(no_fee=True),
     ["procedures[0]", "no_fee", "thủ tục đã khai báo không thu phí nhưng lại có dòng phí"]),
])
def test_each_rule_names_the_row_and_field(tmp_path, change, expected):
    bad = copy.deepcopy(DOCUMENT)
    change(bad)
    rows, _ = import_errors(tmp_path, bad)
    assert expected in rows


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path):
    _, message = import_errors(tmp_path, b"\xff\xfe not json")
    assert "không phải JSON hợp lệ" in message
    _, message = import_errors(tmp_path, b"PK\x03\x04 broken", name="catalog.xlsx")
    assert "Không đọc được tệp Excel" in message
    _, message = import_errors(tmp_path, [1, 2, 3])
    assert "1 lỗi" in message


def test_a_missing_file_is_refused_clearly():
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_procedures", "/khong/co/tep.json", stdout=StringIO())


def test_json_export_imports_back_unchanged(tmp_path):
    path = tmp_path / "export.json"
    call_command("export_procedures", "--output", str(path), stderr=StringIO())
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert len(exported["procedures"]) == Procedure.objects.count()
    versions = ProcedureVersion.objects.count()
    call_command("import_procedures", str(path), stdout=StringIO())
    assert ProcedureVersion.objects.count() == versions


def test_excel_export_imports_back_unchanged(tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    call_command("export_procedures", "--output", str(path), stderr=StringIO())
    workbook = load_workbook(path)
    assert workbook.sheetnames[:3] == ["Lĩnh vực", "Thủ tục", "Thành phần hồ sơ"]
    assert workbook["Thủ tục"]["A1"].value == "Mã thủ tục"
    versions = ProcedureVersion.objects.count()
    out = StringIO()
    call_command("import_procedures", str(path), stdout=out)
    assert f"Đã nhập {Procedure.objects.count()} thủ tục" in out.getvalue()
    assert ProcedureVersion.objects.count() == versions


def test_an_excel_edit_becomes_a_new_version(tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    call_command("export_procedures", "--output", str(path), "--field", "HT", stderr=StringIO())
    workbook = load_workbook(path)
    sheet = workbook["Thủ tục"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "1.000894")
    row[1].value = "Đăng ký kết hôn (sửa đổi)"
    workbook.save(path)
    call_command("import_procedures", str(path), stdout=StringIO())
    procedure = Procedure.objects.get(code="1.000894")
    assert procedure.name == "Đăng ký kết hôn (sửa đổi)" and procedure.version == 2


def test_excel_errors_name_the_sheet_and_row(tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    call_command("export_procedures", "--output", str(path), "--field", "HT", stderr=StringIO())
    workbook = load_workbook(path)
    workbook["Thủ tục"]["B3"].value = None
    workbook["Phí, lệ phí"]["D2"].value = "tám nghìn"
    workbook["Thành phần hồ sơ"].append(["9.999.999", "Giấy tờ lạc"])
    workbook.save(path)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_procedures", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith("Thành phần hồ sơ!") and "9.999.999" in line for line in lines)
    err = StringIO()
    workbook["Thành phần hồ sơ"].delete_rows(workbook["Thành phần hồ sơ"].max_row)
    workbook.save(path)
    with pytest.raises(CommandError):
        call_command("import_procedures", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "Thủ tục!3\tname\tkhông được để trống" in lines
    assert "Phí, lệ phí!2\tamount\tphải là số" in lines


def test_check_only_writes_nothing(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(DOCUMENT, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("import_procedures", str(path), "--check", stdout=out)
    assert "Hợp lệ: 1 thủ tục" in out.getvalue()
    assert not Procedure.objects.filter(code="1.012900.H26").exists()


def test_an_uploaded_form_template_survives_a_reimport(tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path / "media"
    run_import(tmp_path, DOCUMENT)
    component = Procedure.objects.get(code="1.012900.H26").components.get(
        name="Đơn đề nghị cấp giấy phép")
    component.template_file.save("mau-04-kt.docx", ContentFile(b"mau don"))
    amended = copy.deepcopy(DOCUMENT)
    amended["procedures"][0]["applicants"] = "Tổ chức, cá nhân có tàu cá"
    run_import(tmp_path, amended)
    component = Procedure.objects.get(code="1.012900.H26").components.get(
        name="Đơn đề nghị cấp giấy phép")
    assert component.template_file.name.startswith("catalog/templates/mau-04-kt")


def test_whether_citizens_are_among_the_applicants_travels_with_the_catalog(tmp_path):
    """766 indicator 4.5a counts the procedures whose applicants include citizens: a
    procedure for organisations only says so, and the flag survives an import."""
    run_import(tmp_path, DOCUMENT)
    assert Procedure.objects.get(code="1.012900.H26").for_citizens  # by default
    document = copy.deepcopy(DOCUMENT)
    document["procedures"][0]["for_citizens"] = False
    document["decisions"][0]["number"] = "302/QĐ-UBND"
    document["decisions"][0]["items"][0]["action"] = "amended"
    run_import(tmp_path, document)
    assert not Procedure.objects.get(code="1.012900.H26").for_citizens


def test_an_english_user_reads_the_import_errors_in_english(tmp_path):
    """The reasons go through gettext: the same broken row, in each language."""
    from django.utils import translation

    bad = copy.deepcopy(DOCUMENT)
    bad["procedures"][0].update(level="huyen", processing_time="năm")
    with translation.override("en"):
        rows, message = import_errors(tmp_path, bad)
    assert ["procedures[0]", "level", "must be one of: province, commune"] in rows
    assert ["procedures[0]", "processing_time", "must be a number"] in rows
    assert "nothing was imported" in message
    with translation.override("vi"):
        rows, message = import_errors(tmp_path, bad)
    assert ["procedures[0]", "processing_time", "phải là số"] in rows
