"""The result document of a dossier: the procedure's own result (a civil status extract, a
licence, a certificate, a decision, a certified copy, a confirmation, or a written answer),
filled from the dossier's declared data, laid out as an administrative document (motcua.pdf,
Decree 30/2020/NĐ-CP) and signed by the leader who decided it. The QR code at the top left is
its verification link (Circular 01/2023/TT-VPCP); the footer repeats the address.

The person's declaration is what they asked for, not what the unit decides: commitments
("Tôi cam đoan…", the yes/no fields of the form) are not repeated on the result."""

import re

from catalog.formfields import answers
from catalog.models import FormField, ResultTemplate
from motcua import pdf

T = ResultTemplate

# A procedure that names no template gets the one its result's name reads as.
INFERRED = [
    (re.compile(r"^giấy phép", re.I), T.LICENCE),
    (re.compile(r"^giấy chứng nhận|^chứng chỉ", re.I), T.CERTIFICATE),
    (re.compile(r"^quyết định", re.I), T.DECISION),
    (re.compile(r"^giấy khai sinh|^trích lục|^bản sao trích lục|^giấy chứng tử", re.I),
     T.EXTRACT),
    (re.compile(r"^bản sao|chứng thực", re.I), T.CERTIFIED_COPY),
    (re.compile(r"^giấy xác nhận|^xác nhận", re.I), T.CONFIRMATION),
    (re.compile(r"^văn bản|^thông báo|^công văn", re.I), T.WRITTEN_ANSWER),
]

# What the unit declares, per template ({agency}, {applicant} filled in).
GRANTS = {
    T.LICENCE: "{agency} cấp giấy phép cho {applicant} với nội dung dưới đây.",
    T.CERTIFICATE: "{agency} chứng nhận {applicant} với nội dung dưới đây.",
    T.DECISION: "Giải quyết đề nghị của {applicant} với nội dung dưới đây.",
    T.EXTRACT: "{agency} trích lục nội dung đã đăng ký dưới đây theo yêu cầu của {applicant}.",
    T.CERTIFIED_COPY: "{agency} chứng thực theo yêu cầu của {applicant}: bản sao đúng với bản "
                      "chính, với nội dung dưới đây.",
    T.CONFIRMATION: "{agency} xác nhận theo đề nghị của {applicant} nội dung dưới đây.",
    T.WRITTEN_ANSWER: "{agency} trả lời đề nghị của {applicant} như sau.",
}


def template_of(procedure):
    if procedure.result_template:
        return procedure.result_template
    name = (procedure.result or "").strip()
    return next((kind for pattern, kind in INFERRED if pattern.search(name)),
                T.CONFIRMATION)


def result_title(dossier, refused):
    if refused:
        return "VĂN BẢN TRẢ LỜI"
    name = re.split(r"[(;.,]", dossier.procedure.result or "", maxsplit=1)[0].strip()
    return (name or f"Kết quả: {dossier.procedure.name}").upper()[:200]


def verification_url(code):
    from django.conf import settings
    from django.urls import reverse

    return f"{settings.MOTCUA_PUBLIC_URL}{reverse('verify', args=[code])}"


def _declared(dossier):
    """The form's answers the result states: every answered field but the commitments."""
    fields = [f for f in dossier.procedure.form_fields.all() if f.kind != FormField.Kind.YESNO]
    keep = {f.key for f in fields}
    return answers(fields, {k: v for k, v in (dossier.form_data or {}).items() if k in keep})


def _signer(dossier, by):
    """The leader who decided, with the title their role carries (e.g. "Phó Chủ tịch"), or
    the head of the unit."""
    event = dossier.events.filter(action__in=("approve", "reject")).order_by("-seq").first()
    signer = pdf.leader_signer(dossier.agency,
                               by if getattr(by, "is_authenticated", False) else None,
                               event.actor_name if event else "", "(Đã ký số)")
    signer.space = 12
    return signer


def render(dossier, *, number, code, refused, reason="", by=None):
    procedure = dossier.procedure
    kind = T.WRITTEN_ANSWER if refused else template_of(procedure)
    applicant = dossier.applicant_name
    bases = list(procedure.legal_bases.all()[:3])
    body = [f"Căn cứ {b.number} ({b.title});" for b in bases]
    body.append(f"Xét hồ sơ số {dossier.code} về thủ tục {procedure.name} ({procedure.code}).")
    if refused:
        body += [f"{dossier.agency.name} không giải quyết đề nghị của {applicant}, vì lý do "
                 "dưới đây.", ("rows", [("Lý do", reason)]),
                 "Ông/bà có quyền khiếu nại, khởi kiện theo quy định của pháp luật."]
    else:
        body.append(GRANTS[kind].format(agency=dossier.agency.name, applicant=applicant))
    person = [("Tổ chức, cá nhân", applicant),
              ("Số định danh / mã số thuế", dossier.applicant_id_number),
              ("Địa chỉ", dossier.applicant_address)]
    if not refused:
        body.append(("rows", person + _declared(dossier)))
        if kind == T.DECISION:
            body.append("Quyết định này có hiệu lực kể từ ngày ký. Tổ chức, cá nhân có tên "
                        "trên và các cơ quan liên quan chịu trách nhiệm thi hành.")
        elif kind in (T.LICENCE, T.CERTIFICATE):
            body.append("Có hiệu lực kể từ ngày ký.")
    link = verification_url(code)
    page = pdf.Page(
        header=pdf.Header(issuer=dossier.agency.name, parent=pdf.parent_of(dossier.agency),
                          number=f"Số: {number}", place=pdf.place_of(dossier.agency)),
        title=result_title(dossier, refused),
        subtitle=f"Kính gửi: {applicant}" if refused or kind == T.WRITTEN_ANSWER else "",
        body=body, qr=link, footer=f"Kiểm tra tính xác thực: {link}",
        signers=[_signer(dossier, by)],
        recipients=[applicant, "Lưu: VT, hồ sơ " + dossier.code])
    return pdf.document(page, title_meta=f"{result_title(dossier, refused).capitalize()} {number}")
