"""Sổ theo dõi hồ sơ: the register a one-stop counter keeps of the dossiers it received, one
line each, from reception to the return of the result.

Its columns are those of the register form of Circular 01/2018/TT-VPCP (Mẫu số 06). Whether
the rules that followed Decree 118/2025 changed that form is to verify: a new form changes
`COLUMNS`, `line` and the column sets below it, nothing else. The register is the center's:
the dossiers received at one service center in a period of days (by their reception,
NgayTiepNhan), whatever the channel they came by. Refused at reception, a dossier was not
received, and is not in it.

The page (office.views.register_page) shows it and gives it as an Excel workbook to print or
file.
"""

import datetime as dt
import io
from copy import copy

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dossiers import transitions as t
from dossiers.models import Channel, Dossier, DossierEvent, Status
from motcua.dates import show_day, show_moment

# (heading, width in the workbook). The order is the form's.
COLUMNS = [
    (gettext_lazy("No."), 6),
    (gettext_lazy("Dossier code"), 30),
    (gettext_lazy("Administrative procedure"), 40),
    (gettext_lazy("Number of dossiers (sets)"), 10),
    (gettext_lazy("Individual or organisation"), 24),
    (gettext_lazy("Address, phone number"), 34),
    (gettext_lazy("Competent unit"), 28),
    (gettext_lazy("Dossier received"), 17),
    (gettext_lazy("Appointment to return the result"), 17),
    (gettext_lazy("Dossier sent to the competent unit"), 17),
    (gettext_lazy("Result received from the competent unit"), 17),
    (gettext_lazy("Result returned to the individual or organisation"), 17),
    (gettext_lazy("Signature of receipt"), 14),
    (gettext_lazy("Note"), 34),
]

LONGEST = 366  # days in one register
# Lines in one workbook: about 0.26 ms each to read and write (8,772 in 2.3 s among a million
# dossiers on the 2-core machine), so some 6.5 s at most, well inside a request's time limit.
# A busier period is taken in parts.
MOST_LINES = 25_000
# The columns of free text, wrapped in the workbook (wrapping every cell costs a third more).
WRAPPED = {2, 4, 5, 6, 13}
# The columns only the printed book needs (the number of sets, always 1 here, and the
# person's signature on paper): the page leaves them out.
ON_PAPER = {3, 12}


# What a line reads (the rest of a dossier, its declared answers above all, is not fetched).
READ = ["code", "channel", "status", "result", "applicant_name", "applicant_address",
        "applicant_phone", "received_at", "first_due_at", "due_at", "reappointed",
        "returned_at", "return_method", "procedure__name", "agency__name"]


def dossiers(center, first, last):
    """The dossiers received at `center` from day `first` to day `last` (local days, both
    included), in the order they were received, with the moments the register reads."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    events = DossierEvent.objects.filter(dossier_id=OuterRef("pk"))
    return (Dossier.objects.filter(service_center=center, received_at__gte=start,
                                   received_at__lt=end)
            .select_related("procedure", "agency")
            .only(*READ)
            .annotate(
                # The first transfer; the last decision (a decision sent back and taken again
                # is the one the result came from).
                transferred_at=Subquery(events.filter(action="transfer")
                                        .order_by("seq").values("at")[:1]),
                decided_at=Subquery(events.filter(action__in=["approve", "reject"])
                                    .order_by("-seq").values("at")[:1]))
            .order_by("received_at", "id"))


class Words:
    """The register's phrases in the active language, translated once per register (not once
    per line: a year of a center is thousands of lines)."""

    def __init__(self):
        self.channel = {value: _("Submitted %(channel)s") % {"channel": label}
                        for value, label in Channel.choices}
        self.status = {value: str(label).capitalize() for value, label in Status.choices}
        self.appointment = _("New appointment %(when)s")
        self.refused = _("Request refused with reasons")
        self.returned = {"post": _("Result returned by post"),
                         "online": _("Result returned online")}


ENDED_WITHOUT_RESULT = (t.SUPPLEMENT, t.PAYMENT, t.WITHDRAWN, t.STOPPED)


def note(dossier, words):
    """What the register's note column says of a dossier: how it came, a new appointment, how
    its result went back, and where it stands if it is waiting or ended without a result."""
    parts = []
    if dossier.channel != Channel.COUNTER:
        parts.append(words.channel[dossier.channel])
    if dossier.reappointed and dossier.due_at:
        parts.append(words.appointment % {"when": show_moment(dossier.due_at)})
    if dossier.result == "refused":
        parts.append(words.refused)
    if dossier.status in ENDED_WITHOUT_RESULT:
        parts.append(words.status[dossier.status])
    if dossier.returned_at and dossier.return_method in words.returned:
        parts.append(words.returned[dossier.return_method])
    return "; ".join(parts)


def line(number, dossier, words):
    """One line of the register, in COLUMNS' order (moments as dd/mm/yyyy hh:mm)."""
    contact = ", ".join(part for part in (dossier.applicant_address, dossier.applicant_phone)
                        if part)
    return [number, dossier.code, dossier.procedure.name, 1, dossier.applicant_name, contact,
            dossier.agency.name, show_moment(dossier.received_at),
            show_moment(dossier.first_due_at), show_moment(dossier.transferred_at),
            show_moment(dossier.decided_at), show_moment(dossier.returned_at), "",
            note(dossier, words)]


def to_xlsx(center, first, last):
    """The register as a workbook: its title, the center and the period, then one line per
    dossier; headings repeat on every printed page."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Dossier register")
    sheet.append([_("DOSSIER REGISTER")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("%(center)s, from %(first)s to %(last)s") % {
        "center": center.name, "first": show_day(first), "last": show_day(last)}])
    sheet.append([str(heading) for heading, _width in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    words = Words()
    wrapped = None  # the style of a wrapped cell, made once and copied (openpyxl's own idiom)
    for number, dossier in enumerate(dossiers(center, first, last).iterator(chunk_size=2000),
                                     start=1):
        sheet.append(line(number, dossier, words))
        for index in WRAPPED:  # row 3 + number (sheet.max_row would walk every row each time)
            cell = sheet.cell(row=3 + number, column=index + 1)
            if wrapped is None:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                wrapped = cell._style
            else:
                cell._style = copy(wrapped)
    for index, (_heading, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
