"""Printed administrative documents as PDF, laid out as Decree 30/2020/NĐ-CP lays out an
administrative document: the issuing agency (with the body it belongs to) and the document's
number and symbol at the top left, the national motto and the place and date at the top right,
the title, the body, and the signer block with the signer's title and name. Circular
01/2023/TT-VPCP adds the QR code at the top left.

Everything flows (reportlab's platypus, a library made for this): text wraps inside its
column, tables split across pages, and nothing is placed at fixed coordinates, so a long
agency name or a long value can never run into its neighbour or off the page. Set in Noto
Serif (bundled, OFL): the decree asks for a Times New Roman-like face, which cannot be shipped.

    document(header, title, body, signers, qr=..., footer=...) -> bytes

`body` is a list of blocks: a string (a paragraph), ("rows", [(label, value), ...]) for
label–value lines, ("table", [headings], [[cells], ...], [relative widths]) for a table,
("heading", text) for a section title, ("note", text) for a small line.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "noto"
SERIF = "NotoSerif"

# Decree 30/2020, Annex I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]
FOOTER_BAND = 9 * mm  # room for a two-line footer above the bottom margin

_ready = False


def _fonts():
    global _ready
    if _ready:
        return
    for face, file in (("", "Regular"), ("-Bold", "Bold"), ("-Italic", "Italic"),
                       ("-BoldItalic", "BoldItalic")):
        pdfmetrics.registerFont(TTFont(f"{SERIF}{face}", str(FONT_DIR / f"NotoSerif-{file}.ttf")))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=f"{SERIF}-Bold",
                                  italic=f"{SERIF}-Italic", boldItalic=f"{SERIF}-BoldItalic")
    _ready = True


def _style(name, size=12, leading=None, align=None, bold=False, italic=False, **extra):
    font = SERIF + ("-BoldItalic" if bold and italic else "-Bold" if bold
                    else "-Italic" if italic else "")
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.3,
                          alignment=align if align is not None else TA_JUSTIFY, **extra)


STYLES = {}


def styles():
    if not STYLES:
        STYLES.update({
            "body": _style("body", 12, spaceAfter=3 * mm, firstLineIndent=10 * mm),
            "plain": _style("plain", 12, spaceAfter=1.5 * mm),
            "label": _style("label", 12, bold=True, align=0),
            "value": _style("value", 12, align=0),
            "cell": _style("cell", 10, align=0),
            "cell_head": _style("cell_head", 10, bold=True, align=TA_CENTER),
            "head": _style("head", 12, align=TA_CENTER),
            "head_bold": _style("head_bold", 12, bold=True, align=TA_CENTER),
            "motto": _style("motto", 12, bold=True, align=TA_CENTER),  # Decree 30: 12–13
            "motto_sub": _style("motto_sub", 13, bold=True, align=TA_CENTER),
            "place": _style("place", 13, italic=True, align=TA_CENTER),
            "number": _style("number", 13, align=TA_CENTER),
            "title": _style("title", 14, bold=True, align=TA_CENTER, spaceBefore=6 * mm,
                            spaceAfter=1 * mm),
            "subtitle": _style("subtitle", 13, align=TA_CENTER, spaceAfter=5 * mm),
            "heading": _style("heading", 12, bold=True, align=0, spaceBefore=2 * mm,
                              spaceAfter=1.5 * mm),
            "note": _style("note", 10, italic=True, align=0, spaceBefore=2 * mm),
            "sign_title": _style("sign_title", 12, bold=True, align=TA_CENTER),
            "sign_note": _style("sign_note", 11, italic=True, align=TA_CENTER),
            "sign_name": _style("sign_name", 12, bold=True, align=TA_CENTER),
            "footer": _style("footer", 8, align=TA_RIGHT),
        })
    return STYLES


def para(text, style="plain"):
    """A paragraph of plain text (escaped: values are data, never markup)."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), styles()[style])


@dataclass
class Header:
    """The top of the document: the body the issuer belongs to (e.g. "ỦY BAN NHÂN DÂN THÀNH
    PHỐ HẢI PHÒNG"), the issuer, the number and symbol, the place and date."""

    issuer: str
    parent: str = ""
    number: str = ""
    place: str = ""
    date: object = None


