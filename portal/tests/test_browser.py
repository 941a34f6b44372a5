"""The citizen's whole path in a real browser (Debian's Chromium via Playwright), as a new
user would walk it: sign in with the demo identity provider, find a procedure typed without
diacritics, apply with the form prefilled and files uploaded, get the dossier taken in by an
officer on the office pages, answer a supplement, and see the result. Then the refusals."""

import pytest

from dossiers.actions import do_action
from dossiers.models import Dossier
from motcua.test import CHROMIUM, run_jobs
from portal.tests.test_apply import PDF, PNG

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def sign_in(page, url, id_number, *, from_here=False):
    if not from_here:
        page.goto(f"{url}/dang-nhap/")
    page.get_by_role("button", name="Đăng nhập bằng Định danh thử nghiệm").click()
    page.check(f"input[value='{id_number}']")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def file(name, data, mime):
    return {"name": name, "mimeType": mime, "buffer": data}


def apply_for_birth_registration(page, url):
    page.goto(f"{url}/")
    page.fill("input[name=q]", "dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    assert page.input_value("input[name=applicant_name]") == "Phạm Thị Hồng"  # prefilled
    page.select_option("select[name=unit]", label="Phường Hồng Bàng")
    page.fill("textarea[name=summary]", "Đăng ký khai sinh cho con gái")
    # The declaration (tờ khai) is answered on the page; what the registry knows is there.
    assert page.input_value("input[name=field_declarant_birth_date]") == "12/04/1990"
    page.fill("input[name=field_child_name]", "Nguyễn Ngọc Diệp")
    page.fill("input[name=field_child_birth_date]", "02/11/2026")  # typed as dd/mm/yyyy
    page.select_option("select[name=field_child_gender]", "Nữ")
    page.fill("input[name=field_birth_place]", "Bệnh viện Phụ sản Hải Phòng")
    page.select_option("select[name=field_relation]", "Mẹ")
    page.check("input[name=field_commitment]")
    uploads = page.locator("input[type=file]")
    uploads.nth(0).set_input_files(file("to-khai.pdf", PDF, "application/pdf"))
    uploads.nth(1).set_input_files(file("giay-chung-sinh.png", PNG, "image/png"))
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.wait_for_url("**/ho-so-cua-toi/**")


def test_a_person_applies_answers_a_supplement_and_sees_the_result(
        context, live_server, counter_officer, specialist, commune_leader):
    citizen = context.new_page()
    sign_in(citizen, live_server.url, "031190004567")
    apply_for_birth_registration(citizen, live_server.url)
    dossier = Dossier.objects.get()
    assert dossier.channel == 2 and dossier.documents.count() == 2
    assert "Đã nộp hồ sơ" in citizen.content()
    assert dossier.form_data["child_name"] == "Nguyễn Ngọc Diệp"
    assert "Nguyễn Ngọc Diệp" in citizen.content() and "02/11/2026" in citizen.content()

    # The commune's counter officer finds it in the queue and asks for one more paper.
    office_context = context.browser.new_context(locale="vi-VN")
    office = office_context.new_page()
    office.goto(f"{live_server.url}/can-bo/dang-nhap/")
    office.fill("input[name=username]", "motcua.hongbang")
    office.fill("input[name=password]", "mat-khau-thu-nghiem")
    office.get_by_role("button", name="Đăng nhập").click()
    office.get_by_role("link", name=dossier.code).click()
    office.locator("summary", has_text="Yêu cầu bổ sung").click()
    office.fill("textarea[name=missing]", "Văn bản ủy quyền đăng ký khai sinh")
    office.fill("form:has(textarea[name=missing]) input[name=reason]", "Người đi đăng ký không phải cha, mẹ")
    office.locator("form:has(textarea[name=missing]) button").click()
    office.wait_for_selector("text=Người đi đăng ký không phải cha, mẹ")

    # The person sees what is asked and sends it.
    citizen.reload()
    assert "Văn bản ủy quyền đăng ký khai sinh" in citizen.content()
    citizen.locator("input[name=missing_0]").set_input_files(
        file("uy-quyen.pdf", PDF, "application/pdf"))
    citizen.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    citizen.wait_for_selector("text=giấy tờ đã được gửi")

    # Received at the counter, then processed by the commune (the office path is tested in
    # office/tests); the person sees the appointment, then the result.
    office.reload()
    office.locator("summary", has_text="Tiếp nhận").first.click()  # buttons say verbs
    office.locator("form:has(input[value=receive]) button").click()
    office.wait_for_selector("text=Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    citizen.reload()
    assert "Hẹn trả kết quả" in citizen.content()
    for user, action, data in [(counter_officer, "transfer", {}),
                               (commune_leader, "assign", {"assignee": "chuyenvien.hongbang"}),
                               (specialist, "propose", {"decision": "approve"}),
                               (commune_leader, "approve", {}),
                               (counter_officer, "return_result", {"method": "online"})]:
        do_action(user, dossier.code, action, data)
        run_jobs("sign_result")  # as the worker signs the result after the decision
    citizen.reload()
    assert "Đã trả kết quả" in citizen.content()
    # "Hồ sơ của tôi" asks for a rating; the person gives it on the dossier's page.
    citizen.goto(f"{live_server.url}/ho-so-cua-toi/")
    citizen.get_by_role("link", name="Đánh giá dịch vụ").click()
    citizen.locator("#danh-gia input[name=overall][value=satisfied]").check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_selector("text=Cảm ơn bạn đã đánh giá")
    assert dossier.ratings.get().overall == "satisfied"
    citizen.goto(f"{live_server.url}/ho-so-cua-toi/")
    assert "Đánh giá dịch vụ" not in citizen.content()
    office_context.close()


def test_the_refusals_a_person_meets(context, live_server):
    page = context.new_page()
    # Not signed in: the application form asks to sign in first.
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    assert "/dang-nhap/" in page.url
    sign_in(page, live_server.url, "031085004321", from_here=True)  # Trần Văn Bình
    page.wait_for_url("**/nop-ho-so/1.001193/")
    # A file that is not what its name says.
    page.select_option("select[name=unit]", label="Phường Hồng Bàng")
    page.locator("input[type=file]").nth(0).set_input_files(
        file("to-khai.pdf", b"this is plain text, not a PDF", "application/pdf"))
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_selector("text=không phải tài liệu PDF, JPEG hoặc PNG")
    # Another person's dossier is not there for him.
    response = page.goto(f"{live_server.url}/ho-so-cua-toi/001.11311.00.H26-260101-0001/")
    assert response.status == 404
