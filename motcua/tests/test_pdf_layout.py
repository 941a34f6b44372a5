"""Every printed document flows: with long Vietnamese values, no two words overlap and no word
falls outside the margins of Decree 30/2020 (left 30 mm, right 15 mm, top and bottom 20 mm),
on every page of every kind: the six one-stop slips, the fee receipt, the electronic result and
the written refusal. Words and their boxes come from pdfplumber (pdfminer.six)."""

import datetime as dt
import io

import pdfplumber
import pytest
from reportlab.lib.units import mm

from dossiers.models import Dossier
from dossiers.tests.test_transitions import act
from motcua import pdf
from motcua.test import run_jobs
from payments.actions import check_counter_payment, do_counter_payment
from results.models import Result

pytestmark = pytest.mark.django_db

LONG = {
    "applicant_name": "Tôn Nữ Thị Hoàng Thanh Xuân Nguyễn Phước Bảo Ngọc Diệp",
    "applicant_id_number": "031190001234",
    "applicant_phone": "0912 345 678",
    "applicant_email": "ton.nu.thi.hoang.thanh.xuan.nguyen.phuoc.bao.ngoc.diep@example.vn",
    "applicant_address": "Số 1234 ngõ 567 ngách 89 hẻm 10, đường Nguyễn Bỉnh Khiêm kéo dài, "
                         "tổ dân phố số 15, phường Hồng Bàng, thành phố Hải Phòng",
    "summary": "Đăng ký lại khai sinh cho con do bản chính Giấy khai sinh đã bị mất trong đợt "
               "lũ lụt năm 2024 và sổ hộ tịch lưu tại Ủy ban nhân dân không còn",
}
REASON = ("Tờ khai chưa ghi đầy đủ thông tin về nơi sinh, quê quán, dân tộc, quốc tịch của "
          "người được đăng ký khai sinh; thiếu chữ ký của người đi đăng ký; bản chụp giấy tờ "
          "tùy thân không rõ nét, cần chụp lại hoặc xuất trình bản chính để đối chiếu")
MISSING = ["Bản sao giấy tờ, tài liệu có nội dung liên quan đến việc đăng ký lại khai sinh",
           "Văn bản cam đoan của người yêu cầu về việc đã đăng ký khai sinh nhưng người yêu cầu "
           "không lưu giữ được bản chính Giấy khai sinh",
           "Giấy tờ tùy thân của người đi đăng ký (căn cước công dân hoặc hộ chiếu còn hạn)"]
TOLERANCE = 0.5  # points


