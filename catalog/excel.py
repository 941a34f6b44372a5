"""The catalog as an Excel workbook: one sheet per kind of row, linked by procedure code.

Headers are Vietnamese for the officers who edit the file; the English keys of the JSON
document are accepted too. Reading produces the same document check_catalog_document takes,
each row tagged with its location ("Thủ tục!5": sheet and row number) for error reports.
"""

import datetime
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from catalog.interchange import FORMAT, CatalogError

# (sheet, parent key or None, [(key, Vietnamese header)])
SHEETS = [
    ("Lĩnh vực", None, [("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực")]),
    ("Thủ tục", None, [
        ("code", "Mã thủ tục"), ("name", "Tên thủ tục"), ("field", "Mã lĩnh vực"),
        ("level", "Cấp thực hiện"), ("implementing_agency", "Cơ quan thực hiện"),
        ("agency", "Mã cơ quan có thẩm quyền"), ("steps", "Trình tự thực hiện"),
        ("methods", "Cách thức thực hiện"), ("method_note", "Ghi chú cách thức"),
        ("requirements", "Yêu cầu, điều kiện"), ("processing_time", "Thời hạn giải quyết"),
        ("time_unit", "Đơn vị thời gian"), ("processing_time_note", "Ghi chú thời hạn"),
        ("applicants", "Đối tượng thực hiện"),
        ("for_citizens", "Đối tượng thực hiện có công dân"), ("result", "Kết quả thực hiện"),
        ("result_electronic", "Có kết quả điện tử"),
        ("result_template", "Mẫu kết quả"), ("no_fee", "Không thu phí, lệ phí"),
        ("online_level", "Mức độ dịch vụ công trực tuyến"),
        ("receivable_anywhere", "Tiếp nhận không phụ thuộc địa giới hành chính"),
        ("inter_agency", "Liên thông"), ("bundled", "Thủ tục liên thông"), ("keywords", "Từ khóa"),
    ]),
    ("Thành phần hồ sơ", "components", [
        ("procedure", "Mã thủ tục"), ("name", "Tên giấy tờ"), ("originals", "Bản chính"),
        ("copies", "Bản sao"), ("required", "Bắt buộc"), ("template_name", "Mẫu đơn, tờ khai"),
        ("replaced_by_data", "Thay thế bằng dữ liệu"), ("data_source", "Cơ sở dữ liệu"),
        ("note", "Ghi chú"),
    ]),
    ("Trường tờ khai", "form_fields", [
        ("procedure", "Mã thủ tục"), ("key", "Mã trường"), ("label", "Nội dung cần khai"),
        ("kind", "Kiểu"), ("required", "Bắt buộc"), ("choices", "Các lựa chọn"),
        ("help_text", "Hướng dẫn"), ("prefill", "Lấy sẵn từ"),
    ]),
    ("Phí, lệ phí", "fees", [
        ("procedure", "Mã thủ tục"), ("kind", "Loại"), ("description", "Mô tả"),
        ("amount", "Mức thu (đồng)"), ("valid_from", "Áp dụng từ ngày"),
        ("valid_to", "Áp dụng đến ngày"), ("legal_basis", "Căn cứ"), ("note", "Miễn, giảm, ghi chú"),
    ]),
    ("Căn cứ pháp lý", "legal_basis", [
        ("procedure", "Mã thủ tục"), ("number", "Số, ký hiệu"), ("title", "Trích yếu"),
        ("issued_on", "Ngày ban hành"), ("effective_on", "Ngày có hiệu lực"),
    ]),
    ("Quy trình nội bộ", "process", [
        ("procedure", "Mã thủ tục"), ("name", "Bước"), ("role", "Vai trò"),
        ("performer", "Đơn vị thực hiện"), ("agency", "Mã cơ quan"), ("duration", "Thời gian"),
    ]),
    ("Quyết định công bố", None, [
        ("number", "Số quyết định"), ("title", "Trích yếu"), ("signed_on", "Ngày ký"),
        ("effective_on", "Ngày có hiệu lực"), ("publicised_on", "Ngày công khai"),
        ("signer", "Người ký"),
    ]),
    ("Thủ tục được công bố", "items", [
        ("decision", "Số quyết định"), ("procedure", "Mã thủ tục"), ("action", "Hình thức"),
        ("replaces", "Thay thế thủ tục"),
    ]),
]
CHILDREN = ("components", "form_fields", "fees", "legal_basis", "process")
_LIST_KEYS = {"steps": "\n", "methods": ", ", "bundled": ", "}


