from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"

pytestmark = pytest.mark.django_db


def test_every_message_has_a_vietnamese_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated()]
    assert untranslated == []


def test_the_compiled_catalog_matches_the_po_file():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in mo if e.msgid}
    source = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in po if e.msgid}
    assert source == compiled, "run `make messages` and commit locale/"


def test_pages_speak_vietnamese_by_default(client):
    response = client.get("/thu-tuc/")
    assert "Tra cứu thủ tục hành chính" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_an_english_browser_still_gets_vietnamese_pages(client):
    response = client.get("/thu-tuc/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Tra cứu thủ tục hành chính" in response.content.decode()


def test_api_clients_may_ask_for_english(client):
    body = client.get("/api/v1/units?province=abc", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["detail"] == "The request is not valid."


def test_the_language_switcher_remembers_the_choice(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/thu-tuc/"})
    assert "Search procedures" in client.get("/thu-tuc/").content.decode()
    with translation.override("vi"):
        assert translation.gettext("Search procedures") == "Tra cứu thủ tục hành chính"


def test_api_validation_errors_are_in_vietnamese(client):
    body = client.get("/api/v1/units?province=ba-muoi-mot").json()
    assert body["detail"] == "Dữ liệu yêu cầu không hợp lệ."
    assert body["fields"]["province"] == ["Phải là một số nguyên hợp lệ."]
