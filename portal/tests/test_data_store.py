"""Digitisation at the counter fills the person's data store; a later application takes a
document from the store instead of an upload, and the dossier records the reuse."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.models import Dossier
from portal.models import Draft, DraftFile, StoredDocument
from portal.tests.test_apply import BIRTH, CERTIFICATE, FORM, PDF, _filed, base, field_for, pdf
from sync.models import SyncMessage
from sync.payloads import dossier_record

pytestmark = pytest.mark.django_db

MARRIAGE = "Giấy chứng nhận kết hôn"


def digitise(client, officer, code, name=MARRIAGE, content=PDF):
    client.force_login(officer)
    return client.post(f"/can-bo/ho-so/{code}/", {
        "action": "digitise", "component_name": name,
        "file": SimpleUploadedFile("scan.pdf", content, "application/pdf")}, follow=True)


def test_a_counter_scan_gets_a_code_a_signer_and_lands_in_the_store(client, person,
                                                                     counter_officer):
    code = _filed(client)
    page = digitise(client, counter_officer, code).content.decode()
    assert f"Đã số hóa: {MARRIAGE}, mã {code}.01." in page
    document = Dossier.objects.get(code=code).documents.get(source="counter_scan")
    assert document.signed_by == counter_officer and document.digitisation_code == f"{code}.01"
    stored = StoredDocument.objects.get(user=person)
    assert stored.title == MARRIAGE and stored.digitisation_code == f"{code}.01"
    assert stored.kind == "digitised" and stored.source_dossier.code == code
    client.force_login(person)
    page = client.get("/kho-du-lieu/").content.decode()
    assert MARRIAGE in page and f"{code}.01" in page
    response = client.get(f"/kho-du-lieu/{stored.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_only_the_counter_digitises_and_only_real_files(client, person, counter_officer,
                                                        specialist):
    code = _filed(client)
    page = digitise(client, specialist, code).content.decode()
    assert not StoredDocument.objects.exists()
    page = digitise(client, counter_officer, code, content=b"not a scan").content.decode()
    assert "không phải tài liệu PDF, JPEG hoặc PNG" in page
    page = digitise(client, counter_officer, code, name="").content.decode()
    assert "Hãy cho biết bản quét là giấy tờ nào." in page
    assert not StoredDocument.objects.exists()


def test_a_document_from_the_store_fills_a_new_application_as_a_reuse(client, person,
                                                                     counter_officer):
    first = _filed(client)
    digitise(client, counter_officer, first, name=FORM)
    stored = StoredDocument.objects.get()
    client.force_login(person)
    page = client.get(f"/nop-ho-so/{BIRTH}/").content.decode()
    assert "hoặc lấy từ kho dữ liệu của tôi" in page and f"{first}.01" in page
    store_field = field_for(client, FORM).replace("document_", "store_")
    response = client.post(f"/nop-ho-so/{BIRTH}/", {
        **base(), "submit": "1", store_field: str(stored.pk),
        field_for(client, CERTIFICATE): pdf("chung-sinh.pdf")})
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.exclude(code=first).get()
    reused = dossier.documents.get(component_name=FORM)
    assert reused.source == "store" and reused.reused and reused.from_store
    assert reused.digitisation_code == f"{first}.01" and reused.file.name == stored.file.name
    body = client.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert {(d["component_name"], d["from_store"]) for d in body["documents"]} == {
        (FORM, True), (CERTIFICATE, False)}
    # The record the national portal gets carries the reuse (766 indicators 4.3, 4.4): a place
    # for it is queued with the change and the worker builds it when it is sent.
    assert SyncMessage.objects.filter(dossier=dossier, kind="dossier", status="pending").exists()
    record = dossier_record(dossier)
    assert {(d["TenTaiLieu"], d["DuocLayTuKhoDMQG"], d["MaSoHoa"]) for d in record["TaiLieuNop"]} \
        == {(FORM, 1, f"{first}.01"), (CERTIFICATE, 0, "")}
    # The first dossier's record lists the counter's scan (digitised) beside the upload.
    record = dossier_record(Dossier.objects.get(code=first))
    assert sorted((d["DuocSoHoa"], d["MaSoHoa"]) for d in record["TaiLieuNop"]
                  if d["TenTaiLieu"] == FORM) == [(0, ""), (1, f"{first}.01")]


def test_another_persons_store_is_out_of_reach(client, person, counter_officer):
    code = _filed(client)
    digitise(client, counter_officer, code)
    stored = StoredDocument.objects.get()
    client.logout()
    client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031085004321"})
    assert client.get(f"/kho-du-lieu/{stored.pk}/").status_code == 404
    store_field = field_for(client, FORM).replace("document_", "store_")
    client.post(f"/nop-ho-so/{BIRTH}/", {**base(), "save": "1", store_field: str(stored.pk)})
    # His store is empty, so the form has no such choice: her document never reaches his draft.
    assert not DraftFile.objects.filter(draft__user__person__id_number="031085004321").exists()
    assert Draft.objects.filter(user__person__id_number="031085004321").exists()
