"""Rankings as tables for CSV and Excel: rank, unit, total, rating, the six groups and every
indicator's points (and, in Excel, a second sheet with numerators and denominators)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from indicators import config


def table(rows):
    ids = [r["id"] for r in config.current()[0] if r["id"] != "2.2"]
    header = [_("Rank"), _("Unit code"), _("Unit"), _("Total points"), _("Rating"),
              *config.GROUPS, *[_("Points %(id)s") % {"id": i} for i in ids],
              _("Dossiers received"), _("Note")]
    body = []
    for row in rows:
        points = {f["id"]: f["points"] for f in row["indicators"]}
        empty = [f["id"] for f in row["indicators"] if f["id"] != "2.2" and f["value"] is None]
        note = _("No dossier received in the period") if row.get("idle") else (
            _("Nothing to count: %(ids)s") % {"ids": ", ".join(empty)} if empty else "")
        body.append([row.get("rank") or "", row["unit"], row["unit_name"], row["total"],
                     row["band"], *[row["groups"][g] for g in config.GROUPS],
                     *[points.get(i) for i in ids], row.get("dossiers"), note])
    return header, body


def to_csv(rows):
    header, body = table(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    return "\ufeff" + buffer.getvalue()  # a BOM: Excel opens Vietnamese text correctly


def to_xlsx(rows, title):
    header, body = table(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in body:
        sheet.append(line)
    detail = book.create_sheet(_("Numerators, denominators"))
    detail.append([_("Unit code"), _("Unit"), _("Indicator"), _("Indicator name"),
                   _("Numerator"), _("Denominator"), _("Ratio"), _("Points"), _("Maximum")])
    for row in rows:
        for f in row["indicators"]:
            detail.append([row["unit"], row["unit_name"], f["id"], f["name"], f["numerator"],
                           f["denominator"],
                           f["ratio"] if f.get("value") is not None or f["id"] == "2.2"
                           else f.get("reason") or _("Nothing to count"), f["points"], f["max"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
