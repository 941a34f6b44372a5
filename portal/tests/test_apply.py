"""Applying online: the form from the procedure's components, prefill from the population
database, drafts, uploads checked by content, filing, and what only the owner may see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.models import Dossier
from motcua import test as cast
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

BIRTH = "1.001193"  # Đăng ký khai sinh: two papers to attach, two replaced by databases
FORM = "Tờ khai đăng ký khai sinh"
CERTIFICATE = "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh"
PDF = cast.sample_pdf()
PNG = cast.sample_png()


def field_for(client, name):
    """The upload field's name for a document, read from the form as a browser would."""
    page = client.get(f"/nop-ho-so/{BIRTH}/").content.decode()
    label = page.index(name)
    start = page.index('name="document_', label) + len('name="')
    return page[start:page.index('"', start)]


def pdf(name="to-khai.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def base(**extra):
    return {"applicant_type": "1", "applicant_name": "Phạm Thị Hồng",
            "applicant_id_number": "031190004567", "applicant_phone": "0912345678",
            "applicant_address": "12 Điện Biên Phủ, phường Hồng Bàng", "unit": str(cast.HONG_BANG),
            "summary": "Đăng ký khai sinh cho con", **declaration(), **extra}


def declaration():
    """The declaration form's answers as the browser posts them (field_<key>)."""
    return {f"field_{k}": ("on" if v is True else v) for k, v in cast.BIRTH_DECLARATION.items()}


def test_signing_in_is_asked_first(client):
    response = client.get(f"/nop-ho-so/{BIRTH}/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")


def test_the_form_is_prefilled_and_asks_only_for_papers_no_database_holds(client, person):
    page = client.get(f"/nop-ho-so/{BIRTH}/").content.decode()
    assert 'value="Phạm Thị Hồng"' in page and "12 Điện Biên Phủ" in page
    assert "Thông tin được điền sẵn từ: Cơ sở dữ liệu quốc gia về dân cư" in page
    # The two papers no database holds, and the authorisation of someone filing for another.
    assert page.count('type="file"') == 3 and "Văn bản ủy quyền" in page
    assert "Giấy tờ tùy thân của người đi đăng ký: không phải nộp: tra cứu từ Cơ sở dữ liệu " \
           "quốc gia về dân cư" in page
    detail = client.get(f"/thu-tuc/{BIRTH}/").content.decode()
    assert f'href="/nop-ho-so/{BIRTH}/"' in detail and "Nộp hồ sơ trực tuyến" in detail


def test_a_draft_keeps_data_and_files_then_is_filed(client, person, counter_officer):
    form_field, certificate_field = field_for(client, FORM), field_for(client, CERTIFICATE)
    response = client.post(f"/nop-ho-so/{BIRTH}/", {**base(), "save": "1", form_field: pdf()})
    assert response.status_code == 302
    page = client.get(f"/nop-ho-so/{BIRTH}/").content.decode()
    assert "Đã đính kèm: to-khai.pdf" in page and "Đăng ký khai sinh cho con" in page
    assert "Hồ sơ nháp" in client.get("/ho-so-cua-toi/").content.decode()
    # Filing without the birth certificate names it; nothing is filed.
    page = client.post(f"/nop-ho-so/{BIRTH}/", {**base(), "submit": "1"}).content.decode()
    assert f"Cần đính kèm: {CERTIFICATE}." in page
    assert not Dossier.objects.exists()
    response = client.post(f"/nop-ho-so/{BIRTH}/", {
        **base(), "submit": "1",
        certificate_field: SimpleUploadedFile("giay-chung-sinh.png", PNG, "image/png")})
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.code}/"
    assert dossier.status == "submitted" and dossier.channel == 2 and dossier.applicant == person
    assert dossier.service_center.code == cast.commune_center(cast.HONG_BANG)
    assert dossier.vneid_authenticated is False
    assert dossier.consulted == ["Cơ sở dữ liệu hộ tịch điện tử",
                                 "Cơ sở dữ liệu quốc gia về dân cư"]
    documents = {d.component_name: d for d in dossier.documents.all()}
    assert set(documents) == {FORM, CERTIFICATE}
    assert documents[CERTIFICATE].content_type == "image/png"
    assert not person.drafts.exists()
    # Both the owner and the commune's counter can open the files; their page lists them.
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Đã nộp hồ sơ" in page and FORM in page
    url = f"/ho-so/{dossier.code}/tai-lieu/{documents[FORM].pk}/"
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(counter_officer)
    assert client.get(url).status_code == 200
    assert url in client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()


def test_files_are_judged_by_their_content_and_size(client, person, settings):
    field = field_for(client, FORM)
    page = client.post(f"/nop-ho-so/{BIRTH}/", {
        **base(), "save": "1", field: pdf("to-khai.pdf", b"MZ\x90\x00 not a pdf")}).content.decode()
    assert "Tệp to-khai.pdf không phải tài liệu PDF, JPEG hoặc PNG." in page
    settings.MOTCUA_UPLOAD_MAX_BYTES = 10
    page = client.post(f"/nop-ho-so/{BIRTH}/", {**base(), "save": "1", field: pdf()}
                       ).content.decode()
    assert "lớn hơn" in page
    assert not person.drafts.get().files.exists()


def test_a_procedure_not_offered_online_sends_the_person_back(client, person):
    response = client.get("/nop-ho-so/2.001035/", follow=True)
    assert "chưa cung cấp dịch vụ công trực tuyến" in response.content.decode()
    assert client.get("/nop-ho-so/9.999999/").status_code == 404


