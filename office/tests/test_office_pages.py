"""The staff pages: sign in, inboxes, counter intake, the dossier page and its actions."""

import pytest

from dossiers.models import Dossier

pytestmark = pytest.mark.django_db

INTAKE = {"procedure": "1.004884", "channel": "1", "applicant_type": "1",
          "applicant_name": "Phạm Văn Long", "applicant_id_number": "031088007777",
          "applicant_phone": "0904123456", "applicant_address": "8 Tô Hiệu, phường Lê Chân",
          "components": ["Tờ khai đăng ký lại khai sinh",
                         "Bản sao giấy khai sinh hoặc giấy tờ chứng minh nội dung khai sinh",
                         "Văn bản cam đoan về việc đã đăng ký khai sinh nhưng không lưu giữ được "
                         "bản chính"],
          "other_components": "Bản sao sổ hộ khẩu cũ", "receive": "on"}


def test_staff_sign_in_in_vietnamese(client, counter_officer):
    page = client.get("/can-bo/dang-nhap/").content.decode()
    assert "Đăng nhập cán bộ" in page
    response = client.post("/can-bo/dang-nhap/", {"username": "motcua.hongbang",
                                                  "password": "sai-mat-khau"})
    assert "Sai tài khoản hoặc mật khẩu." in response.content.decode()
    response = client.post("/can-bo/dang-nhap/", {"username": "motcua.hongbang",
                                                  "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302 and response["Location"] == "/can-bo/"


def test_visitors_and_citizens_are_kept_out(client, citizen):
    assert client.get("/can-bo/").status_code == 302
    client.force_login(citizen)
    assert client.get("/can-bo/").status_code == 403
    assert client.get("/can-bo/tiep-nhan/").status_code == 403


def test_counter_intake_creates_the_dossier_and_offers_the_receipt(client, counter_officer):
    client.force_login(counter_officer)
    response = client.post("/can-bo/tiep-nhan/", INTAKE)
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant_name="Phạm Văn Long")
    assert dossier.status == "received"
    assert dossier.components == INTAKE["components"] + ["Bản sao sổ hộ khẩu cũ"]
    page = client.get(response["Location"]).content.decode()
    assert f"Đã tạo hồ sơ {dossier.code}." in page
    assert f"/api/v1/dossiers/{dossier.code}/slips/receipt.pdf" in page
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    assert ">Chuyển xử lý</button>" in page  # the transfer action is offered, as a verb


def test_intake_errors_are_shown_in_vietnamese_and_nothing_is_saved(client, counter_officer):
    client.force_login(counter_officer)
    response = client.post("/can-bo/tiep-nhan/", {**INTAKE, "applicant_id_number": "123"})
    assert response.status_code == 200
    assert "Số định danh cá nhân (CCCD) gồm đúng 12 chữ số." in response.content.decode()
    assert not Dossier.objects.filter(applicant_name="Phạm Văn Long").exists()


def test_the_leader_assigns_and_approves_from_the_dossier_page(
        client, counter_officer, specialist, commune_leader):
    client.force_login(counter_officer)
    client.post("/can-bo/tiep-nhan/", INTAKE)
    code = Dossier.objects.get(applicant_name="Phạm Văn Long").code
    client.post(f"/can-bo/ho-so/{code}/", {"action": "transfer"})
    client.force_login(commune_leader)
    # Nothing waits for the leader's signature until the specialist submits it (trình ký).
    row = f'href="/can-bo/ho-so/{code}/"'
    assert row not in client.get("/can-bo/hop-thu/approval/").content.decode()
    client.post(f"/can-bo/ho-so/{code}/", {"action": "assign", "assignee": "chuyenvien.hongbang"})
    response = client.post(f"/can-bo/ho-so/{code}/", {"action": "approve"}, follow=True)
    assert "Chưa có dự thảo nào được trình ký" in response.content.decode()
    client.force_login(specialist)
    assert code in client.get("/can-bo/hop-thu/mine/").content.decode()
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "Trình ký" in page and ">Ký duyệt<" not in page  # buttons are verbs
    client.post(f"/can-bo/ho-so/{code}/", {"action": "propose", "decision": "approve",
                                           "note": "Hồ sơ đầy đủ, đủ điều kiện cấp"})
    client.force_login(commune_leader)
    assert row in client.get("/can-bo/hop-thu/approval/").content.decode()
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "Hồ sơ đầy đủ, đủ điều kiện cấp" in page and ">Ký duyệt</button>" in page
    response = client.post(f"/can-bo/ho-so/{code}/", {"action": "approve"})
    assert response.status_code == 302
    assert Dossier.objects.get(code=code).status == "resolved"
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "Đã phê duyệt kết quả" in page


def test_the_leader_sends_a_proposal_back_with_the_reason(client, counter_officer, specialist,
                                                          commune_leader):
    client.force_login(counter_officer)
    client.post("/can-bo/tiep-nhan/", INTAKE)
    code = Dossier.objects.get(applicant_name="Phạm Văn Long").code
    client.post(f"/can-bo/ho-so/{code}/", {"action": "transfer"})
    client.force_login(specialist)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "propose", "decision": "reject",
                                           "reason": "Thiếu giấy tờ chứng minh"})
    client.force_login(commune_leader)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "send_back",
                                           "reason": "Cần xác minh lại với công an phường"})
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "processing" and dossier.proposal == ""
    assert f'href="/can-bo/ho-so/{code}/"' not in client.get("/can-bo/hop-thu/approval/") \
        .content.decode()
    assert dossier.events.order_by("-seq").first().note == "Cần xác minh lại với công an phường"