@dataclass
class Signer:
    """Who signs, and how: the title (e.g. "NGƯỜI TIẾP NHẬN HỒ SƠ", "KT. CHỦ TỊCH\\nPHÓ CHỦ
    TỊCH"), the note under it, and the name once signed."""

    title: str
    name: str = ""
    note: str = "(Ký, ghi rõ họ tên)"
    space: float = 20 * mm


@dataclass
class Page:
    header: Header
    title: str
    body: list = field(default_factory=list)
    signers: list = field(default_factory=list)
    subtitle: str = ""
    qr: str = ""
    footer: str = ""
    recipients: list = field(default_factory=list)


def date_line(place, moment):
    """ "Hải Phòng, ngày 01 tháng 12 năm 2026" (Decree 30: day and month below 10 with a 0
    for days 1–9 and months 1–2)."""
    moment = timezone.localtime(moment) if isinstance(moment, dt.datetime) else moment
    day = f"{moment.day:02d}" if moment.day < 10 else str(moment.day)
    month = f"{moment.month:02d}" if moment.month < 3 else str(moment.month)
    return f"{place}, ngày {day} tháng {month} năm {moment.year}"


def _qr(text, size=22 * mm):
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=5, border=1)
    buffer.seek(0)
    return Image(buffer, width=size, height=size)


PLACE_WORDS = (" phường ", " xã ", " đặc khu ", " thành phố ", " tỉnh ", " thị trấn ")


def name_lines(name):
    """An agency's name in the lines it is printed on: the kind of body first, then the place
    it serves, whose words are never split ("ỦY BAN NHÂN DÂN" / "PHƯỜNG HỒNG BÀNG")."""
    lowered = f" {name.lower()}"
    cut = min((lowered.find(word) for word in PLACE_WORDS if lowered.find(word) > 0),
              default=-1)
    if cut <= 0:
        return [name.upper()]
    head, place = name[:cut - 1].strip(), name[cut - 1:].strip()
    return [head.upper(), place.upper().replace(" ", "\u00a0")]


def _header(page):
    h = page.header
    left = []
    if h.parent:
        left += [para(line, "head") for line in name_lines(h.parent)]
    left += [para(line, "head_bold") for line in name_lines(h.issuer)]
    left.append(HRFlowable(width="30%", thickness=0.6, color=colors.black, spaceBefore=1,
                           spaceAfter=2, hAlign="CENTER"))
    if h.number:
        left.append(para(h.number, "number"))
    right = [para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "motto"),
             para("Độc lập - Tự do - Hạnh phúc", "motto_sub"),
             HRFlowable(width="55%", thickness=0.6, color=colors.black, spaceBefore=1,
                        spaceAfter=4, hAlign="CENTER")]
    if h.place:
        right.append(para(date_line(h.place, h.date or timezone.now()), "place"))
    # The motto's column is as wide as the motto's line, so it never wraps.
    motto = pdfmetrics.stringWidth("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"{SERIF}-Bold",
                                   styles()["motto"].fontSize) + 6
    table = Table([[left, right]], colWidths=[WIDTH - motto, motto], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    if not page.qr:
        return [table]
    # The QR code at the top left (Circular 01/2023/TT-VPCP), above the header.
    code = _qr(page.qr, 20 * mm)
    code.hAlign = "LEFT"
    return [code, Spacer(1, 1 * mm), table]


def _rows(pairs):
    data = [[para(f"{label}:", "label"), para(value if value not in (None, "") else "—",
                                              "value")] for label, value in pairs]
    table = LongTable(data, colWidths=[WIDTH * 0.34, WIDTH * 0.66], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                               ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _table(headings, rows, weights):
    total = sum(weights)
    widths = [WIDTH * w / total for w in weights]
    data = [[para(h, "cell_head") for h in headings]] + [
        [para(cell if cell not in (None, "") else "", "cell") for cell in row] for row in rows]
    table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _signers(page):
    columns = []
    for signer in page.signers:
        cell = [para(part, "sign_title") for line in signer.title.split("\n")
                for part in name_lines(line)]
        if signer.note:
            cell.append(para(signer.note, "sign_note"))
        cell.append(Spacer(1, signer.space))
        if signer.name:
            cell.append(para(signer.name, "sign_name"))
        columns.append(cell)
    if len(columns) == 1:
        columns.insert(0, para(""))
        if page.recipients:
            columns[0] = [para("Nơi nhận:", "label")] + [
                para(f"- {r};", "cell") for r in page.recipients]
    table = Table([columns], colWidths=[WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 1),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 1)]))
    return KeepTogether([Spacer(1, 5 * mm), table])


