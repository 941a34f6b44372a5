"""The printed slips of the one-stop mechanism, as PDF (forms of Circular 01/2018/TT-VPCP).

Every slip carries at its top left the QR code Circular 01/2023/TT-VPCP asks for, holding at
least the dossier code, the procedure code and the applicant's identifier. The text is set in
Noto Sans (bundled in static/vendor/noto, OFL) so Vietnamese prints on any machine.
"""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from dossiers import transitions as t

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "noto"
_fonts_ready = False

TITLES = {
    "receipt": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "supplement": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "refusal": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "apology": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "stop": "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
    "control": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}
KINDS = tuple(TITLES)


class SlipNotAvailable(Exception):
    pass


def _fonts():
    global _fonts_ready
    if not _fonts_ready:
        pdfmetrics.registerFont(TTFont("NotoSans", str(FONT_DIR / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont("NotoSans-Bold", str(FONT_DIR / "NotoSans-Bold.ttf")))
        _fonts_ready = True


def qr_payload(dossier):
    """Circular 01/2023 names the content, not its syntax (to verify against the portal's
    reader): fields separated by '|' — dossier code, procedure code, applicant identifier."""
    return "|".join([dossier.code, dossier.procedure.code, dossier.applicant_id_number or ""])


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _last_event(dossier, action):
    return dossier.events.filter(action=action).order_by("-seq").first()


# The control slip names the officials who handled the dossier, step by step: it is the
# office's record, not the applicant's (the applicant follows the timeline instead).
STAFF_ONLY = {"control"}


def for_applicant(kind):
    return kind not in STAFF_ONLY


def available(dossier, kind):
    return {
        "receipt": dossier.received_at is not None,
        "supplement": dossier.events.filter(action="request_supplement").exists(),
        "refusal": dossier.status == t.REFUSED,
        "apology": dossier.reappointed,
        "stop": dossier.status == t.STOPPED,
        "control": True,
    }[kind]


def _lines(dossier, kind):
    """The body of a slip as (label, value) pairs; value None starts a bullet list."""
    p = dossier.procedure
    head = [
        ("Mã hồ sơ", dossier.code),
        ("Tên thủ tục", f"{p.name} ({p.code})"),
        ("Người nộp hồ sơ", dossier.applicant_name),
        ("Số định danh", dossier.applicant_id_number or "—"),
        ("Địa chỉ", dossier.applicant_address or "—"),
        ("Số điện thoại", dossier.applicant_phone or "—"),
    ]
    if kind == "receipt":
        amount = f"{p.processing_time:f}".rstrip("0").rstrip(".") if p.processing_time else "—"
        return head + [
            ("Thành phần hồ sơ", "; ".join(dossier.components) or "theo danh mục của thủ tục"),
            ("Thời gian giải quyết", f"{amount} {p.get_time_unit_display()}"),
            ("Thời gian nhận hồ sơ", _when(dossier.received_at)),
            ("Thời gian trả kết quả", _when(dossier.first_due_at)),
            ("Nơi trả kết quả", dossier.service_center.name),
        ]
    if kind == "supplement":
        event = _last_event(dossier, "request_supplement")
        return head + [("Lý do", event.data.get("reason", ""))] + [
            ("Giấy tờ cần bổ sung, hoàn thiện", "; ".join(event.data.get("missing", []))),
            ("Ngày yêu cầu", _when(event.at)),
        ]
    if kind == "refusal":
        event = _last_event(dossier, "refuse")
        return head + [("Lý do từ chối", event.note), ("Ngày", _when(event.at))]
    if kind == "apology":
        event = _last_event(dossier, "reappoint")
        return head + [
            ("Ngày hẹn trả kết quả ban đầu", _when(dossier.first_due_at)),
            ("Lý do chậm trễ", event.note),
            ("Ngày hẹn trả kết quả mới", _when(dossier.due_at)),
            ("Lời xin lỗi", f"{dossier.agency.name} xin lỗi ông/bà vì sự chậm trễ này."),
        ]
    if kind == "stop":
        event = _last_event(dossier, "stop")
        return head + [("Lý do dừng xử lý", event.note), ("Ngày", _when(event.at))]
    return head


def _control_rows(dossier):
    """Each hand-over: when, who handed over, who received, on time or late against the due
    time of the step being handed over (the control slip of Circular 01/2018)."""
    rows, previous = [], None
    for event in dossier.events.select_related("agency").order_by("seq"):
        late = ""
        if previous is not None and previous.step_due_at is not None:
            late = "Trễ hạn" if event.at > previous.step_due_at else "Đúng hạn"
        rows.append([timezone.localtime(event.at).strftime("%H:%M %d/%m/%Y"),
                     str(t.ACTION_LABELS.get(event.action, event.action)),
                     event.actor_name or "—", event.agency.name if event.agency else "—", late])
        previous = event
    return rows


def start_document(buffer, dossier, qr_text, heading, title):
    """A one-stop document on A4 as Circular 01/2023/TT-VPCP lays it out: QR code at the top
    left, the issuing body and the national motto, place and date, the heading. Returns the
    canvas and (left, right, width, height, y below the heading)."""
    _fonts()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    width, height = A4
    left, right, y = 20 * mm, width - 20 * mm, height - 15 * mm

    qr = io.BytesIO()
    segno.make(qr_text, error="m").save(qr, kind="png", scale=4, border=1)
    qr.seek(0)
    pdf.drawImage(ImageReader(qr), left, y - 25 * mm, 25 * mm, 25 * mm)

    # Issuing body on the left (after the QR code), national motto on the right.
    body_x, motto_x = left + 62 * mm, right - 38 * mm
    line_y = y - 4 * mm
    for line in simpleSplit(dossier.agency.name.upper(), "NotoSans-Bold", 9, 64 * mm)[:2]:
        pdf.setFont("NotoSans-Bold", 9)
        pdf.drawCentredString(body_x, line_y, line)
        line_y -= 4.5 * mm
    pdf.setFont("NotoSans", 8)
    for line in simpleSplit(dossier.service_center.name, "NotoSans", 8, 64 * mm)[:2]:
        pdf.drawCentredString(body_x, line_y, line)
        line_y -= 4 * mm
    pdf.setFont("NotoSans-Bold", 9)
    pdf.drawCentredString(motto_x, y - 4 * mm, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    pdf.drawCentredString(motto_x, y - 8.5 * mm, "Độc lập - Tự do - Hạnh phúc")
    pdf.setFont("NotoSans", 9)
    today = timezone.localtime()
    place = dossier.agency.unit.province.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    pdf.drawRightString(right, y - 16 * mm,
                        f"{place}, ngày {today:%d} tháng {today:%m} năm {today:%Y}")
    y -= 38 * mm
    pdf.setFont("NotoSans-Bold", 13)
    pdf.drawCentredString(width / 2, y, heading)
    return pdf, (left, right, width, height, y - 12 * mm)


def draw_rows(pdf, rows, left, right, y):
    """Label: value rows, the value wrapped; returns the y below them."""
    for label, value in rows:
        pdf.setFont("NotoSans-Bold", 10)
        pdf.drawString(left, y, f"{label}:")
        pdf.setFont("NotoSans", 10)
        for line in simpleSplit(str(value), "NotoSans", 10, right - left - 55 * mm) or [""]:
            pdf.drawString(left + 55 * mm, y, line)
            y -= 5.5 * mm
        y -= 1.5 * mm
    return y


def render(dossier, kind):
    if kind not in KINDS:
        raise KeyError(kind)
    if not available(dossier, kind):
        raise SlipNotAvailable(kind)
    buffer = io.BytesIO()
    pdf, (left, right, width, height, y) = start_document(
        buffer, dossier, qr_payload(dossier), TITLES[kind], f"{TITLES[kind].capitalize()} {dossier.code}")
    y = draw_rows(pdf, _lines(dossier, kind), left, right, y)

    if kind == "control":
        pdf.setFont("NotoSans-Bold", 9)
        columns = [left, left + 30 * mm, left + 85 * mm, left + 120 * mm, right - 18 * mm]
        for x, title in zip(columns, ["Thời điểm", "Nội dung", "Người thực hiện", "Đơn vị",
                                      "Kết quả"]):
            pdf.drawString(x, y, title)
        y -= 6 * mm
        pdf.setFont("NotoSans", 8)
        for row in _control_rows(dossier):
            if y < 25 * mm:
                pdf.showPage()
                pdf.setFont("NotoSans", 8)
                y = height - 20 * mm
            for x, value, room in zip(columns, row, [29, 54, 34, 45, 18]):
                pdf.drawString(x, y, simpleSplit(value, "NotoSans", 8, room * mm)[0]
                               if value else "")
            y -= 5 * mm
    else:
        y -= 8 * mm
        pdf.setFont("NotoSans-Bold", 10)
        pdf.drawCentredString(left + 35 * mm, y, "NGƯỜI NỘP HỒ SƠ")
        pdf.drawCentredString(right - 35 * mm, y, "NGƯỜI TIẾP NHẬN HỒ SƠ"
                              if kind in ("receipt", "supplement", "refusal")
                              else "THỦ TRƯỞNG CƠ QUAN")
        pdf.setFont("NotoSans", 9)
        pdf.drawCentredString(left + 35 * mm, y - 5 * mm, "(Ký và ghi rõ họ tên)")
        pdf.drawCentredString(right - 35 * mm, y - 5 * mm, "(Ký và ghi rõ họ tên)")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
