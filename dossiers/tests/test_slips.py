"""Slips as PDF, in Vietnamese, with the QR code of Circular 01/2023 at the top left."""

import io

import pytest
from pypdf import PdfReader

from dossiers.models import Dossier
from dossiers.slips import qr_payload
from dossiers.tests.test_intake import SELF_APPLICANT
from dossiers.tests.test_transitions import act, new_dossier, processing

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(client, counter_officer, specialist, commune_leader):
    return {"counter": counter_officer, "specialist": specialist, "leader": commune_leader}


def slip(client, user, code, kind):
    client.force_login(user)
    return client.get(f"/api/v1/dossiers/{code}/slips/{kind}.pdf")


def text_and_images(response):
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)
                                  if response.streaming else response.content))
    page = reader.pages[0]
    return page.extract_text(), page.images, page


def test_the_receipt_names_the_dossier_and_the_appointment(client, cast):
    code = new_dossier(client, cast)
    response = slip(client, cast["counter"], code, "receipt")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, images, _ = text_and_images(response)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert code in text and "Nguyễn Thị Hoa" in text and "Đăng ký lại khai sinh" in text
    assert "Thời gian trả kết quả" in text
    assert len(images) == 1  # the QR code


def test_the_qr_code_sits_at_the_top_left_and_links_to_the_tracking_page(client, cast):
    import pdfplumber
    import zxingcpp
    from PIL import Image

    code = new_dossier(client, cast)
    response = slip(client, cast["counter"], code, "receipt")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    with pdfplumber.open(io.BytesIO(data)) as document:
        page = document.pages[0]
        (image,) = page.images
        assert image["x0"] < page.width / 3 and image["top"] < page.height / 4
    picture = PdfReader(io.BytesIO(data)).pages[0].images[0]
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(picture.data)))
    assert [d.text for d in decoded] == [f"http://127.0.0.1:8000/tra-cuu/?code={code}"]
    assert qr_payload(Dossier.objects.get(code=code)) == decoded[0].text


def test_supplement_refusal_apology_and_stop_slips(client, cast):
    code = new_dossier(client, cast, receive=False)
    act(client, cast["counter"], code, "request_supplement", reason="Thiếu giấy tờ",
        missing=["Văn bản cam đoan"])
    text, _, _ = text_and_images(slip(client, cast["counter"], code, "supplement"))
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "Văn bản cam đoan" in text

    refused = new_dossier(client, cast, receive=False)
    act(client, cast["counter"], refused, "refuse", reason="Không thuộc thẩm quyền")
    text, _, _ = text_and_images(slip(client, cast["counter"], refused, "refusal"))
    assert "TỪ CHỐI TIẾP NHẬN" in text and "Không thuộc thẩm quyền" in text

    late = processing(client, cast)
    due = Dossier.objects.get(code=late).due_at
    import datetime as dt
    act(client, cast["leader"], late, "reappoint", reason="Cần xác minh",
        new_due_at=(due + dt.timedelta(days=2)).isoformat())
    text, _, _ = text_and_images(slip(client, cast["leader"], late, "apology"))
    assert "XIN LỖI VÀ HẸN LẠI" in text and "Cần xác minh" in text

    act(client, cast["leader"], late, "stop", reason="Hồ sơ giả mạo")
    text, _, _ = text_and_images(slip(client, cast["leader"], late, "stop"))
    assert "DỪNG XỬ LÝ" in text and "Hồ sơ giả mạo" in text


def test_the_control_slip_lists_every_hand_over(client, cast):
    code = processing(client, cast)
    act(client, cast["leader"], code, "assign", assignee="chuyenvien.hongbang")
    text, _, _ = text_and_images(slip(client, cast["leader"], code, "control"))
    text = " ".join(text.split())  # the table's cells wrap their text
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Đã chuyển đến cơ quan có thẩm quyền" in text and "Đúng hạn" in text


def test_a_slip_that_does_not_apply_is_a_409_and_unknown_kinds_404(client, cast):
    code = new_dossier(client, cast, receive=False)
    assert slip(client, cast["counter"], code, "receipt").status_code == 409
    assert slip(client, cast["counter"], code, "refusal").status_code == 409
    assert slip(client, cast["counter"], code, "ban-sao").status_code == 404


def test_slips_are_scoped(client, cast, other_commune_leader):
    code = new_dossier(client, cast)
    assert slip(client, other_commune_leader, code, "receipt").status_code == 404


def test_the_control_slip_is_for_staff_only(client, person, counter_officer):
    """It names the officials who handled each step: the applicant gets the receipt, not it."""
    from motcua import test as test_cast

    client.force_login(person)
    code = client.post("/api/v1/dossiers", {"procedure": "1.001193", "unit": test_cast.HONG_BANG,
                                            "form_data": test_cast.BIRTH_DECLARATION,
                                            **SELF_APPLICANT}, content_type="application/json"
                       ).json()["code"]
    client.force_login(counter_officer)
    assert client.post(f"/api/v1/dossiers/{code}/actions/receive", {},
                       content_type="application/json").status_code == 200
    assert client.get(f"/api/v1/dossiers/{code}/slips/control.pdf").status_code == 200
    client.force_login(person)
    assert client.get(f"/api/v1/dossiers/{code}/slips/receipt.pdf").status_code == 200
    response = client.get(f"/api/v1/dossiers/{code}/slips/control.pdf")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
