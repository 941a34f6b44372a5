"""The counter intake screen in a real browser: Debian's Chromium driven by Playwright.

What only a browser shows: the procedure search answering as the officer types (HTMX), the
chosen procedure's documents appearing to be ticked, the form saving and the receipt opening.
Needs the `chromium` package (`apt install chromium`; .ci/run installs it). Playwright never
downloads a browser here: it is pointed at the system one (MOTCUA_CHROMIUM, else `chromium`).
"""

import pytest

from dossiers.models import Dossier
from motcua.test import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(browser, live_server, counter_officer):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    refused = []  # what the Content-Security-Policy blocked: nothing, as the pages need nothing
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text
            else None)
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/can-bo/dang-nhap/")
    page.fill("input[name=username]", "motcua.hongbang")
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/can-bo/")
    yield page
    context.close()
    assert refused == []


def choose_procedure(page, live_server, typed, name):
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/")
    page.fill("input[name=q]", typed)
    page.get_by_role("button", name=name).first.click()
    page.wait_for_selector("input[name=components]")


def test_an_officer_finds_the_procedure_ticks_its_documents_and_prints_the_receipt(
        page, live_server):
    choose_procedure(page, live_server, "dang ky lai khai sinh", "Đăng ký lại khai sinh")
    assert page.input_value("input[name=procedure]") == "1.004884"
    boxes = page.locator("input[name=components]")
    assert boxes.count() == 3
    for i in range(3):
        boxes.nth(i).check()
    page.fill("input[name=applicant_name]", "Phạm Thị Hồng")
    page.fill("input[name=applicant_id_number]", "031190004567")
    page.fill("input[name=applicant_phone]", "0912 345 678")
    page.fill("input[name=applicant_address]", "12 Điện Biên Phủ, phường Hồng Bàng")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/can-bo/ho-so/**")
    dossier = Dossier.objects.get(applicant_name="Phạm Thị Hồng")
    assert dossier.status == "received" and len(dossier.components) == 3
    assert f"Đã tạo hồ sơ {dossier.code}." in page.content()
    receipt = page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    response = page.request.get(live_server.url + receipt.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_a_missing_document_is_named_before_anything_is_saved(page, live_server):
    choose_procedure(page, live_server, "1.004884", "Đăng ký lại khai sinh")
    page.locator("input[name=components]").first.check()
    page.fill("input[name=applicant_name]", "Phạm Thị Hồng")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=chưa được đánh dấu")
    assert "Văn bản cam đoan về việc đã đăng ký khai sinh" in page.content()
    # The ticked document is still ticked and the other two are not.
    boxes = page.locator("input[name=components]")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, False]
    assert not Dossier.objects.exists()