def test_nobody_else_sees_a_persons_dossier_or_files(client, person, other_commune_leader):
    code = _filed(client)
    doc = Dossier.objects.get(code=code).documents.first()
    client.logout()
    client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031085004321"})  # Trần Văn Bình
    assert client.get(f"/ho-so-cua-toi/{code}/").status_code == 404
    assert client.get(f"/ho-so/{code}/tai-lieu/{doc.pk}/").status_code == 404
    assert client.get(f"/api/v1/dossiers/{code}").status_code == 404
    client.force_login(other_commune_leader)
    assert client.get(f"/ho-so/{code}/tai-lieu/{doc.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/ho-so/{code}/tai-lieu/{doc.pk}/").status_code == 404


def _filed(client):
    form_field, certificate_field = field_for(client, FORM), field_for(client, CERTIFICATE)
    client.post(f"/nop-ho-so/{BIRTH}/", {**base(), "submit": "1", form_field: pdf(),
                                        certificate_field: pdf("chung-sinh.pdf")})
    return Dossier.objects.latest("id").code


def test_the_declaration_is_asked_on_the_page_prefilled_and_checked(client, person):
    page = client.get(f"/nop-ho-so/{BIRTH}/").content.decode()
    assert "Tờ khai" in page and 'name="field_child_name"' in page
    # The population database knows the declarant's date of birth: not typed again.
    assert 'name="field_declarant_birth_date" value="12/04/1990"' in page
    # A wrong or missing answer is named at its field; nothing is filed.
    page = client.post(f"/nop-ho-so/{BIRTH}/", {
        **base(field_child_name="", field_child_birth_date="30/02/2026"),
        "submit": "1"}).content.decode()
    assert "Trường này là bắt buộc." in page and "Nhập ngày theo dạng" in page
    assert not Dossier.objects.exists()
    code = _filed(client)
    dossier = Dossier.objects.get(code=code)
    assert dossier.form_data == {**cast.BIRTH_DECLARATION}
    page = client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert "Nguyễn Minh An" in page and "02/11/2026" in page
    assert client.get(f"/api/v1/dossiers/{code}").json()["form_data"]["relation"] == "Mẹ"


def test_the_commune_is_proposed_from_the_address(client, person):
    """Phạm Thị Hồng lives in phường Hồng Bàng: that commune decides her birth registration
    unless she chooses another."""
    page = client.get(f"/nop-ho-so/{BIRTH}/").content.decode()
    assert f'<option value="{cast.HONG_BANG}" selected>' in page


def test_a_business_applies_as_itself_with_the_registry_s_data(client):
    client.post("/dang-nhap/demo/xac-thuc/", {"tax_code": "0201234500"})
    page = client.get("/nop-ho-so/2.000575/").content.decode()  # thay đổi hộ kinh doanh
    assert 'value="Hộ kinh doanh Bánh đa cua Bà Cụ"' in page
    assert 'value="0201234500"' in page and "179 Cầu Đất" in page
    assert '<option value="2" selected>' in page  # applying as a business
    assert "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp" in page
    ngo_quyen = AdministrativeUnit.objects.get(name="Phường Ngô Quyền").code
    assert f'<option value="{ngo_quyen}" selected>' in page


def test_a_person_files_as_themselves_or_declares_an_authorisation(client, person,
                                                                   counter_officer):
    """Someone else's name, CCCD and phone are refused (the news would go to that person);
    filing for someone else is declared, with their authorisation attached, and the dossier
    records both people and tells the one who filed."""
    from dossiers.tests.test_intake import APPLICANT

    response = client.post("/api/v1/dossiers", {"procedure": "1.004884", "unit": cast.HONG_BANG,
                                                **APPLICANT}, content_type="application/json")
    assert response.status_code == 400 and "applicant_id_number" in response.json()["fields"]
    response = client.post("/api/v1/dossiers", {"procedure": "1.004884", "unit": cast.HONG_BANG,
                                                "on_behalf": True, **APPLICANT},
                           content_type="application/json")
    assert response.status_code == 400 and "on_behalf" in response.json()["fields"]
    assert not Dossier.objects.exists()

    page = client.get(f"/nop-ho-so/{BIRTH}/")
    authorisation = field_for(client, "Văn bản ủy quyền")
    form = {"applicant_type": "1", "applicant_name": "Trần Văn Bình",
            "applicant_id_number": "031085004321", "applicant_phone": "0983456789",
            "applicant_address": "25 Lạch Tray, phường Gia Viên", "unit": str(cast.HONG_BANG),
            "field_child_name": "Trần Minh Khôi", "field_child_birth_date": "2026-11-02",
            "field_child_gender": "Nam", "field_birth_place": "Bệnh viện Phụ sản Hải Phòng",
            "field_relation": "Cha", "field_declarant_birth_date": "1985-09-02",
            "field_commitment": "on", field_for(client, FORM): pdf(),
            field_for(client, CERTIFICATE): pdf("chung-sinh.pdf"), "submit": "1"}
    assert page.status_code == 200
    refused = client.post(f"/nop-ho-so/{BIRTH}/", form)
    assert refused.status_code == 200 and not Dossier.objects.exists()
    assert "không phải số của tài khoản" in refused.content.decode()
    filed = client.post(f"/nop-ho-so/{BIRTH}/", {
        **form, "on_behalf": "on", field_for(client, FORM): pdf(),
        field_for(client, CERTIFICATE): pdf("chung-sinh.pdf"),
        authorisation: pdf("uy-quyen.pdf")})
    assert filed.status_code == 302, filed.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert dossier.on_behalf and dossier.applicant_name == "Trần Văn Bình"
    assert (dossier.filer_name, dossier.filer_id_number) == ("Phạm Thị Hồng", "031190004567")
    assert dossier.documents.filter(component_name="Văn bản ủy quyền").exists()
    assert dossier.contact_phone == person.person.phone
