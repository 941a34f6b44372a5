"""Every form on the office pages, and the public ones, answers hostile input with a reason,
never a 500: on the demo city (`make run`'s data), each person's pages are walked from their
home page, and each form is sent back with one field at a time replaced by what people (and
scripts) type: "NaN", "1e309", a NUL, 5,000 characters, an impossible date, a negative amount.

Found this way, by a fuzzer of the same design run against a server: a KPI score of "NaN",
a reform figure of "1e309", and lookups by a code holding a NUL were 500s.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from office.views import INBOXES

pytestmark = pytest.mark.django_db

# Each field gets "NaN" (Decimal's NaN raises when compared) and one of each other kind, a
# different one for the next field: every value meets every kind of field across the forms.
KINDS = [["1e309", "99999999999999999999", "-1", "Infinity", "１２３"],
         ["31/02/2026", "2026-13-45", "00/00/0000", "32/12/2026 25:61"],
         ["x" * 5000, "Nguyễn\x00Văn", "", "<script>alert(1)</script>", "' OR 1=1 --"]]
# Pages that change who is browsing rather than what they see.
SKIPPED = ("/can-bo/dang-xuat/", "/can-bo/bao-mat/", "/can-bo/danh-gia-tai-quay/",
           "/dang-xuat/", "/i18n/", "/admin/", "/static/", "/media/")
PEOPLE = ["motcua.hongbang", "chuyenvien.hongbang", "lanhdao.hongbang", "giamsat",
          "lanhdao.snv", "chuyenvien.snv", "motcua.tp"]
MAX_PAGES = 90  # per person: every kind of page is reached well before


class Forms(HTMLParser):
    """The links and forms of a page: each form's method, action, fields with their values as
    the page fills them, and its buttons."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "fields": {}, "files": [],
                          "method": (a.get("method") or "get").lower(), "buttons": []}
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            self._field(tag, a)
        elif tag == "option" and self._select and self._form is not None:
            if not self._form["fields"].get(self._select) or "selected" in a:
                self._form["fields"][self._select] = a.get("value", "")

    def _field(self, tag, a):
        name, kind = a["name"], (a.get("type") or "text").lower()
        fields = self._form["fields"]
        if tag == "input" and kind == "file":
            self._form["files"].append(name)
        elif tag == "button" or kind == "submit":
            self._form["buttons"].append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif kind in ("checkbox", "radio"):
            if "checked" in a or name not in fields:
                fields[name] = a.get("value", "on") if "checked" in a else ""
        elif tag in ("input", "textarea"):
            fields[name] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def route(path):
    """The URL pattern a path answers to: one dossier's page stands for all of them."""
    try:
        return resolve(path).route
    except Resolver404:
        return None


def walk(client, start, inside):
    """Pages reachable from `start` under `inside`: {form key: (action, form)}."""
    seen, queue, forms, routes = set(), list(start), {}, {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = Forms()
        page.feed(response.content.decode())
        for href in page.links:
            target = urljoin(path, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(inside) \
                    or parts.path.startswith(SKIPPED):
                continue
            key = (route(parts.path), parts.query.split("=")[0])
            if routes.setdefault(key, 0) < 2:  # two pages of a kind are enough
                routes[key] += 1
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in page.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            if action.startswith(SKIPPED) or route(action) is None:
                continue
            forms.setdefault((route(action), form["method"], tuple(sorted(form["fields"]))),
                             (action, form))
    return forms


def send_hostile(client, forms):
    sent = 0
    for number, (action, form) in enumerate(forms.values()):
        names = [n for n in form["fields"] if n != "csrfmiddlewaretoken"]
        for index, name in enumerate(names):
            turn = number + index
            values = ["NaN"] + [kind[turn % len(kind)] for kind in KINDS]
            for shift, value in enumerate(values):
                data = {**form["fields"], name: value}
                if form["buttons"]:
                    button = form["buttons"][(index + shift) % len(form["buttons"])]
                    data[button[0]] = button[1]
                if form["method"] == "post":
                    response = client.post(action, data)
                else:
                    response = client.get(action, data)
                sent += 1
                assert response.status_code < 500, (action, name, value[:40])
    return sent


def test_every_form_answers_hostile_input_without_failing():
    """One test, so the demo city is loaded once (about half a minute)."""
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    sent = forms_seen = 0
    for username in PEOPLE:
        client = Client()
        client.force_login(User.objects.get(username=username))
        # Every inbox tab from the start: the walk visits two pages of a kind, and some tabs
        # hold a form of their own (sending received dossiers on).
        forms = walk(client, ["/can-bo/", *(f"/can-bo/hop-thu/{box}/" for box in INBOXES)],
                     "/can-bo/")
        forms_seen += len(forms)
        sent += send_hostile(client, forms)
    # The walk reached the working pages, not only the inbox.
    assert forms_seen >= 100 and sent >= 1000, (forms_seen, sent)

    client = Client()
    forms = walk(client, ["/", "/thu-tuc/", "/tra-cuu/", "/phan-anh-kien-nghi/gui/"], "/")
    assert len(forms) >= 5
    send_hostile(client, forms)
    # A citizen of the demo, signed in, with her dossiers and the forms to file one.
    client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031190004567"})
    forms = walk(client, ["/ho-so-cua-toi/", "/thu-tuc/"], "/")
    assert any(re.match(r"nop-ho-so/", key[0] or "") for key in forms), list(forms)[:5]
    send_hostile(client, forms)
