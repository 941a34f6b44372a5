"""The electronic receipt (biên lai) of a paid payment, as PDF: who paid what for which dossier,
when and how, with the receipt number; QR code at the top left as on every one-stop document."""

import io

from django.utils import timezone
from reportlab.lib.units import mm

from dossiers.slips import draw_rows, start_document
from motcua.templatetags.motcua import vnd


def render(payment):
    dossier = payment.dossier
    buffer = io.BytesIO()
    qr = "|".join([payment.receipt_number, dossier.code, str(payment.amount)])
    pdf, (left, right, width, _, y) = start_document(
        buffer, dossier, qr, "BIÊN LAI THU PHÍ, LỆ PHÍ", f"Biên lai {payment.receipt_number}")
    pdf.setFont("NotoSans", 10)
    pdf.drawCentredString(width / 2, y + 6 * mm, f"Số: {payment.receipt_number}")
    paid = timezone.localtime(payment.paid_at)
    how = "Nộp tại Bộ phận Một cửa" if payment.provider == "counter" else \
        f"Thanh toán trực tuyến ({payment.provider}), mã giao dịch {payment.transaction_id}"
    y = draw_rows(pdf, [
        ("Người nộp tiền", payment.payer or dossier.applicant_name),
        ("Hồ sơ", dossier.code),
        ("Thủ tục", dossier.procedure.name),
        ("Thời điểm nộp", f"{paid:%H:%M} ngày {paid:%d/%m/%Y}"),
        ("Hình thức", how),
    ], left, right, y)
    y -= 4 * mm
    pdf.setFont("NotoSans-Bold", 10)
    pdf.drawString(left, y, "Nội dung thu")
    pdf.drawRightString(right, y, "Số tiền")
    y -= 6 * mm
    pdf.setFont("NotoSans", 10)
    for line in payment.lines.all():
        pdf.drawString(left, y, line.description[:90])
        pdf.drawRightString(right, y, vnd(line.amount))
        y -= 5.5 * mm
    pdf.setFont("NotoSans-Bold", 10)
    pdf.drawString(left, y - 2 * mm, "Tổng cộng")
    pdf.drawRightString(right, y - 2 * mm, vnd(payment.amount))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
