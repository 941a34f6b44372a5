"""The printed slips of the one-stop mechanism, as PDF (forms of Circular 01/2018/TT-VPCP), laid
out as administrative documents (Decree 30/2020/NĐ-CP) by motcua.pdf: the center and the body it
belongs to, the slip's number and symbol, the national motto, place and date, the title, the
body, and the signer block with the officer's title and name.

Every slip carries at its top left the QR code Circular 01/2023/TT-VPCP asks for: the link to
the public tracking page of the dossier (which asks for the phone's last four digits before it
shows anything, so the code alone gives nothing away).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dossiers import transitions as t
from motcua import pdf

TITLES = {
    "receipt": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "supplement": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "refusal": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "apology": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "stop": "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
    "control": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}
# The symbol after each slip's number (our convention: the form's initials).
SYMBOLS = {"receipt": "TNHS", "supplement": "YCBS", "refusal": "TCHS", "apology": "XLHS",
           "stop": "DXL", "control": "KSGQ"}
KINDS = tuple(TITLES)


class SlipNotAvailable(Exception):
    pass


def tracking_url(dossier):
    """The public tracking page of the dossier, as the QR codes of its slips give it."""
    return f"{settings.MOTCUA_PUBLIC_URL}{reverse('tracking')}?code={dossier.code}"


def qr_payload(dossier):
    return tracking_url(dossier)


def _when(moment):
    if moment is None:
        return "—"
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


def _head(dossier):
    p = dossier.procedure
    return [
        ("Mã hồ sơ", dossier.code),
        *([("Mã hồ sơ trên Cổng DVCQG", dossier.national_reference)]
          if dossier.national_reference else []),
        ("Tên thủ tục", f"{p.name} ({p.code})"),
        ("Người nộp hồ sơ", dossier.applicant_name),
        ("Số định danh", dossier.applicant_id_number),
        ("Địa chỉ", dossier.applicant_address),
        ("Số điện thoại", dossier.applicant_phone),
    ]


def _content(dossier, kind):
    """(event the slip records, body blocks, signers)."""
    p = dossier.procedure
    applicant = pdf.Signer("Người nộp hồ sơ", dossier.applicant_name)
    if kind == "receipt":
        event = _last_event(dossier, "receive")
        amount = f"{p.processing_time:f}".rstrip("0").rstrip(".") if p.processing_time else "—"
        body = [f"{dossier.service_center.name} đã tiếp nhận hồ sơ của ông/bà "
                f"{dossier.applicant_name}, gồm:",
                ("rows", _head(dossier) + [
                    ("Thành phần hồ sơ", "; ".join(dossier.components)
                     or "theo danh mục của thủ tục"),
                    ("Thời gian giải quyết", f"{amount} {p.get_time_unit_display()}"),
                    ("Thời gian nhận hồ sơ", _when(dossier.received_at)),
                    ("Thời gian trả kết quả", _when(dossier.first_due_at)),
                    ("Nơi trả kết quả", dossier.service_center.name)]),
                ("note", "Vào sổ theo dõi hồ sơ. Ông/bà tra cứu tiến độ bằng mã QR ở góc "
                         "trên bên trái hoặc tại " + tracking_url(dossier))]
        return event, body, [applicant, pdf.Signer("Người tiếp nhận hồ sơ", _name(event))]
    if kind == "supplement":
        event = _last_event(dossier, "request_supplement")
        body = [f"{dossier.service_center.name} đề nghị ông/bà bổ sung, hoàn thiện hồ sơ "
                f"với nội dung sau:",
                ("rows", _head(dossier) + [
                    ("Lý do", event.data.get("reason", "")),
                    ("Giấy tờ cần bổ sung, hoàn thiện", "; ".join(event.data.get("missing", []))),
                    ("Ngày yêu cầu", _when(event.at))]),
                "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ "
                f"{dossier.service_center.name}"
                + (f", số điện thoại {dossier.service_center.phone}"
                   if dossier.service_center.phone else "") + " để được hướng dẫn."]
        title = "Người tiếp nhận hồ sơ" if event.role == t.COUNTER else "Người hướng dẫn"
        return event, body, [pdf.Signer(title, _name(event))]
    if kind == "refusal":
        event = _last_event(dossier, "refuse")
        body = [f"{dossier.service_center.name} từ chối tiếp nhận hồ sơ của ông/bà "
                f"{dossier.applicant_name} với lý do dưới đây:",
                ("rows", _head(dossier) + [("Lý do từ chối", event.note),
                                           ("Ngày", _when(event.at))]),
                "Xin thông báo để ông/bà được biết và thực hiện."]
        return event, body, [pdf.Signer("Người tiếp nhận hồ sơ", _name(event))]
    if kind == "apology":
        event = _last_event(dossier, "reappoint")
        body = [f"{dossier.agency.name} đã tiếp nhận hồ sơ của ông/bà; nhưng đến nay chưa "
                "giải quyết xong, vì lý do dưới đây.",
                ("rows", _head(dossier) + [
                    ("Ngày hẹn trả kết quả ban đầu", _when(dossier.first_due_at)),
                    ("Lý do chậm trễ", event.note),
                    ("Ngày hẹn trả kết quả mới", _when(dossier.due_at))]),
                f"{dossier.agency.name} xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả "
                "vào ngày nêu trên."]
        return event, body, [_head_of_unit(dossier, event)]
    if kind == "stop":
        event = _last_event(dossier, "stop")
        body = [f"{dossier.agency.name} thông báo dừng xử lý hồ sơ của ông/bà:",
                ("rows", _head(dossier) + [("Lý do dừng xử lý", event.note),
                                           ("Ngày", _when(event.at))])]
        return event, body, [_head_of_unit(dossier, event)]
    body = [("rows", _head(dossier)),
            ("table", ["Thời điểm", "Nội dung", "Người thực hiện", "Đơn vị", "Kết quả"],
             _control_rows(dossier), [16, 30, 20, 24, 10])]
    return dossier.events.order_by("-seq").first(), body, []


def _name(event):
    return event.actor_name if event else ""


def _head_of_unit(dossier, event):
    """The leader who signed the apology or the stop notice, with the title of their role."""
    return pdf.leader_signer(dossier.agency, event.actor_id, _name(event),
                             "(Ký, ghi rõ họ tên, đóng dấu)")


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


def center_header(dossier, *, number="", date=None):
    """The top of a document the one-stop center issues: the center under the body it
    belongs to, the number, the place and date."""
    center = dossier.service_center
    parent = center.agency.name if center.agency.name != center.name else ""
    return pdf.Header(issuer=center.name, parent=parent, number=number,
                      place=pdf.place_of(dossier.agency), date=date)


def render(dossier, kind):
    if kind not in KINDS:
        raise KeyError(kind)
    if not available(dossier, kind):
        raise SlipNotAvailable(kind)
    event, body, signers = _content(dossier, kind)
    number = f"Số: {dossier.code.rsplit('-', 1)[-1]}/{SYMBOLS[kind]}"
    page = pdf.Page(header=center_header(dossier, number=number,
                                         date=event.at if event else None),
                    title=TITLES[kind], body=body, signers=signers, qr=qr_payload(dossier),
                    footer=f"Mã hồ sơ {dossier.code}")
    return pdf.document(page, title_meta=f"{TITLES[kind].capitalize()} {dossier.code}")
