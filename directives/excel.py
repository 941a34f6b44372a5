"""Tasks to and from the spreadsheets offices keep today: one row per task.

Import reads every row, names each bad one with its line and column, and saves nothing
unless every row is good (all or nothing). Export writes the same columns plus where each
task stands, so an exported sheet can be edited and imported into another document.
"""

import datetime as dt
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from directives.actions import check_task, do_create_tasks
from directives.models import Task
from motcua.text import fold

# The sheet's columns, in Vietnamese whatever the reader's language: they are a file format
# offices exchange (an English export must import back the same), not page text.
COLUMNS = [
    ("content", "Nội dung nhiệm vụ"),
    ("lead", "Đơn vị chủ trì"),
    ("supporting", "Đơn vị phối hợp"),
    ("due_days", "Thời hạn (ngày làm việc)"),
    ("due_on", "Hạn hoàn thành"),
    ("recurrence", "Lặp lại"),
    ("until", "Lặp đến ngày"),
    ("category", "Loại nhiệm vụ"),
    ("priority", "Độ ưu tiên"),
    ("assignee", "Người phụ trách"),
]
STATE_COLUMNS = [("code", "Mã nhiệm vụ"), ("period", "Kỳ báo cáo"), ("status", "Trạng thái"),
                 ("outcome", "Kết quả"),
                 ("progress", "Tiến độ (%)"), ("due_at", "Hạn hiện tại")]
RECURRENCE = {"": "", "hang thang": "monthly", "hang quy": "quarterly", "hang nam": "yearly",
              "monthly": "monthly", "quarterly": "quarterly", "yearly": "yearly"}
PRIORITY = {"cao": "high", "thuong": "normal", "binh thuong": "normal", "thap": "low",
            "high": "high", "normal": "normal", "low": "low", "": "normal"}


def _category(value):
    folded = fold(value)
    for key, label in Task.Category.choices:
        if folded in (key, fold(label)):
            return key
    return {"chinh phu": "government", "thu tuong": "prime_minister",
            "ubnd": "committee", "uy ban nhan dan": "committee", "chu tich": "chairman",
            "cai cach hanh chinh": "reform", "cchc": "reform"}.get(folded, value)


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_rows(data):
    """[(line, {key: text})] of a workbook's first sheet; ValidationError if unreadable."""
    try:
        ws = load_workbook(BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("This file is not an Excel workbook (.xlsx).")) from None
    rows = ws.iter_rows(values_only=True)
    header = [fold(_cell(v)) for v in (next(rows, None) or ())]
    keys = {fold(label): key for key, label in COLUMNS} | {key: key for key, _l in COLUMNS}
    columns = [keys.get(h) for h in header]
    if "content" not in columns or "lead" not in columns:
        raise ValidationError(_("The first row must name the columns: at least “%(content)s” "
                                "and “%(lead)s”.") % {"content": COLUMNS[0][1],
                                                      "lead": COLUMNS[1][1]})
    found = []
    for line, row in enumerate(rows, start=2):
        values = {k: _cell(v) for k, v in zip(columns, row) if k}
        if any(values.values()):
            found.append((line, values))
        if len(found) > 2000:
            raise ValidationError(_("At most 2,000 tasks per file."))
    return found


def check_import(user, directive, data):
    """Every row checked; ValidationError listing "line N, column: reason" for each bad one."""
    labels = dict(COLUMNS)
    checked, errors = [], []
    for line, values in read_rows(data):
        values = dict(values)
        values["recurrence"] = RECURRENCE.get(fold(values.get("recurrence", "")),
                                              values.get("recurrence"))
        values["priority"] = PRIORITY.get(fold(values.get("priority", "")),
                                          values.get("priority"))
        if values.get("category"):
            values["category"] = _category(values["category"])
        try:
            checked.append(check_task(user, directive, values))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.append(_("Line %(line)d, %(column)s: %(reason)s") % {
                    "line": line, "column": labels.get(key, key), "reason": messages[0]})
    if errors:
        raise ValidationError(errors)
    if not checked:
        raise ValidationError(_("The file holds no task."))
    return checked


@transaction.atomic
def do_import(checked, by):
    return [task for cleaned in checked for task in do_create_tasks(cleaned, by)]


def export(tasks):
    from directives.scores import OUTCOME_LABELS, outcome

    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append([label for _k, label in COLUMNS + STATE_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    now = timezone.now()
    for task in tasks:
        # One row per task: an occurrence of a recurring report is exported as itself (its
        # period in "Kỳ báo cáo"), so importing the sheet does not repeat the series.
        ws.append([
            task.content, task.lead.name, "; ".join(a.name for a in task.supporting.all()),
            task.due_days or "", task.due_on.strftime("%d/%m/%Y") if task.due_on else "",
            "", "", str(task.get_category_display()), str(task.get_priority_display()),
            task.assignee.username if task.assignee_id else "",
            task.code, task.period_label, str(task.get_status_display()),
            str(OUTCOME_LABELS[outcome(task, now)]), task.progress,
            timezone.localtime(task.due_at).strftime("%d/%m/%Y %H:%M")])
    for i, width in enumerate([60, 36, 36, 12, 14, 12, 14, 28, 10, 20, 20, 10, 22, 20, 10,
                               18]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