def _cell(value):
    # Booleans are written as words so that "no" survives the round trip (an empty cell
    # means "use the default", which for "required" is yes).
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):  # a form field's choices: one per line in the cell
        return "\n".join(value)
    return value


def document_to_workbook(document):
    wb = Workbook()
    wb.remove(wb.active)
    rows = {name: [] for name, _, _ in SHEETS}
    rows["Lĩnh vực"] = document["fields"]
    for p in document["procedures"]:
        top = {k: v for k, v in p.items() if k not in CHILDREN}
        for key, sep in _LIST_KEYS.items():
            top[key] = sep.join(top.get(key) or [])
        rows["Thủ tục"].append(top)
        for sheet, child, _columns in SHEETS:
            if child in CHILDREN:
                rows[sheet].extend({"procedure": p["code"], **c} for c in p[child])
    for d in document["decisions"]:
        rows["Quyết định công bố"].append({k: v for k, v in d.items() if k != "items"})
        rows["Thủ tục được công bố"].extend({"decision": d["number"], **i} for i in d["items"])
    for name, _child, columns in SHEETS:
        ws = wb.create_sheet(name)
        ws.append([header for _, header in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows[name]:
            ws.append([_cell(row.get(key)) for key, _ in columns])
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 24
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _value(value):
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, str):
        return value.strip()
    return value


def workbook_to_document(data):
    """Read a workbook (bytes) into a catalog document; structural problems raise ValueError."""
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError(_("Cannot read the Excel file: %(error)s")
                         % {"error": exc.__class__.__name__}) from None
    errors = []
    sheets = {}
    for name, _child, columns in SHEETS:
        if name not in wb.sheetnames:
            if name in ("Thủ tục",):
                errors.append({"location": name, "field": "", "reason": _("sheet missing")})
            sheets[name] = []
            continue
        ws = wb[name]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        by_label = {label: key for key, label in columns} | {key: key for key, _label in columns}
        keys = []
        for label in header:
            label = (str(label).strip() if label is not None else "")
            if label and label not in by_label:
                errors.append({"location": f"{name}!1", "field": label,
                               "reason": _("column not supported")})
            keys.append(by_label.get(label))
        records = []
        for number, row in enumerate(rows, start=2):
            values = {k: _value(v) for k, v in zip(keys, row) if k and v not in (None, "")}
            if values:
                values["_ref"] = f"{name}!{number}"
                records.append(values)
        sheets[name] = records
    if errors:
        raise CatalogError(errors)

    procedures = []
    by_code = {}
    for rec in sheets["Thủ tục"]:
        rec = dict(rec)
        for key in CHILDREN:
            rec[key] = []
        if isinstance(rec.get("steps"), str):
            rec["steps"] = rec["steps"].splitlines()
        for key in ("methods", "bundled"):
            if isinstance(rec.get(key), str):
                rec[key] = [v.strip() for v in rec[key].split(",") if v.strip()]
        procedures.append(rec)
        by_code.setdefault(str(rec.get("code", "")).strip(), rec)
    orphans = []
    for name, child, _columns in SHEETS:
        if child not in CHILDREN:
            continue
        for rec in sheets[name]:
            code = str(rec.pop("procedure", "")).strip()
            if code not in by_code:
                orphans.append({"location": rec["_ref"], "field": "procedure",
                                "reason": _("procedure %(code)s is not on the sheet Thủ tục")
                                % {"code": code or _("(empty)")}})
                continue
            by_code[code][child].append(rec)
    decisions = []
    decision_by_number = {}
    for rec in sheets["Quyết định công bố"]:
        rec = dict(rec, items=[])
        rec["number"] = str(rec.get("number", "")).strip()
        decisions.append(rec)
        decision_by_number.setdefault(rec["number"], rec)
    for rec in sheets["Thủ tục được công bố"]:
        number = str(rec.pop("decision", "")).strip()
        if number not in decision_by_number:
            orphans.append({"location": rec["_ref"], "field": "decision",
                            "reason": _("decision %(number)s is not on the sheet Quyết định công bố")
                            % {"number": number or _("(empty)")}})
            continue
        decision_by_number[number]["items"].append(rec)
    if orphans:
        raise CatalogError(orphans)
    return {"format": FORMAT, "fields": sheets["Lĩnh vực"], "procedures": procedures,
            "decisions": decisions}