def test_a_refused_action_explains_itself(client, counter_officer):
    client.force_login(counter_officer)
    client.post("/can-bo/tiep-nhan/", {**INTAKE, "receive": ""})
    code = Dossier.objects.get(applicant_name="Phạm Văn Long").code
    response = client.post(f"/can-bo/ho-so/{code}/", {"action": "refuse"}, follow=True)
    assert "Phải nêu lý do." in response.content.decode()
    assert Dossier.objects.get(code=code).status == "submitted"
    response = client.post(f"/can-bo/ho-so/{code}/", {"action": "approve"}, follow=True)
    content = response.content.decode()
    assert "Không thể thực hiện “Ký duyệt”" in content and "approve" not in content


def test_another_commune_sees_nothing(client, counter_officer, other_commune_leader):
    client.force_login(counter_officer)
    client.post("/can-bo/tiep-nhan/", INTAKE, follow=True)  # shows (and spends) the flash
    code = Dossier.objects.get(applicant_name="Phạm Văn Long").code
    client.force_login(other_commune_leader)
    assert code not in client.get("/can-bo/").content.decode()
    assert client.get(f"/can-bo/ho-so/{code}/").status_code == 404


def test_the_intake_screen_finds_the_procedure_and_lists_its_documents(client, counter_officer):
    client.force_login(counter_officer)
    found = client.get("/can-bo/tiep-nhan/tim-thu-tuc/", {"q": "dang ky lai khai sinh"})
    assert "Đăng ký lại khai sinh" in found.content.decode()
    assert "?procedure=1.004884" in found.content.decode()
    assert "Không có thủ tục" in client.get("/can-bo/tiep-nhan/tim-thu-tuc/",
                                            {"q": "xyzxyz"}).content.decode()
    part = client.get("/can-bo/tiep-nhan/thu-tuc/", {"procedure": "1.004884"}).content.decode()
    assert 'name="components" value="Tờ khai đăng ký lại khai sinh"' in part
    assert "8.000" in part and "5 ngày làm việc" in part
    # Papers the national population database replaces are shown but not asked for.
    part = client.get("/can-bo/tiep-nhan/thu-tuc/", {"procedure": "LT.001.H26"}).content.decode()
    assert "không phải nộp: tra cứu" in part.lower()


def test_receiving_an_incomplete_dossier_is_refused_with_what_is_missing(client, counter_officer):
    client.force_login(counter_officer)
    response = client.post("/can-bo/tiep-nhan/", {**INTAKE, "components": INTAKE["components"][:1]})
    page = response.content.decode()
    assert response.status_code == 200 and "chưa được đánh dấu" in page
    assert "Văn bản cam đoan về việc đã đăng ký khai sinh" in page
    assert not Dossier.objects.filter(applicant_name="Phạm Văn Long").exists()
    # Not ticking "receive" creates it so that a supplement can be requested.
    response = client.post("/can-bo/tiep-nhan/", {**INTAKE, "components": INTAKE["components"][:1],
                                                  "receive": ""})
    assert response.status_code == 302
    assert Dossier.objects.get(applicant_name="Phạm Văn Long").status == "submitted"


