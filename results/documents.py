"""The result document, generated from the dossier: a template per kind of result (permit,
certificate, decision, confirmation; a written refusal), Vietnamese text, the QR code for
verification at the top left (Circular 01/2023/TT-VPCP)."""

import io
import re

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit

from catalog.formfields import answers
from dossiers.slips import draw_rows, start_document

# Result kinds by how the catalog names the result, with the sentence that grants it.
TEMPLATES = [
    (re.compile(r"^giấy phép", re.I), "Cấp giấy phép cho tổ chức, cá nhân có tên dưới đây."),
    (re.compile(r"^giấy chứng nhận", re.I), "Chứng nhận tổ chức, cá nhân có tên dưới đây."),
    (re.compile(r"^quyết định", re.I), "Quyết định giải quyết hồ sơ của tổ chức, cá nhân có "
                                       "tên dưới đây."),
    (re.compile(r"^giấy khai sinh|^trích lục|^bản sao", re.I),
     "Đã đăng ký theo nội dung dưới đây."),
]
DEFAULT = "Xác nhận kết quả giải quyết hồ sơ của tổ chức, cá nhân có tên dưới đây."


def result_title(dossier, refused):
    if refused:
        return "VĂN BẢN TRẢ LỜI"
    name = re.split(r"[(;.,]", dossier.procedure.result or "", maxsplit=1)[0].strip()
    return (name or f"Kết quả: {dossier.procedure.name}").upper()[:200]


def verification_url(code):
    from django.conf import settings

    return f"{settings.MOTCUA_PUBLIC_URL}/xac-thuc/{code}"


def render(dossier, *, number, code, refused, reason=""):
    buffer = io.BytesIO()
    title = result_title(dossier, refused)
    pdf, (left, right, width, height, y) = start_document(
        buffer, dossier, verification_url(code), title, f"{title.capitalize()} {number}")
    pdf.setFont("NotoSans", 10)
    pdf.drawCentredString(width / 2, y + 6 * mm, f"Số: {number}")
    if refused:
        intro = (f"{dossier.agency.name} trả lời hồ sơ {dossier.code} về thủ tục "
                 f"{dossier.procedure.name}: không giải quyết.")
    else:
        intro = next((text for pattern, text in TEMPLATES
                      if pattern.search(dossier.procedure.result or "")), DEFAULT)
    pdf.setFont("NotoSans", 10)
    for line in simpleSplit(intro, "NotoSans", 10, right - left):
        pdf.drawString(left, y, line)
        y -= 5.5 * mm
    y -= 3 * mm
    rows = [("Tổ chức, cá nhân", dossier.applicant_name),
            ("Số định danh / mã số thuế", dossier.applicant_id_number or "—"),
            ("Địa chỉ", dossier.applicant_address or "—"),
            ("Thủ tục", dossier.procedure.name),
            ("Hồ sơ", dossier.code)]
    if not refused:
        rows += answers(dossier.procedure.form_fields.all(), dossier.form_data)
    else:
        rows.append(("Lý do", reason or "—"))
    y = draw_rows(pdf, rows, left, right, y)
    bases = list(dossier.procedure.legal_bases.all()[:2])
    if bases:
        y = draw_rows(pdf, [("Căn cứ", "; ".join(f"{b.number} ({b.title})" for b in bases))],
                      left, right, y - 2 * mm)
    pdf.setFont("NotoSans-Bold", 10)
    pdf.drawCentredString(right - 40 * mm, y - 8 * mm, dossier.agency.name.upper()[:60])
    pdf.setFont("NotoSans", 9)
    pdf.drawCentredString(right - 40 * mm, y - 13 * mm, "(Đã ký số)")
    pdf.setFont("NotoSans", 8)
    pdf.drawString(left, 15 * mm, f"Kiểm tra tính xác thực: {verification_url(code)}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
