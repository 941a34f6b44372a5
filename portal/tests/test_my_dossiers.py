"""Following a dossier online: status, timeline, what is asked now; answering a supplement
with the documents asked for; withdrawing while allowed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.models import Dossier
from dossiers.tests.test_transitions import act
from portal.tests.test_apply import PDF, _filed

pytestmark = pytest.mark.django_db

MISSING = ["Bản sao giấy chứng nhận kết hôn của cha, mẹ", "Văn bản ủy quyền"]


def test_the_person_answers_a_supplement_request_online(client, person, counter_officer,
                                                        specialist, commune_leader):
    code = _filed(client)
    # At reception the counter finds the dossier incomplete.
    act(client, counter_officer, code, "request_supplement", reason="Thiếu giấy tờ",
        missing=MISSING)
    client.force_login(person)
    page = client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert "Bạn cần bổ sung giấy tờ" in page and MISSING[1] in page and "Thiếu giấy tờ" in page
    # Every item needs its file.
    response = client.post(f"/ho-so-cua-toi/{code}/", {
        "do": "supplement", "missing_0": SimpleUploadedFile("kh.pdf", PDF)}, follow=True)
    assert f"Cần đính kèm: {MISSING[1]}." in response.content.decode()
    assert Dossier.objects.get(code=code).status == "supplement"
    response = client.post(f"/ho-so-cua-toi/{code}/", {
        "do": "supplement", "missing_0": SimpleUploadedFile("kh.pdf", PDF),
        "missing_1": SimpleUploadedFile("uy-quyen.pdf", PDF)}, follow=True)
    assert "giấy tờ đã được gửi" in response.content.decode()
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "submitted"  # before reception: filed again, back in the queue
    assert sorted(d.component_name for d in dossier.documents.filter(supplement_round=1)) \
        == sorted(MISSING)
    events = list(dossier.events.values_list("action", "role"))
    assert events[-1] == ("resubmit", "applicant")


def test_a_supplement_during_processing_resumes_the_clock(client, person, counter_officer,
                                                          specialist):
    code = _filed(client)
    act(client, counter_officer, code, "receive")
    act(client, counter_officer, code, "transfer")
    act(client, specialist, code, "request_supplement", reason="Tờ khai thiếu chữ ký",
        missing=["Tờ khai đăng ký khai sinh (có chữ ký)"])
    client.force_login(person)
    client.post(f"/ho-so-cua-toi/{code}/", {
        "do": "supplement", "missing_0": SimpleUploadedFile("to-khai.pdf", PDF)})
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "processing" and dossier.pauses.get().ended_at is not None


def test_the_person_withdraws_while_allowed(client, person, counter_officer):
    code = _filed(client)
    page = client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert "Rút hồ sơ" in page
    client.post(f"/ho-so-cua-toi/{code}/", {"do": "withdraw", "reason": ""})
    assert Dossier.objects.get(code=code).status == "submitted"  # a reason is needed
    client.post(f"/ho-so-cua-toi/{code}/", {"do": "withdraw", "reason": "Nộp nhầm thủ tục"})
    assert Dossier.objects.get(code=code).status == "withdrawn"
    assert "Rút hồ sơ" not in client.get(f"/ho-so-cua-toi/{code}/").content.decode()


def test_the_api_shows_reuse_and_databases_consulted(client, person):
    code = _filed(client)
    body = client.get(f"/api/v1/dossiers/{code}").json()
    assert body["consulted"] == ["Cơ sở dữ liệu hộ tịch điện tử",
                                 "Cơ sở dữ liệu quốc gia về dân cư"]
    assert body["vneid_authenticated"] is False
    assert {d["source"] for d in body["documents"]} == {"upload"}
    assert all(d["reused"] is False and d["from_store"] is False for d in body["documents"])
    url = body["documents"][0]["url"]
    assert url.startswith(f"/api/v1/dossiers/{code}/documents/")
    assert client.get(url).status_code == 200
    # An API client with a token downloads it too; another person does not.
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=person).key
    client.logout()
    assert client.get(url).status_code in (401, 403)
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_my_dossiers_filters_by_status_and_lists_what_i_was_told(client, person,
                                                                 counter_officer):
    waiting, received = _filed(client), _filed(client)
    act(client, counter_officer, waiting, "request_supplement", reason="Thiếu giấy tờ",
        missing=MISSING)
    act(client, counter_officer, received, "receive")
    client.force_login(person)
    page = client.get("/ho-so-cua-toi/").content.decode()
    assert waiting in page and received in page and "Thông báo" in page
    assert "nộp ngày" in page and "Lọc theo trạng thái" in page
    mine = client.get("/ho-so-cua-toi/", {"trang_thai": "can-bo-sung"}).content.decode()
    mine = mine.split("<h2>Đã nộp</h2>", 1)[1]  # the list, below the notifications
    assert f"/ho-so-cua-toi/{waiting}/" in mine and f"/ho-so-cua-toi/{received}/" not in mine
    odd = client.get("/ho-so-cua-toi/", {"trang_thai": "khong-co"})
    assert odd.status_code == 200 and received in odd.content.decode()