def file(client, counter, **extra):
    client.force_login(counter)
    response = client.post("/api/v1/dossiers", {"procedure": "1.004884", **LONG, **extra},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["code"]


def documents(client, counter, specialist, leader):
    """{kind: PDF bytes} of every document kind, filled with long values."""
    out = {}
    code = file(client, counter, receive=True)
    out["receipt"] = client.get(f"/api/v1/dossiers/{code}/slips/receipt.pdf")
    dossier = Dossier.objects.get(code=code)
    lines = check_counter_payment(counter, dossier) if dossier.fee_lines.exists() else None
    if lines:
        payment = do_counter_payment(dossier, lines, counter, payer=LONG["applicant_name"])
    else:
        from dossiers.fees import add_fee_lines

        add_fee_lines(dossier, [{"fee": None, "kind": "charge", "amount": 1_250_000,
                                 "description": "Lệ phí đăng ký lại khai sinh cho người đã "
                                                "có hồ sơ, giấy tờ cá nhân (trường hợp "
                                                "không được miễn theo Nghị quyết của HĐND)",
                                 "exempt": False, "exemption_reason": ""}], "reception")
        payment = do_counter_payment(dossier, check_counter_payment(counter, dossier), counter,
                                     payer=LONG["applicant_name"])
    out["fee_receipt"] = client.get(
        f"/api/v1/dossiers/{code}/payments/{payment.reference}/receipt.pdf")
    act(client, counter, code, "transfer")
    act(client, leader, code, "assign", assignee="chuyenvien.hongbang")
    due = Dossier.objects.get(code=code).due_at
    act(client, leader, code, "reappoint", reason=REASON,
        new_due_at=(due + dt.timedelta(days=3)).isoformat())
    out["apology"] = client.get(f"/api/v1/dossiers/{code}/slips/apology.pdf")
    act(client, specialist, code, "propose", decision="approve")
    act(client, leader, code, "approve")
    run_jobs("sign_result")
    result = Result.objects.get(dossier__code=code)
    out["result"] = result.file.open("rb").read()
    client.force_login(leader)
    out["control"] = client.get(f"/api/v1/dossiers/{code}/slips/control.pdf")

    client.force_login(counter)
    waiting = file(client, counter)
    act(client, counter, waiting, "request_supplement", reason=REASON, missing=MISSING)
    out["supplement"] = client.get(f"/api/v1/dossiers/{waiting}/slips/supplement.pdf")
    refused = file(client, counter)
    act(client, counter, refused, "refuse", reason=REASON)
    out["refusal"] = client.get(f"/api/v1/dossiers/{refused}/slips/refusal.pdf")
    stopped = file(client, counter, receive=True)
    act(client, counter, stopped, "transfer")
    act(client, leader, stopped, "stop", reason=REASON)
    out["stop"] = client.get(f"/api/v1/dossiers/{stopped}/slips/stop.pdf")
    rejected = file(client, counter, receive=True)
    act(client, counter, rejected, "transfer")
    act(client, specialist, rejected, "propose", decision="reject", reason=REASON)
    act(client, leader, rejected, "reject")
    run_jobs("sign_result")
    out["written_refusal"] = Result.objects.get(dossier__code=rejected).file.open("rb").read()
    return {kind: _bytes(value) for kind, value in out.items()}


def _bytes(value):
    if isinstance(value, bytes):
        return value
    assert value.status_code == 200, value.content
    return b"".join(value.streaming_content) if value.streaming else value.content


def overlaps(a, b):
    return (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > TOLERANCE
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOLERANCE)


def test_no_word_overlaps_another_or_leaves_the_margins(client, counter_officer, specialist,
                                                        commune_leader):
    made = documents(client, counter_officer, specialist, commune_leader)
    assert set(made) == {"receipt", "supplement", "refusal", "apology", "stop", "control",
                         "fee_receipt", "result", "written_refusal"}
    left, right = pdf.MARGINS["left"], pdf.MARGINS["right"]
    top, bottom = pdf.MARGINS["top"], pdf.MARGINS["bottom"]
    for kind, data in made.items():
        with pdfplumber.open(io.BytesIO(data)) as document:
            for number, page in enumerate(document.pages, 1):
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                assert words, kind
                where = f"{kind}, page {number}"
                for word in words:
                    assert word["x0"] >= left - TOLERANCE, (where, word["text"], "left")
                    assert word["x1"] <= page.width - right + TOLERANCE, (where, word["text"],
                                                                          "right")
                    assert word["top"] >= top - TOLERANCE, (where, word["text"], "top")
                    assert word["bottom"] <= page.height - bottom + TOLERANCE, (
                        where, word["text"], "bottom")
                for i, word in enumerate(words):
                    for other in words[i + 1:]:
                        assert not overlaps(word, other), (where, word["text"], other["text"])


def test_documents_follow_the_administrative_layout(client, counter_officer, specialist,
                                                    commune_leader):
    made = documents(client, counter_officer, specialist, commune_leader)
    for kind, data in made.items():
        with pdfplumber.open(io.BytesIO(data)) as document:
            first = document.pages[0]
            top = first.height * 0.27
            split = first.width - pdf.MARGINS["right"] - 93 * mm
            issuer = " ".join(first.within_bbox((0, 0, split, top)).extract_text().split())
            motto = " ".join(first.within_bbox((split, 0, first.width, top)).extract_text()
                             .split())
            assert first.images and first.images[0]["x0"] < first.width / 3, kind  # the QR
        assert motto.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh "
                                "phúc Hải Phòng, ngày"), (kind, motto)  # motto, then place
        assert "Số:" in issuer and "ỦY BAN NHÂN DÂN" in issuer, (kind, issuer)
    receipt = " ".join(pdfplumber.open(io.BytesIO(made["fee_receipt"])).pages[0]
                       .extract_text().split())
    assert "Mẫu số:" in receipt and "Ký hiệu:" in receipt and "bằng chữ" in receipt
    assert "(demo)" not in receipt
    slip = " ".join(pdfplumber.open(io.BytesIO(made["receipt"])).pages[0].extract_text().split())
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in slip and "motcua.hongbang" in slip  # the officer signs
    result = " ".join(pdfplumber.open(io.BytesIO(made["result"])).pages[0].extract_text()
                      .split())
    assert "Tôi cam đoan" not in result and "(Đã ký số)" in result