def test_without_scripts_the_documents_load_for_a_typed_code(client, counter_officer):
    client.force_login(counter_officer)
    page = client.post("/can-bo/tiep-nhan/", {"procedure": "1.004884", "load": "1",
                                              "applicant_name": "Phạm Văn Long"}).content.decode()
    assert 'value="Tờ khai đăng ký lại khai sinh"' in page and 'value="Phạm Văn Long"' in page
    assert "errorlist" not in page
    assert not Dossier.objects.exists()
    page = client.post("/can-bo/tiep-nhan/", {**INTAKE, "procedure": "9.999999"}).content.decode()
    assert "Không có thủ tục nào mang mã này." in page


def test_the_counter_types_the_declaration_and_it_is_shown_on_the_dossier(client, counter_officer):
    client.force_login(counter_officer)
    part = client.get("/can-bo/tiep-nhan/thu-tuc/", {"procedure": "1.001193"}).content.decode()
    assert 'name="field_child_name"' in part and "Tờ khai" in part
    intake = {**INTAKE, "procedure": "1.001193",
              "components": ["Tờ khai đăng ký khai sinh",
                             "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh"],
              "other_components": ""}
    # Received at once, the declaration must be complete; the error stands at its field.
    page = client.post("/can-bo/tiep-nhan/", intake).content.decode()
    assert "Trường này là bắt buộc." in page and not Dossier.objects.exists()
    intake.update({"field_child_name": "Phạm Gia Bảo", "field_child_birth_date": "2026-11-10",
                   "field_child_gender": "Nam", "field_birth_place": "Bệnh viện Trẻ em Hải Phòng",
                   "field_relation": "Cha", "field_declarant_birth_date": "1988-07-07",
                   "field_commitment": "on"})
    response = client.post("/can-bo/tiep-nhan/", intake)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.form_data["child_gender"] == "Nam" and dossier.status == "received"
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Phạm Gia Bảo" in page and "10/11/2026" in page


def test_the_counter_fills_the_applicant_in_from_the_population_database(client,
                                                                          counter_officer):
    client.force_login(counter_officer)
    page = client.post("/can-bo/tiep-nhan/", {"procedure": "1.004884", "channel": "1",
                                              "applicant_type": "1", "lookup": "1",
                                              "applicant_id_number": "0311 9000 4567"})
    text = page.content.decode()
    assert page.status_code == 200 and 'value="Phạm Thị Hồng"' in text
    assert "Đã điền từ" in text and not Dossier.objects.exists()
    unknown = client.post("/can-bo/tiep-nhan/", {"procedure": "1.004884", "lookup": "1",
                                                 "applicant_id_number": "031199999999"})
    assert "không có người nào mang số này" in unknown.content.decode()
    bad = client.post("/can-bo/tiep-nhan/", {"procedure": "1.004884", "lookup": "1",
                                             "applicant_id_number": "123"})
    assert "đúng 12 chữ số" in bad.content.decode()


def test_inbox_tabs_show_their_counts(client, counter_officer, specialist, commune_leader):
    client.force_login(counter_officer)
    for name in ("Phạm Văn Long", "Trần Thị Hoa"):
        client.post("/can-bo/tiep-nhan/", {**INTAKE, "applicant_name": name})
    code = Dossier.objects.get(applicant_name="Phạm Văn Long").code
    client.post(f"/can-bo/ho-so/{code}/", {"action": "transfer"})
    client.force_login(commune_leader)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "assign", "assignee": "chuyenvien.hongbang"})
    client.force_login(specialist)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "propose", "decision": "approve"})
    client.force_login(commune_leader)
    page = client.get("/can-bo/").content.decode()
    import re

    counts = dict(re.findall(r'href="/can-bo/hop-thu/(\w+)/"[^>]*>[^<]*<span class="badge">'
                             r'(\d+\+?)</span>', page))
    assert counts == {"mine": "0", "unit": "2", "at_risk": "0", "overdue": "0",
                      "approval": "1", "to_transfer": "1", "to_return": "0"}
    assert "Theo dõi, báo cáo" in page


