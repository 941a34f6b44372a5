"""A complaint or suggestion sent without an account: the phone or e-mail given is proven by
a one-time code before the petition is received; the person then follows it in this browser or
with the link sent to them. Codes are throttled per address and per client, in the database."""

import datetime as dt
import logging
import re

import pytest
from django.core import mail
from django.utils import timezone

from feedback.models import Petition
from integrations.models import ContactCheck

pytestmark = pytest.mark.django_db

PETITION = {"subject": "other", "kind": "suggestion",
            "title": "Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa",
            "content": "Buổi sáng thứ hai người dân phải đứng chờ rất lâu vì thiếu ghế ngồi.",
            "submitter_name": "Trần Thị Mai", "submitter_phone": "0912 345 678"}


def sent_code(caplog):
    found = re.findall(r"mã xác thực của bạn là (\d{6})", caplog.text)
    assert found, caplog.text
    return found[-1]


@pytest.fixture(autouse=True)
def _log(caplog):
    caplog.set_level(logging.INFO, logger="motcua.notify")


def test_a_petition_without_an_account_is_received_once_the_code_comes_back(client, caplog):
    form = client.get("/phan-anh-kien-nghi/gui/").content.decode()
    assert 'name="submitter_name"' in form and "Gửi mã xác thực" in form
    response = client.post("/phan-anh-kien-nghi/gui/", PETITION)
    assert response.status_code == 302 and response["Location"] == "/phan-anh-kien-nghi/xac-minh/"
    assert not Petition.objects.exists()  # nothing is received before the code comes back
    page = client.get("/phan-anh-kien-nghi/xac-minh/").content.decode()
    assert "09•••••678" in page and "0912345678" not in page
    code = sent_code(caplog)
    check = ContactCheck.objects.get()
    assert check.address == "0912345678" and code not in check.code_hash  # only a hash kept
    wrong = "000000" if code != "000000" else "111111"
    page = client.post("/phan-anh-kien-nghi/xac-minh/", {"action": "confirm", "code": wrong})
    assert page.status_code == 400 and "còn 4 lần thử" in page.content.decode()
    response = client.post("/phan-anh-kien-nghi/xac-minh/", {"action": "confirm", "code": code})
    petition = Petition.objects.get()
    assert response["Location"] == f"/phan-anh-kien-nghi/{petition.code}/"
    assert petition.submitter is None and petition.submitter_name == "Trần Thị Mai"
    assert petition.submitter_phone == "0912345678" and petition.contact_verified == "phone"
    assert petition.events.get().role == "submitter"
    assert petition.events.get().actor_name == "Trần Thị Mai"
    # This browser follows it; the link sent by SMS opens it in another.
    page = client.get(f"/phan-anh-kien-nghi/{petition.code}/").content.decode()
    assert "Đề nghị bố trí thêm ghế chờ" in page
    link = re.findall(r"(/phan-anh-kien-nghi/[^ ]+/theo-doi/[^ ]+/)", caplog.text)[-1]
    client.cookies.clear()
    assert client.get(f"/phan-anh-kien-nghi/{petition.code}/").status_code == 404
    assert client.get(link.replace(petition.follow_token, "x" * 43)).status_code == 404
    assert client.get(link).status_code == 302
    assert client.get(f"/phan-anh-kien-nghi/{petition.code}/").status_code == 200
    # The code works once.
    assert client.post("/phan-anh-kien-nghi/xac-minh/", {"code": code}).status_code == 302
    assert Petition.objects.count() == 1


def test_the_person_answers_and_rates_without_an_account(client, caplog, supervisor):
    client.post("/phan-anh-kien-nghi/gui/", PETITION)
    client.post("/phan-anh-kien-nghi/xac-minh/", {"code": sent_code(caplog)})
    petition = Petition.objects.get()
    from django.test import Client

    office = Client()
    office.force_login(supervisor)
    office.post(f"/can-bo/phan-anh-kien-nghi/{petition.code}/",
                {"action": "request_info", "request": "Xin cho biết bộ phận một cửa nào."})
    petition.refresh_from_db()
    assert petition.status == "more_info"
    page = client.get(f"/phan-anh-kien-nghi/{petition.code}/").content.decode()
    assert 'value="provide_info"' in page  # the browser that sent it may answer
    other = Client()
    assert other.post(f"/phan-anh-kien-nghi/{petition.code}/", {
        "action": "provide_info", "reply": "x"}).status_code == 404
    link = re.findall(r"(/phan-anh-kien-nghi/[^ ]+/theo-doi/[^ ]+/)", caplog.text)[-1]
    other.get(link)
    other.post(f"/phan-anh-kien-nghi/{petition.code}/", {
        "action": "provide_info", "reply": "Bộ phận một cửa phường Hồng Bàng."})
    petition.refresh_from_db()
    assert petition.info_reply == "Bộ phận một cửa phường Hồng Bàng."
    assert petition.events.order_by("-id").first().actor_name == "Trần Thị Mai"


