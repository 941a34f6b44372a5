"""A round's results for the Ministry's reporting (Excel and CSV: per unit, SIPAS and each
factor with its answers, response rate and margin of error; per criterion for the city), and
the QR code the counters print."""

import csv
import io

import segno
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from surveys import scoring


def _percent(value):
    return None if value is None else float(value * 100)


def unit_rows(survey):
    """[header, rows...]: a row per unit."""
    factors = list(survey.questionnaire.factors.order_by("number"))
    header = [_("Unit code"), _("Unit"), _("Dossiers finished"), _("Sample"),
              _("Invitations sent"), _("Answered"), _("Response rate (%)"), _("Answers"),
              "SIPAS (%)", _("Margin of error (%)")]
    header += [f"{_('Factor')} {f.number} (%)" for f in factors]
    rows = [header]
    for agency, found in scoring.by_unit(survey):
        plan = survey.plan["units"].get(agency.code, {})
        rows.append([agency.code, agency.name, plan.get("population"), plan.get("sample"),
                     found["invited"], found["answered_invitations"],
                     _percent(found["response_rate"]), found["responses"],
                     _percent(found["sipas"]), _percent(found["margin"]),
                     *[_percent(f["score"]) for f in found["factors"]]])
    return rows


def criterion_rows(survey):
    found = scoring.compute(survey)
    rows = [[_("Factor"), _("Criterion"), _("Question"), _("Answered"), _("Satisfied"),
             _("Score (%)"), _("Margin of error (%)")]]
    for c in found["criteria"]:
        rows.append([c["factor"], c["number"], c["text"], c["answered"], c["satisfied"],
                     _percent(c["score"]), _percent(c["margin"])])
    return rows


def xlsx(survey):
    book = Workbook()
    sheet = book.active
    sheet.title = _("By unit")[:31]
    for row in unit_rows(survey):
        sheet.append(row)
    criteria = book.create_sheet(_("By criterion")[:31])
    for row in criterion_rows(survey):
        criteria.append(row)
    wishes = book.create_sheet(_("What people wish for")[:31])
    found = scoring.expectations(survey, comments=1000)
    wishes.append([_("Question"), _("Choice"), _("Answers")])
    for item in found["expectations"]:
        for option, n in item["choices"]:
            wishes.append([item["question"], option, n])
    for text in found["comments"]:
        wishes.append([_("Comment"), text, None])
    for ws in (sheet, criteria, wishes):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(survey):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with its Vietnamese letters only with a BOM
    writer = csv.writer(out)
    for row in unit_rows(survey):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=5)
