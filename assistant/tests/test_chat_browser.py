"""The chat panel in Debian's Chromium at a desktop and a phone width: a question typed, the
answer appearing under it with its source (HTMX), the box emptied for the next one, the limit
of questions said in place, nothing blocked by the Content-Security-Policy and nothing wider
than the screen."""

import pytest

from motcua import test as cast
from motcua.test import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_person_asks_the_assistant_on_the_portal(browser, live_server, width, monkeypatch):
    from assistant.answers import AskThrottle

    monkeypatch.setattr(AskThrottle, "THROTTLE_RATES", {"assistant": "2/min"})
    context, page, refused = cast.open_page(browser, width)
    page.goto(f"{live_server.url}/tro-ly/")
    page.fill("input[name=question]", "Đăng ký kết hôn mất bao lâu?")
    page.click("form.chat-form button[type=submit]")
    page.wait_for_selector("#conversation article.exchange")
    reply = page.locator("#conversation article.exchange").first
    assert "Đăng ký kết hôn" in reply.inner_text()
    assert reply.locator("a[href$='/thu-tuc/1.000894/']").count() >= 1
    assert page.input_value("input[name=question]") == ""
    page.fill("input[name=question]", "Giá vàng hôm nay bao nhiêu?")
    page.click("form.chat-form button[type=submit]")
    page.wait_for_selector("#conversation article.exchange >> nth=1")
    second = page.locator("#conversation article.exchange").nth(1).inner_text()
    assert "không tìm thấy" in second and "1022" in second
    assert page.url.endswith("/tro-ly/")  # answered in place, no page load
    # Over the limit (2 a minute here): the panel says so in place (a 429 that htmx shows).
    page.fill("input[name=question]", "Lệ phí đăng ký kết hôn?")
    page.click("form.chat-form button[type=submit]")
    page.wait_for_selector("#conversation article.exchange >> nth=2")
    assert "đợi một phút" in page.locator("#conversation article.exchange").nth(2).inner_text()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
    assert refused == []
