"""At 390 px (a phone) and at 1366 px (an office screen), no page a citizen or an officer
reaches scrolls sideways, and on the phone the header folds into one menu button that opens
the menu. Debian's Chromium through Playwright."""

import pytest

from dossiers.actions import check_create, do_action, do_create
from dossiers.tests.test_intake import APPLICANT
from motcua.test import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]

PUBLIC = ["/", "/thu-tuc/?q=dang+ky+khai+sinh", "/thu-tuc/1.004884/", "/tra-cuu/",
          "/phan-anh-kien-nghi/", "/dang-nhap/"]


def overflow(page):
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def staff_pages(code):
    return ["/can-bo/", "/can-bo/hop-thu/approval/", f"/can-bo/ho-so/{code}/",
            "/can-bo/tiep-nhan/", "/can-bo/chi-so/", "/can-bo/dong-bo/"]


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_scrolls_sideways(browser, live_server, counter_officer, specialist,
                                  commune_leader, supervisor, width):
    dossier = do_create(check_create(counter_officer, {
        "procedure": "1.004884", "receive": True, **APPLICANT,
        "applicant_address": "Số 1234 ngõ 567 ngách 89 hẻm 10 đường Nguyễn Bỉnh Khiêm kéo dài, "
                             "tổ dân phố số 15, phường Hồng Bàng, thành phố Hải Phòng"}),
        counter_officer)
    do_action(counter_officer, dossier.code, "transfer", {})
    do_action(commune_leader, dossier.code, "assign", {"assignee": "chuyenvien.hongbang"})
    do_action(specialist, dossier.code, "propose", {"decision": "approve"})
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        for path in PUBLIC:
            page.goto(live_server.url + path)
            assert overflow(page) <= 0, (width, path, overflow(page))
        if width == 390:
            menu = page.locator("label.menu-button")
            assert menu.is_visible()
            assert not page.get_by_role("link", name="Tra cứu hồ sơ").first.is_visible()
            menu.click()
            assert page.get_by_role("link", name="Tra cứu hồ sơ").first.is_visible()
            header = page.locator("header.site-header").bounding_box()
            assert header["width"] <= width
        else:
            assert not page.locator("label.menu-button").is_visible()
        page.goto(f"{live_server.url}/can-bo/dang-nhap/")
        page.fill("input[name=username]", "lanhdao.hongbang")
        page.fill("input[name=password]", "mat-khau-thu-nghiem")
        page.click("form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/can-bo/")
        for path in staff_pages(dossier.code):
            page.goto(live_server.url + path)
            assert overflow(page) <= 0, (width, path, overflow(page))
        page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
        assert page.get_by_text("Ký duyệt").first.is_visible()  # the leader's verb, on screen
    finally:
        context.close()