def test_the_commune_is_chosen_by_name(client, counter_officer):
    client.force_login(counter_officer)
    part = client.get("/can-bo/tiep-nhan/thu-tuc/", {"procedure": "1.004884"}).content.decode()
    assert '<datalist id="communes">' in part and '<option value="Phường Lê Chân">' in part
    assert 'list="communes"' in part
    # Typed as listed, without "Phường", or without the marks: the same ward.
    for typed in ("Phường Lê Chân", "lê chân", "Le Chan"):
        Dossier.objects.all().delete()
        response = client.post("/can-bo/tiep-nhan/", {**INTAKE, "unit": typed})
        assert response.status_code == 302, typed
        assert Dossier.objects.get().agency.unit.name == "Phường Lê Chân"
    Dossier.objects.all().delete()
    page = client.post("/can-bo/tiep-nhan/", {**INTAKE, "unit": "Phường Không Có"}).content.decode()
    assert "Không có xã, phường nào của tỉnh mang tên này" in page and not Dossier.objects.exists()


def test_fees_due_at_reception_are_charged_and_collected_at_intake(client, counter_officer):
    from catalog.models import Procedure
    from payments.models import Payment

    client.force_login(counter_officer)
    fee = Procedure.objects.get(code="1.004884").fees_on()[0]
    part = client.get("/can-bo/tiep-nhan/thu-tuc/", {"procedure": "1.004884"}).content.decode()
    assert f'name="fees" value="{fee.pk}"' in part and 'name="collect"' in part
    response = client.post("/can-bo/tiep-nhan/", {**INTAKE, "fees": [str(fee.pk)],
                                                  "collect": "on"}, follow=True)
    dossier = Dossier.objects.get()
    line = dossier.fee_lines.get()
    assert (line.stage, line.amount, line.exempt) == ("reception", fee.amount, False)
    assert line.paid_at is not None
    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == "paid" and payment.amount == fee.amount
    page = response.content.decode()
    assert f"biên lai số {payment.receipt_number}" in page
    assert dossier.events.get(action="receive").data["fees"][0]["amount"] == fee.amount
    # Exempt with its reason: charged as exempt, nothing to collect.
    Dossier.objects.all().delete()
    client.post("/can-bo/tiep-nhan/", {**INTAKE, "fees": [str(fee.pk)], "collect": "on",
                                      f"exempt_{fee.pk}": "Người có công với cách mạng"})
    line = Dossier.objects.get().fee_lines.get()
    assert line.exempt and line.exemption_reason == "Người có công với cách mạng"
    assert not Payment.objects.filter(dossier__fee_lines=line).exists()
    # Fees without receiving: refused, nothing saved.
    Dossier.objects.all().delete()
    page = client.post("/can-bo/tiep-nhan/", {**INTAKE, "fees": [str(fee.pk)],
                                             "receive": ""}).content.decode()
    assert "Lệ phí được thu khi tiếp nhận hồ sơ" in page and not Dossier.objects.exists()


def test_a_new_appointment_is_typed_as_day_month_year(client, counter_officer, commune_leader):
    import datetime as dt

    from django.utils import timezone

    client.force_login(counter_officer)
    client.post("/can-bo/tiep-nhan/", INTAKE)
    dossier = Dossier.objects.get()
    client.post(f"/can-bo/ho-so/{dossier.code}/", {"action": "transfer"})
    client.force_login(commune_leader)
    later = timezone.localtime(dossier.due_at) + dt.timedelta(days=5)
    page = client.post(f"/can-bo/ho-so/{dossier.code}/", {
        "action": "reappoint", "new_due_at": "12/31/2026 10:00", "reason": "x"}, follow=True)
    assert "25/12/2026 16:30" in page.content.decode()  # the format, by example
    # The page takes what the API takes, by the same rule: a reason past 2,000 characters is
    # refused with the limit, and nothing changes.
    page = client.post(f"/can-bo/ho-so/{dossier.code}/", {
        "action": "reappoint", "new_due_at": later.strftime("%d/%m/%Y %H:%M"),
        "reason": "Chờ kết quả xác minh. " * 100}, follow=True)
    assert "Tối đa 2000 ký tự." in page.content.decode()
    assert Dossier.objects.get().due_at == dossier.due_at
    client.post(f"/can-bo/ho-so/{dossier.code}/", {
        "action": "reappoint", "new_due_at": later.strftime("%d/%m/%Y %H:%M"),
        "reason": "Chờ kết quả xác minh của công an phường"})
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") \
        == later.strftime("%d/%m/%Y %H:%M")
