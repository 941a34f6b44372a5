"""Electronic results: generated from the dossier, signed (PAdES), in the applicant's data
store, verifiable by anyone from the QR code without personal data; tampering is detected."""

import io
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from dossiers.models import Dossier
from dossiers.tests.test_intake import SELF_APPLICANT
from motcua import test as cast
from portal.models import StoredDocument
from results.models import Result

pytestmark = pytest.mark.django_db


def act(client, user, code, action, **data):
    client.force_login(user)
    response = client.post(f"/api/v1/dossiers/{code}/actions/{action}", data,
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response


@pytest.fixture
def decided(client, person, counter_officer, specialist, commune_leader):
    """Phạm Thị Hồng's online birth registration, approved by the commune's leader."""
    client.force_login(person)
    code = client.post("/api/v1/dossiers", {
        "procedure": cast.KNOWN_PROCEDURE, "unit": cast.HONG_BANG,
        "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT}, content_type="application/json"
    ).json()["code"]
    for user, action, data in [(counter_officer, "receive", {}), (counter_officer, "transfer", {}),
                               (commune_leader, "assign", {"assignee": "chuyenvien.hongbang"}),
                               (specialist, "propose", {"decision": "approve"}),
                               (commune_leader, "approve", {})]:
        act(client, user, code, action, **data)
    assert cast.run_jobs("sign_result") == ["signed"]
    return code


def stored_bytes(result):
    with default_storage.open(result.file.name, "rb") as handle:
        return handle.read()


def test_approval_issues_a_signed_result_that_an_independent_validator_accepts(
        decided, signing_files):
    result = Result.objects.get(dossier__code=decided)
    assert result.kind == "approved" and result.title == "Giấy khai sinh"
    data = stored_bytes(result)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(signing_files[2]))])
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert "Hồng Bàng" in status.signing_cert.subject.human_friendly
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "GIẤY KHAI SINH" in text and "Nguyễn Minh An" in text  # from the declaration
    assert f"/xac-thuc/{result.verification_code}" in text


@pytest.fixture
def served_on_8123(settings):
    settings.MOTCUA_PUBLIC_URL = "http://127.0.0.1:8123"  # what `make run PORT=8123` sets


