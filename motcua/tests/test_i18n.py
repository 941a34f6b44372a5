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


# Modules whose Vietnamese literals are not interface text, and why. Everything else that
# users read goes through gettext (English msgids, Vietnamese in the .po file).
NOT_INTERFACE = {
    # Official papers: their wording is the form's (Decree 61/2018, 11/2020), in Vietnamese
    # whoever prints them.
    "dossiers/slips.py": "slips", "payments/receipts.py": "receipts",
    "results/documents.py": "result documents", "motcua/pdf.py": "PDF layout",
    "results/actions.py": "the signature's stated reason, inside the signed PDF",
    # File layouts of the official annexes: an exported file imports back in any language.
    "catalog/excel.py": "catalog workbook layout", "directives/excel.py": "task workbook layout",
    "reform/excel.py": "the reform index annex layout", "reform/demo.py": "demo framework",
    "reform/demo_cycle.py": "demo assessments",
    "surveys/demo.py": "the SIPAS questionnaire and demo answers",
    # The city's published open data: its catalogue and datasets are Vietnamese in every
    # reader's language (DCAT-AP literals tagged @vi, column titles, CKAN descriptions).
    "opendata/sources.py": "published dataset metadata and column titles",
    "opendata/dcat.py": "the published catalogue's description",
    "opendata/ckan.py": "resource descriptions of the published catalogue",
    "opendata/demo.py": "demo datasets",
    # The assistant reads Vietnamese: the phrases and names people use are its data, and its
    # evaluation set and example questions are Vietnamese questions.
    "assistant/intents.py": "phrases people ask with", "assistant/knowledge.py": "synonyms",
    "assistant/views.py": "example questions", "assistant/eval/make_questions.py": "questions",
    "assistant/demo.py": "demo FAQs", "opendata/output.py": "yes/no typed in Vietnamese",
    # What the national portal sends and expects: its own words.
    "sync/payloads.py": "portal roles", "sync/national_catalog.py": "portal catalog values",
    "integrations/national/fields.py": "portal values",
    "integrations/national/simulator.py": "the portal's stand-in",
    # Data: names of units and documents, accepted input words, demo and test people.
    "units/importing.py": "agency names", "workcalendar/calendars.py": "legal sources",
    "dossiers/actions.py": "a document's name", "dossiers/models.py": "stored document prefix",
    "catalog/formfields.py": "yes/no typed in Vietnamese", "catalog/interchange.py": "same",
    "motcua/text.py": "folding rules", "motcua/templatetags/motcua.py": "the đồng sign",
    "catalog/models.py": "the đồng sign", "payments/actions.py": "a log line",
    "integrations/registries/contrib/demo.py": "demo registry",
    "indicators/simulate.py": "simulated people", "motcua/demo_city.py": "demo",
    "motcua/demo_directives.py": "demo", "motcua/management/commands/load_demo.py": "demo",
    "results/management/commands/make_signing_certificate.py": "test certificate's subject",
    "motcua/test.py": "test people", "deploy/compose_rehearsal.py": "the demo text it checks",
    # Vietnamese terms inside English help texts (API schema, --help).
    "dossiers/api.py": "terms", "indicators/api.py": "an en dash",
    "units/management/commands/import_units.py": "a place name",
}


def _interface_literals(path):
    import ast
    import re

    marks = re.compile("[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]",
                       re.IGNORECASE)
    gettexts = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
                "pgettext_lazy", "gettext_noop"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and marks.search(node.value)):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):
            continue  # a docstring
        while isinstance(parent, (ast.JoinedStr, ast.BinOp)):
            parent = parents.get(parent)
        func = getattr(parent, "func", None)
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if not (isinstance(parent, ast.Call) and name in gettexts):
            found.append(f"{node.lineno}: {node.value[:60]}")
    return found


def test_interface_text_in_the_code_goes_through_gettext():
    root = Path(__file__).resolve().parents[2]
    offenders = {}
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.split("/")[0] in {".venv", "var", "bench", "locale", "node_modules"} \
                or "/tests/" in relative or "/migrations/" in relative or "/demo/" in relative \
                or relative in NOT_INTERFACE or path.name == "conftest.py":
            continue
        if found := _interface_literals(path):
            offenders[relative] = found
    assert offenders == {}
