"""The supervisors' view of assigned tasks, live: counts by outcome for the scope and per unit,
each directing document's progress, the month-by-month trend, the units' ranking by their
task score, and the exports in the layout offices report in. One reading serves the page, the
API and the exports. Counting is done in the database (directives.scores.outcome_q), so the
view stays fast at tens of thousands of tasks (bench/tasks_view.py)."""

import csv
import io
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from directives.actions import tasks_for_user
from directives.models import Directive, UnitTaskScore
from directives.scores import OUTCOMES, counts, outcome_case, outcome_q
from units.models import Agency


def scope(user, *, year=None, unit=None, directive=None):
    qs = tasks_for_user(user)
    if year:
        qs = qs.filter(due_at__year=year)
    if unit is not None:
        qs = qs.filter(lead=unit)
    if directive is not None:
        qs = qs.filter(directive=directive)
    return qs


def _share(row):
    finished = row["done_on_time"] + row["done_late"]
    judged = finished + row["overdue"]
    return {**row, "on_time_rate": round(100 * row["done_on_time"] / judged, 1) if judged
            else None, "done": finished}


def summary(user, *, year=None, unit=None, directive=None, at=None):
    at = at or timezone.now()
    qs = scope(user, year=year, unit=unit, directive=directive)
    total = _share(counts(qs, at))
    by_unit = counts(qs, at, group="lead")
    agencies = Agency.objects.in_bulk(list(by_unit))
    latest = {}
    for row in UnitTaskScore.objects.filter(agency_id__in=list(by_unit)).order_by("period"):
        latest[row.agency_id] = row
    units = []
    for agency_id, row in by_unit.items():
        score = latest.get(agency_id)
        units.append({**_share(row), "agency": agencies[agency_id],
                      "score": score.score if score else None,
                      "score_period": score.period if score else ""})
    units.sort(key=lambda r: (r["score"] is None, -(r["score"] or Decimal(0)),
                              -(r["on_time_rate"] or 0), r["agency"].name))
    rank = 0
    for row in units:
        if row["score"] is not None:
            rank += 1
            row["rank"] = rank
        else:
            row["rank"] = None
    by_directive = counts(qs, at, group="directive")
    directives = Directive.objects.in_bulk(list(by_directive))
    documents = sorted(
        ({**_share(row), "directive": directives[pk],
          "percent": round((row["progress"] or 0) / max(row["total"] - row["cancelled"], 1))}
         for pk, row in by_directive.items()),
        key=lambda r: r["directive"].issued_on, reverse=True)
    trend = trend_by_month(qs, at)
    return {"total": total, "units": units, "directives": documents, "trend": trend,
            "at": at}


def trend_by_month(qs, at):
    """Per month of the deadline: tasks due, done on time, done late, overdue."""
    from django.db.models.functions import TruncMonth

    q = {name: Count("id", filter=cond) for name, cond in outcome_q(at).items()}
    rows = (qs.order_by().annotate(month=TruncMonth("due_at")).values("month")
            .annotate(due=Count("id"), **q).order_by("month"))
    return [{"month": timezone.localtime(r["month"]).strftime("%m/%Y")
             if timezone.is_aware(r["month"]) else r["month"].strftime("%m/%Y"), **r}
            for r in rows]


# The columns of the offices' task report (báo cáo tình hình thực hiện nhiệm vụ được giao).
HEADERS = [
    ("rank", "STT"), ("unit", "Đơn vị chủ trì"), ("total", "Tổng số nhiệm vụ"),
    ("in_time", "Đang thực hiện, trong hạn"), ("at_risk", "Sắp đến hạn"),
    ("overdue", "Quá hạn"), ("done_on_time", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành quá hạn"), ("cancelled", "Đã hủy"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"), ("score", "Điểm"),
]


def unit_rows(data):
    for i, row in enumerate(data["units"], start=1):
        yield [i, row["agency"].name, row["total"], *(row[name] for name in OUTCOMES),
               row["on_time_rate"] if row["on_time_rate"] is not None else "",
               float(row["score"]) if row["score"] is not None else ""]


def _header():
    # Column order follows HEADERS; OUTCOMES gives the outcome columns' order.
    names = dict(HEADERS)
    return ["STT", names["unit"], names["total"], *(names[o] for o in OUTCOMES),
            names["on_time_rate"], names["score"]]


def export_csv(data):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    writer.writerows(unit_rows(data))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # Excel opens UTF-8 with a BOM


def export_xlsx(data, title):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp theo đơn vị"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("As of %(when)s") % {"when": timezone.localtime(data["at"])
                                      .strftime("%H:%M %d/%m/%Y")}])
    ws.append(_header())
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in unit_rows(data):
        ws.append(row)
    total = data["total"]
    ws.append(["", _("Total"), total["total"], *(total[name] for name in OUTCOMES),
               total["on_time_rate"] if total["on_time_rate"] is not None else "", ""])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    widths = [6, 48, 12, 14, 12, 10, 14, 14, 10, 14, 10]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    docs = wb.create_sheet("Theo văn bản")
    docs.append(["Văn bản", "Trích yếu", "Tổng số", "Hoàn thành", "Quá hạn", "Tiến độ (%)"])
    for cell in docs[1]:
        cell.font = Font(bold=True)
    for row in data["directives"]:
        docs.append([row["directive"].number, row["directive"].title, row["total"], row["done"],
                     row["overdue"], row["percent"]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def drilldown(user, *, outcome=None, unit=None, directive=None, year=None, at=None):
    at = at or timezone.now()
    qs = scope(user, year=year, unit=unit, directive=directive)
    if outcome in OUTCOMES:
        qs = qs.filter(outcome_q(at)[outcome])
    return qs.select_related("lead", "directive").annotate(urgency=outcome_case(at)) \
        .order_by("urgency", "due_at", "id")


def units_with_tasks(user):
    ids = tasks_for_user(user).values("lead_id")
    return Agency.objects.filter(pk__in=ids).order_by("name")

