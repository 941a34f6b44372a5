"""The supervisors' view of assigned tasks, live: counts by outcome for the scope and per unit,
each directing document's progress, the month-by-month trend, the units' ranking by their
task score, and the exports in the layout offices report in. One reading serves the page, the
API and the exports. Counting is done in the database (directives.scores.outcome_q), so the
view stays fast at tens of thousands of tasks (bench/tasks_view.py)."""

import csv
import io
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from directives.actions import tasks_for_user
from directives.models import Directive, UnitTaskScore
from directives.scores import OUTCOME_LABELS, OUTCOME_ORDER, OUTCOMES, outcome_case, outcome_q
from motcua.db import reading_alias
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


def _tally(grouped, kind):
    """{key: {outcome: n, total, progress}} of one grouping of _grouped's rows."""
    found = {}
    for grouping, key, o, n, p in grouped:
        if grouping != kind:
            continue
        entry = found.setdefault(key, {**dict.fromkeys(OUTCOMES, 0), "total": 0,
                                       "progress": 0})
        # Every task matches one outcome; a row matching none would be counted in time.
        entry[OUTCOME_ORDER[o] if o < len(OUTCOME_ORDER) else "in_time"] += n
        entry["total"] += n
        entry["progress"] += p or 0
    return found


def _grouped(qs, at):
    """[(grouping, key, outcome number, tasks, progress sum)] of the tasks in scope, grouped
    by unit, by document and by month of the deadline. On PostgreSQL one pass over the tasks
    (GROUPING SETS); elsewhere one pass per grouping."""
    rows = qs.order_by().annotate(o=outcome_case(at), m=TruncMonth("due_at"))
    db = connections[reading_alias()]  # the replica when a report reads (motcua/db.py)
    if db.vendor == "postgresql":
        sql, params = rows.values("lead_id", "directive_id", "m", "o", "progress") \
            .query.sql_with_params()
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT GROUPING(lead_id, directive_id, m), lead_id, directive_id, m, o, "
                f"COUNT(*), SUM(progress) FROM ({sql}) AS t "
                "GROUP BY GROUPING SETS ((lead_id, o), (directive_id, o), (m, o))", params)
            found = []
            for grouping, lead, directive, month, o, n, p in cursor.fetchall():
                # GROUPING() sets a bit for each column left out: 3 = lead kept, 5 = the
                # document kept, 6 = the month kept.
                kind, key = {3: ("lead", lead), 5: ("directive", directive),
                             6: ("month", month)}[grouping]
                found.append((kind, key, o, n, p))
            return found
    found = []
    for kind, field in (("lead", "lead"), ("directive", "directive"), ("month", "m")):
        for row in rows.values(field, "o").annotate(n=Count("id"), p=Sum("progress")):
            found.append((kind, row[field], row["o"], row["n"], row["p"]))
    return found


def summary(user, *, year=None, unit=None, directive=None, at=None):
    """Counts by outcome for the scope, per unit, per document and per month of the deadline,
    from one grouped reading of the tasks (_grouped); the totals are the units' sums."""
    at = at or timezone.now()
    grouped = _grouped(scope(user, year=year, unit=unit, directive=directive), at)
    by_unit = _tally(grouped, "lead")
    by_directive = _tally(grouped, "directive")
    by_month = _tally(grouped, "month")
    total = {**dict.fromkeys(OUTCOMES, 0), "total": 0, "progress": 0}
    for entry in by_unit.values():
        for name, value in entry.items():
            total[name] += value
    total = _share(total)
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
    directives = Directive.objects.in_bulk(list(by_directive))
    documents = sorted(
        ({**_share(row), "directive": directives[pk],
          "percent": round(row["progress"] / max(row["total"] - row["cancelled"], 1))}
         for pk, row in by_directive.items()),
        key=lambda r: r["directive"].issued_on, reverse=True)
    trend = [{"month": _month_label(month), "due": row["total"], **row}
             for month, row in sorted(by_month.items())]
    return {"total": total, "units": units, "directives": documents, "trend": trend,
            "at": at}


def _month_label(month):
    if timezone.is_aware(month):
        month = timezone.localtime(month)
    return month.strftime("%m/%Y")


# The columns of the offices' task report (báo cáo tình hình thực hiện nhiệm vụ được giao).
HEADERS = [
    ("rank", gettext_lazy("No.")), ("unit", gettext_lazy("Lead unit")),
    ("total", gettext_lazy("Total tasks")), *OUTCOME_LABELS.items(),
    ("on_time_rate", gettext_lazy("On time (%)")), ("score", gettext_lazy("Points")),
]


def unit_rows(data):
    for i, row in enumerate(data["units"], start=1):
        yield [i, row["agency"].name, row["total"], *(row[name] for name in OUTCOMES),
               row["on_time_rate"] if row["on_time_rate"] is not None else "",
               float(row["score"]) if row["score"] is not None else ""]


def _header():
    # Column order follows HEADERS; OUTCOMES gives the outcome columns' order.
    names = dict(HEADERS)
    return [str(names[key]) for key in ("rank", "unit", "total", *OUTCOMES, "on_time_rate",
                                         "score")]


def export_csv(data):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    writer.writerows(unit_rows(data))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # Excel opens UTF-8 with a BOM


def export_xlsx(data, title):
    wb = Workbook()
    ws = wb.active
    ws.title = _("By unit")
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
    docs = wb.create_sheet(_("By document"))
    docs.append([_("Instructing document"), _("Summary"), _("Total tasks"), _("Completed"),
                 _("Overdue"),
                 _("Progress (%)")])
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
