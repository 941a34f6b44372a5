"""The receipt (biên lai thu phí, lệ phí) of a paid payment, as PDF, with what an electronic
receipt carries (Decree 11/2020/NĐ-CP on fee receipts, to verify against the form the
province registered): the form number and the series (MOTCUA_RECEIPT_FORM,
MOTCUA_RECEIPT_SERIES), the receipt's number, the collecting agency, the payer, each line, the
amount in figures and in words, how it was paid, and who collected it. Laid out as an
administrative document (motcua.pdf); its QR code holds the receipt number, the dossier code
and the amount."""

from django.conf import settings
from django.utils import timezone
from num2words import num2words

from motcua import pdf
from motcua.templatetags.motcua import vnd
from motcua.text import person_name


def amount_in_words(amount):
    """8000 -> "Tám nghìn đồng" (num2words' Vietnamese)."""
    words = num2words(int(amount), lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"


def _how(payment):
    if payment.provider == "counter":
        return "Nộp tiền mặt hoặc quẹt thẻ tại Bộ phận Một cửa"
    from payments.registry import provider as provider_named

    plugin = provider_named(payment.provider)
    title = plugin.title if plugin else payment.provider
    return f"Thanh toán trực tuyến qua {title}, mã giao dịch {payment.transaction_id}"


def render(payment):
    dossier = payment.dossier
    agency = dossier.agency
    paid = timezone.localtime(payment.paid_at)
    collector = person_name(payment.created_by) if payment.provider == "counter" \
        and payment.created_by else ""
    qr = "|".join([payment.receipt_number, dossier.code, str(payment.amount)])
    lines = [[line.description, "Lệ phí" if line.kind == "charge" else "Phí", vnd(line.amount)]
             for line in payment.lines.all()]
    lines.append(["Tổng cộng", "", vnd(payment.amount)])
    page = pdf.Page(
        header=pdf.Header(issuer=agency.name, parent=pdf.parent_of(agency),
                          number=f"Số: {payment.receipt_number}", place=pdf.place_of(agency),
                          date=payment.paid_at),
        title="BIÊN LAI THU PHÍ, LỆ PHÍ",
        subtitle=f"Mẫu số: {settings.MOTCUA_RECEIPT_FORM} · Ký hiệu: "
                 f"{settings.MOTCUA_RECEIPT_SERIES} · Số: {payment.receipt_number}",
        qr=qr,
        body=[("rows", [
            ("Đơn vị thu", agency.name),
            ("Địa chỉ đơn vị thu", agency.address),
            ("Người nộp tiền", payment.payer or dossier.applicant_name),
            ("Địa chỉ người nộp", dossier.applicant_address),
            ("Hồ sơ", dossier.code),
            ("Thủ tục", f"{dossier.procedure.name} ({dossier.procedure.code})"),
            ("Thời điểm nộp", f"{paid:%H:%M} ngày {paid:%d/%m/%Y}"),
            ("Hình thức thanh toán", _how(payment)),
        ]),
            ("table", ["Nội dung thu", "Loại", "Số tiền (đồng)"], lines, [62, 14, 24]),
            ("rows", [("Tổng số tiền", f"{vnd(payment.amount)}"),
                      ("Số tiền bằng chữ", amount_in_words(payment.amount))])],
        signers=[pdf.Signer("Người nộp tiền", payment.payer or dossier.applicant_name),
                 pdf.Signer("Người thu tiền", collector,
                            "(Ký, ghi rõ họ tên)" if collector else "(Thu trực tuyến)")],
        footer=f"Biên lai {payment.receipt_number} · hồ sơ {dossier.code}")
    return pdf.document(page, title_meta=f"Biên lai {payment.receipt_number}")
