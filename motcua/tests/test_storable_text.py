"""No NUL and no lone UTF-16 surrogate gets past the edge (motcua.middleware
.StorableTextMiddleware): PostgreSQL can neither store nor compare them, and a lookup by a code
holding one was a 500 (found by fuzzing the API with schemathesis)."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client

from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from feedback.models import Petition

pytestmark = pytest.mark.django_db

REFUSED = "Chứa ký tự không được phép lưu: ký tự NUL hoặc nửa cặp thay thế UTF-16."


def refused_fields(response):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == "invalid" and body["detail"] == "Dữ liệu yêu cầu không hợp lệ."
    return body["fields"]


@pytest.mark.parametrize("bad", ["1.004884\x00", "\ud800", "\udc00x"])
def test_a_json_body_with_an_unstorable_character_is_refused(client, counter_officer, bad):
    client.force_login(counter_officer)
    body = json.dumps({"procedure": bad, "receive": True, **APPLICANT})
    assert refused_fields(client.post("/api/v1/dossiers", body,
                                      content_type="application/json")) == {
        "procedure": [REFUSED]}
    assert not Dossier.objects.exists()


def test_the_refused_field_is_named_by_its_path_in_the_body(client, counter_officer):
    client.force_login(counter_officer)
    body = json.dumps({"procedure": "1.004884", **APPLICANT,
                       "form_data": {"ho_ten_cha": "Trần Văn\x00 Nam"},
                       "components": [{"name": "Tờ khai"}, {"name": "\udbff"}],
                       "bad_key\x00": 1})
    fields = refused_fields(client.post("/api/v1/dossiers", body,
                                        content_type="application/json"))
    assert sorted(fields) == ["body", "components.1.name", "form_data.ho_ten_cha"]
    assert not Dossier.objects.exists()


def test_a_query_string_is_checked_whatever_the_body(client, counter_officer):
    client.force_login(counter_officer)
    response = client.post("/api/v1/dossiers?ghi_chu=%00", '{"x": "\\u0000", not JSON',
                           content_type="application/json")
    assert refused_fields(response) == {"ghi_chu": [REFUSED]}


def test_what_only_looks_like_one_passes(client, counter_officer):
    """A surrogate pair is one character (an emoji), and an escaped backslash before "u0000"
    is text: neither is refused by the edge (the fields' own rules still apply)."""
    client.force_login(counter_officer)
    body = ('{"procedure": "1.004884", "receive": true, "summary": "\\\\u0000 \\ud83d\\ude00", '
            + json.dumps(APPLICANT)[1:])
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    assert Dossier.objects.get().summary == "\\u0000 \U0001F600"


def test_a_lookup_by_a_code_with_a_nul_finds_nothing(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/api/v1/dossiers/001.10525.00.H26-261207-0001%00")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    fields = refused_fields(client.get("/api/v1/dossiers?q=%00&procedure=1.004884"))
    assert fields == {"q": [REFUSED]}


def test_a_directive_with_a_nul_is_refused_not_failed(client, supervisor):
    """schemathesis' case: the issuer's code, looked up with its NUL."""
    from directives.models import Directive

    client.force_login(supervisor)
    response = client.post("/api/v1/directives", json.dumps({
        "kind": "conclusion", "number": "15/TB-UBND", "issued_on": "02/12/2026",
        "title": "Kết luận về cải cách hành chính", "signer_name": "Lê Ngọc Châu",
        "issuer": "000.00.00.H26\x00"}), content_type="application/json")
    assert refused_fields(response) == {"issuer": [REFUSED]}
    assert not Directive.objects.exists()


def test_an_english_client_reads_the_refusal_in_english(client, counter_officer):
    client.force_login(counter_officer)
    response = client.post("/api/v1/dossiers", json.dumps({"procedure": "\x00"}),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request is not valid."
    assert response.json()["fields"]["procedure"][0].startswith("Contains a character")


def test_a_page_form_with_a_nul_gets_a_vietnamese_page(client):
    """The public complaint form (feedback.views.petition_new): its procedure code was looked
    up with the NUL, as a form, URL-encoded and multipart."""
    data = {"kind": "suggestion", "subject": "procedure", "procedure": "1.004884\x00",
            "title": "Thủ tục còn rườm rà", "content": "Đề nghị bỏ bản sao giấy tờ.",
            "submitter_name": "Vũ Thị Lan", "submitter_phone": "0912345678"}
    for response in (
            client.post("/phan-anh-kien-nghi/gui/", data),  # multipart
            client.post("/phan-anh-kien-nghi/gui/", urlencode(data),
                        content_type="application/x-www-form-urlencoded"),
            client.get("/phan-anh-kien-nghi/gui/?procedure=%00")):
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert "Yêu cầu không được chấp nhận" in page and REFUSED in page
        assert "<code>procedure</code>" in page
    assert not Petition.objects.exists()


def test_an_address_with_a_nul_is_a_missing_page(client):
    response = client.get("/tra-cuu/%00/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_a_cookie_with_a_nul_is_dropped(client):
    """A session cookie holding a NUL (Python's cookie parser turns "\\000" into one) was a 500
    on every page: it is ignored, as a browser that never had it."""
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "\x00abcdefghijklmnop"
    response = client.get("/")
    assert response.status_code == 200
    response = Client(HTTP_COOKIE='sessionid="\\000abcdefghijk"').get("/tra-cuu/")
    assert response.status_code == 200