def _block(block):
    if isinstance(block, str):
        return [para(block, "body")]
    kind = block[0]
    if kind == "rows":
        return [_rows(block[1]), Spacer(1, 2 * mm)]
    if kind == "table":
        return [_table(block[1], block[2], block[3]), Spacer(1, 2 * mm)]
    if kind == "heading":
        return [para(block[1], "heading")]
    if kind == "note":
        return [para(block[1], "note")]
    if kind == "flowable":
        return [block[1]]
    raise ValueError(f"unknown block {kind!r}")


def document(page, *, title_meta=""):
    """The PDF of one administrative document (bytes)."""
    _fonts()
    buffer = io.BytesIO()
    footer = page.footer

    def on_page(canvas, doc):
        # The footer sits in a band at the bottom of the text area, above the margin.
        canvas.saveState()
        text = f"{footer} · Trang {doc.page}" if footer else f"Trang {doc.page}"
        line = para(text, "footer")
        line.wrap(WIDTH, FOOTER_BAND)
        line.drawOn(canvas, MARGINS["left"], MARGINS["bottom"])
        canvas.restoreState()

    pdf = BaseDocTemplate(buffer, pagesize=A4, title=title_meta or page.title,
                          author=page.header.issuer, pageCompression=1)
    # The frame is exactly the text area (no padding of its own): what fits WIDTH fits.
    frame = Frame(MARGINS["left"], MARGINS["bottom"] + FOOTER_BAND, WIDTH,
                  A4[1] - MARGINS["top"] - MARGINS["bottom"] - FOOTER_BAND,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    pdf.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story = [*_header(page), para(page.title.upper(), "title")]
    if page.subtitle:
        story.append(para(page.subtitle, "subtitle"))
    else:
        story.append(Spacer(1, 4 * mm))
    for block in page.body:
        story.extend(_block(block))
    if page.signers:
        story.append(_signers(page))
    pdf.build(story)
    return buffer.getvalue()


def signer_title(agency, title):
    """The signer block's title lines (Decree 30/2020, Annex I): a People's Committee signs on
    behalf of its collective ("TM. ỦY BAN NHÂN DÂN"), a deputy for the head ("KT. CHỦ TỊCH" /
    "PHÓ CHỦ TỊCH"); `title` is the signer's job title ("Chủ tịch", "Phó Giám đốc", ...)."""
    from units.models import Agency

    lines = []
    if agency.kind in (Agency.Kind.PROVINCE_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE):
        lines.append("TM. ỦY BAN NHÂN DÂN")
    title = (title or "").strip()
    if not title:
        head = "Chủ tịch" if lines else "Thủ trưởng cơ quan"
        return "\n".join(lines + [head])
    if title.lower().startswith("phó "):
        lines.append(f"KT. {title[4:]}")
    lines.append(title)
    return "\n".join(lines)


def leader_signer(agency, user, name, note):
    """The signer block of a document a leader of `agency` signed: the title their role
    carries there (e.g. "Phó Chủ tịch"), as signer_title writes it."""
    from units.models import StaffRole

    role = StaffRole.objects.filter(user_id=getattr(user, "pk", user), agency_id=agency.pk,
                                    role=StaffRole.Role.LEADER).first() if user else None
    return Signer(signer_title(agency, role.title if role else ""), name, note)


def place_of(agency):
    """The place a document is dated at: the province's short name ("Hải Phòng")."""
    name = agency.unit.province.name
    for prefix in ("Thành phố ", "Tỉnh "):
        name = name.removeprefix(prefix)
    return name


def parent_of(agency):
    """The body an agency belongs to, as its documents print it above the agency's name: a
    department's is the province's People's Committee; a People's Committee prints none; a
    sector agency's parent is its ministry, which MotCua does not hold (none printed)."""
    from units.models import Agency

    if agency.parent_id:
        return agency.parent.name
    if agency.kind != Agency.Kind.DEPARTMENT:
        return ""
    committee = Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE,
                                      unit_id=agency.unit.parent_id or agency.unit_id).first()
    return committee.name if committee else ""