def test_codes_are_limited_per_address_and_expire(client, caplog, settings):
    for _ in range(3):
        client.post("/phan-anh-kien-nghi/gui/", PETITION)
    response = client.post("/phan-anh-kien-nghi/gui/", PETITION)
    assert response.status_code == 400
    assert "Đã gửi quá nhiều mã đến địa chỉ này" in response.content.decode()
    # A fresh browser session changes nothing: the count is the address's.
    client.cookies.clear()
    assert client.post("/phan-anh-kien-nghi/gui/", PETITION).status_code == 400
    # Too many tries lock the code; an expired code is refused.
    ContactCheck.objects.all().delete()
    client.post("/phan-anh-kien-nghi/gui/", PETITION)
    for _ in range(5):
        client.post("/phan-anh-kien-nghi/xac-minh/", {"code": "999999x"})
    page = client.post("/phan-anh-kien-nghi/xac-minh/", {"code": sent_code(caplog)})
    assert "Nhập sai quá nhiều lần" in page.content.decode()
    ContactCheck.objects.all().delete()
    client.post("/phan-anh-kien-nghi/gui/", PETITION)
    ContactCheck.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.post("/phan-anh-kien-nghi/xac-minh/", {"code": sent_code(caplog)})
    assert "Mã đã hết hạn" in page.content.decode() and not Petition.objects.exists()
    # Per client address, whatever the addresses given.
    ContactCheck.objects.all().delete()
    settings.MOTCUA_CODE_CLIENT_SENDS_PER_HOUR = 2
    for phone in ("0912000001", "0912000002"):
        client.post("/phan-anh-kien-nghi/gui/", {**PETITION, "submitter_phone": phone})
    response = client.post("/phan-anh-kien-nghi/gui/", {**PETITION, "submitter_phone": "0912000003"})
    assert "Đã yêu cầu quá nhiều mã từ kết nối này" in response.content.decode()


def test_without_an_account_the_contact_is_required_and_a_dossier_must_be_theirs(
        client, caplog, person):
    from dossiers.models import Dossier
    from dossiers.tests.test_intake import SELF_APPLICANT
    from motcua import test as cast

    client.logout()  # the person fixture signed in
    response = client.post("/phan-anh-kien-nghi/gui/", {**PETITION, "submitter_phone": "",
                                                       "submitter_name": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Hãy cho biết số điện thoại hoặc thư điện tử" in page
    assert "Họ và tên của bạn" in page or "Tên của bạn" in page
    assert client.post("/phan-anh-kien-nghi/gui/", {**PETITION, "submitter_phone": "12345"}) \
        .status_code == 400
    # Someone's dossier, named with another phone: refused (the code proves the phone only).
    client.force_login(person)
    code = client.post("/api/v1/dossiers", {
        "procedure": cast.KNOWN_PROCEDURE, "unit": cast.HONG_BANG,
        "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT},
        content_type="application/json").json()["code"]
    client.logout()
    dossier = Dossier.objects.get(code=code)
    about = {**PETITION, "subject": "dossier", "dossier": code}
    response = client.post("/phan-anh-kien-nghi/gui/", {**about, "submitter_phone": "0987654321"})
    assert response.status_code == 400 and "Không có hồ sơ nào mang mã này" in \
        response.content.decode()
    response = client.post("/phan-anh-kien-nghi/gui/", {**about,
                                                       "submitter_phone": dossier.contact_phone})
    assert response.status_code == 302
    client.post("/phan-anh-kien-nghi/xac-minh/", {"code": sent_code(caplog)})
    assert Petition.objects.get().dossier == dossier


def test_a_code_by_e_mail(client):
    client.post("/phan-anh-kien-nghi/gui/", {**PETITION, "submitter_phone": "",
                                            "submitter_email": "tran.mai@example.vn"})
    assert mail.outbox[-1].to == ["tran.mai@example.vn"]
    code = re.findall(r"\b(\d{6})\b", mail.outbox[-1].body)[0]
    client.post("/phan-anh-kien-nghi/xac-minh/", {"code": code})
    petition = Petition.objects.get()
    assert petition.contact_verified == "email" and "/theo-doi/" in mail.outbox[-1].body


def test_old_codes_are_forgotten(client):
    from motcua.scheduler import JOBS

    client.post("/phan-anh-kien-nghi/gui/", PETITION)
    assert next(j for j in JOBS if j.name == "purge_codes").run() == {"deleted": 0}
    ContactCheck.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    # The scheduler's job (run_job itself closes the connection: tested in test_scheduler).
    assert next(j for j in JOBS if j.name == "purge_codes").run() == {"deleted": 1}
    assert not ContactCheck.objects.exists()


def test_a_gateway_that_fails_is_told_at_once(client, monkeypatch):
    from integrations.notify.contrib.console import ConsoleSMS

    def down(self, address, message):
        raise ConnectionError("SMS gateway unreachable")

    monkeypatch.setattr(ConsoleSMS, "send", down)
    response = client.post("/phan-anh-kien-nghi/gui/", PETITION)
    assert response.status_code == 400 and "Chưa gửi được mã lúc này" in response.content.decode()
    assert not Petition.objects.exists()
    assert client.post("/phan-anh-kien-nghi/xac-minh/", {"code": "123456"}).status_code == 302