def test_the_result_s_qr_code_decodes_to_its_verification_page_where_it_is_served(
        served_on_8123, decided, signing_files):
    import zxingcpp
    from PIL import Image

    result = Result.objects.get(dossier__code=decided)
    reader = PdfReader(io.BytesIO(stored_bytes(result)))
    decoded = [d.text for image in reader.pages[0].images
               for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    assert decoded == [f"http://127.0.0.1:8123/xac-thuc/{result.verification_code}"]
    assert "http://127.0.0.1:8123/xac-thuc/" in reader.pages[0].extract_text()


def test_the_result_reaches_the_dossier_and_the_applicant_s_data_store(client, decided, person):
    dossier = Dossier.objects.get(code=decided)
    document = dossier.documents.get(source="result")
    stored = StoredDocument.objects.get(user=person, kind="result")
    assert stored.digitisation_code == Result.objects.get().number
    assert stored.source_dossier == dossier
    client.force_login(person)
    page = client.get(f"/ho-so-cua-toi/{decided}/").content.decode()
    assert f"/ho-so/{decided}/tai-lieu/{document.pk}/" in page
    response = client.get(f"/ho-so/{decided}/tai-lieu/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(Result.objects.get())
    assert "Giấy khai sinh" in client.get("/kho-du-lieu/").content.decode()


def test_anyone_verifies_it_without_seeing_personal_data(client, decided):
    result = Result.objects.get()
    client.logout()
    page = client.get(f"/xac-thuc/{result.verification_code}").content.decode()
    assert "Xác thực, nguyên vẹn và còn hiệu lực." in page
    assert SELF_APPLICANT["applicant_name"] not in page and SELF_APPLICANT["applicant_id_number"] not in page
    body = client.get(f"/api/v1/verify/{result.verification_code}").json()
    assert body["valid"] is True and body["authentic"] is True and body["status"] == "valid"
    assert body["number"] == result.number and "Hồng Bàng" in body["issuer"]
    assert SELF_APPLICANT["applicant_name"] not in str(body)
    assert client.get("/xac-thuc/khong-co-ma-nay").status_code == 404
    assert client.get("/api/v1/verify/khong-co-ma-nay").status_code == 404


def test_a_tampered_file_is_detected_as_altered(client, decided):
    result = Result.objects.get()
    original = stored_bytes(result)
    client.logout()
    response = client.post(f"/api/v1/verify/{result.verification_code}",
                           {"file": SimpleUploadedFile("kq.pdf", original, "application/pdf")})
    assert response.json()["unaltered"] is True and response.json()["authentic"] is True
    tampered = original.replace(b"/Title (", b"/Title (X", 1)
    assert tampered != original
    response = client.post(f"/api/v1/verify/{result.verification_code}",
                           {"file": SimpleUploadedFile("kq.pdf", tampered, "application/pdf")})
    assert response.status_code == 200
    assert response.json()["unaltered"] is False and response.json()["valid"] is False
    page = client.post(f"/xac-thuc/{result.verification_code}",
                       {"file": SimpleUploadedFile("kq.pdf", tampered, "application/pdf")}
                       ).content.decode()
    assert "không phải kết quả đã cấp" in page
    response = client.post(f"/api/v1/verify/{result.verification_code}",
                           {"file": SimpleUploadedFile("kq.pdf", b"GIF89a", "image/gif")})
    assert response.status_code == 400
    # The stored file itself altered (a breach of the store) is reported too.
    with default_storage.open(result.file.name, "wb") as handle:
        handle.write(tampered)
    assert client.get(f"/api/v1/verify/{result.verification_code}").json()["valid"] is False


def test_a_revoked_result_is_no_longer_valid(client, decided):
    Result.objects.update(revoked_at=timezone.now(), revoked_reason="Cấp lại do sai thông tin")
    body = client.get(f"/api/v1/verify/{Result.objects.get().verification_code}").json()
    assert body["status"] == "revoked" and body["valid"] is False and body["authentic"] is True


def test_a_refusal_is_a_signed_letter_with_its_reason(client, person, counter_officer,
                                                      specialist, commune_leader):
    client.force_login(counter_officer)
    code = client.post("/api/v1/dossiers", {"procedure": cast.KNOWN_PROCEDURE, "receive": True,
                                            "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT},
                       content_type="application/json").json()["code"]
    act(client, counter_officer, code, "transfer")
    act(client, specialist, code, "propose", decision="reject",
        reason="Người đi đăng ký không có quyền")
    act(client, commune_leader, code, "reject")  # signs the refusal as proposed
    cast.run_jobs("sign_result")
    result = Result.objects.get(dossier__code=code)
    assert result.kind == "refused" and result.title == "Văn bản trả lời"
    text = PdfReader(io.BytesIO(stored_bytes(result))).pages[0].extract_text()
    assert "Người đi đăng ký không có quyền" in text


def test_the_development_certificate_command(tmp_path, settings):
    settings.MOTCUA_SIGNING_KEY = str(tmp_path / "k.pem")
    settings.MOTCUA_SIGNING_CERT = str(tmp_path / "c.pem")
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(tmp_path / "ca.pem")]
    out = StringIO()
    call_command("make_signing_certificate", stdout=out)
    assert "Đã tạo" in out.getvalue() and (tmp_path / "ca.pem").exists()
    call_command("make_signing_certificate", stdout=out)
    assert "đã có" in out.getvalue()


@pytest.fixture
def approved(client, person, counter_officer, specialist, commune_leader):
    """The same dossier, approved, its result not signed yet (the job has not run)."""
    client.force_login(person)
    code = client.post("/api/v1/dossiers", {
        "procedure": cast.KNOWN_PROCEDURE, "unit": cast.HONG_BANG,
        "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT}, content_type="application/json"
    ).json()["code"]
    for user, action, data in [(counter_officer, "receive", {}), (counter_officer, "transfer", {}),
                               (commune_leader, "assign", {"assignee": "chuyenvien.hongbang"}),
                               (specialist, "propose", {"decision": "approve"}),
                               (commune_leader, "approve", {})]:
        act(client, user, code, action, **data)
    return code


def test_the_decision_only_reserves_the_result_and_a_job_signs_it_after_commit(
        client, approved, counter_officer, commune_leader):
    result = Result.objects.get(dossier__code=approved)
    dossier = Dossier.objects.get(code=approved)
    assert dossier.status == "resolved"
    assert result.status == "signing" and result.file.name == "" and result.number
    assert not dossier.documents.filter(source="result").exists()
    # Nobody can verify or download what is not signed yet, and it is not returned online.
    assert client.get(f"/api/v1/verify/{result.verification_code}").status_code == 404
    assert client.get(f"/ket-qua/tai-ve/{result.download_token}").status_code == 404
    client.force_login(counter_officer)
    response = client.post(f"/api/v1/dossiers/{approved}/actions/return_result",
                           {"method": "online"}, content_type="application/json")
    assert response.status_code == 400 and "chưa được ký" in response.content.decode()
    client.force_login(commune_leader)
    assert "đang ký số" in client.get(f"/can-bo/ho-so/{approved}/").content.decode()

    assert cast.run_jobs("sign_result") == ["signed"]
    result.refresh_from_db()
    assert result.status == "signed" and result.size > 0 and result.signer
    assert dossier.documents.get(source="result").digitisation_code == result.number
    assert client.get(f"/api/v1/verify/{result.verification_code}").json()["valid"] is True
    act(client, counter_officer, approved, "return_result", method="online")
    assert cast.run_jobs("sign_result") == []  # signed once


def test_a_signer_that_fails_keeps_the_decision_shows_the_failure_and_signs_again(
        client, approved, commune_leader, specialist, settings, tmp_path):
    from results import signing

    good_key = settings.MOTCUA_SIGNING_KEY
    (tmp_path / "hong.pem").write_text("không phải khoá")
    settings.MOTCUA_SIGNING_KEY = str(tmp_path / "hong.pem")  # the token is out
    signing.reset()
    assert cast.run_jobs("sign_result") == ["failed"]
    result = Result.objects.get(dossier__code=approved)
    assert result.status == "failed" and result.error and result.attempts == 1
    assert Dossier.objects.get(code=approved).status == "resolved"  # the decision stands
    client.force_login(commune_leader)
    page = client.get(f"/can-bo/ho-so/{approved}/").content.decode()
    assert "ký số không thành công" in page.lower() and 'value="sign_again"' in page
    # Only a leader of the unit signs it again, and only a failed one.
    client.force_login(specialist)
    client.post(f"/can-bo/ho-so/{approved}/", {"action": "sign_again", "result": result.pk})
    assert Result.objects.get(pk=result.pk).status == "failed"

    settings.MOTCUA_SIGNING_KEY = good_key  # the token is back
    signing.reset()
    client.force_login(commune_leader)
    client.post(f"/can-bo/ho-so/{approved}/", {"action": "sign_again", "result": "x"})
    response = client.post(f"/can-bo/ho-so/{approved}/",
                           {"action": "sign_again", "result": result.pk}, follow=True)
    assert "đang được ký lại" in response.content.decode()
    assert cast.run_jobs("sign_result") == ["signed"]
    result.refresh_from_db()
    assert result.status == "signed" and result.error == "" and result.attempts == 2
    response = client.post(f"/can-bo/ho-so/{approved}/",
                           {"action": "sign_again", "result": result.pk}, follow=True)
    assert "Chỉ ký lại" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_signing_runs_outside_any_transaction(client, approved, monkeypatch):
    from django.db import connection

    from results import signing

    seen = []
    sign = signing.sign
    monkeypatch.setattr(signing, "sign", lambda *a, **k: seen.append(
        connection.in_atomic_block) or sign(*a, **k))
    assert cast.run_jobs("sign_result") == ["signed"]
    assert seen == [False]
