import os
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.actions import check_import, do_import_catalog
from catalog.demo.procedures import document
from motcua import test as cast
from units.models import StaffRole


def _load_base_data():
    call_command("import_units", province=[cast.PROVINCE], stdout=StringIO())
    do_import_catalog(check_import(document()), source="test")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Hải Phòng's units and the demo catalog, once for the whole session."""
    with django_db_blocker.unblock():
        _load_base_data()


@pytest.fixture(autouse=True)
def _base_data(request, django_db_blocker):
    """Put the base data back after a transactional test flushed the database. Runs before
    the test's own transaction opens, so the reload is committed once, not per test. Tests
    that use no database (settings, pure functions) set nothing up."""
    from units.models import AdministrativeUnit

    if not _uses_database(request):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        if not AdministrativeUnit.objects.filter(code=cast.PROVINCE).exists():
            _load_base_data()


@pytest.fixture
def citizen(db):
    return cast.make_user("nguyenvanan", first_name="An", last_name="Nguyễn Văn")


@pytest.fixture
def counter_officer(db):
    return cast.make_staff("motcua.hongbang", StaffRole.Role.COUNTER_OFFICER,
                           cast.commune_agency(cast.HONG_BANG), cast.commune_center(cast.HONG_BANG))


@pytest.fixture
def specialist(db):
    return cast.make_staff("chuyenvien.hongbang", StaffRole.Role.SPECIALIST,
                           cast.commune_agency(cast.HONG_BANG))


@pytest.fixture
def commune_leader(db):
    return cast.make_staff("lanhdao.hongbang", StaffRole.Role.LEADER,
                           cast.commune_agency(cast.HONG_BANG))


@pytest.fixture
def other_commune_leader(db):
    return cast.make_staff("lanhdao.lechan", StaffRole.Role.LEADER, cast.commune_agency(cast.LE_CHAN))


@pytest.fixture
def supervisor(db):
    from units import identifiers

    return cast.make_staff("giamsat", StaffRole.Role.SUPERVISOR,
                           identifiers.province_committee_code(cast.PROVINCE))


@pytest.fixture
def procedure(db):
    from catalog.models import Procedure

    return Procedure.objects.get(code=cast.KNOWN_PROCEDURE)


def _uses_database(request):
    return request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """Throttle counters live in the cache (a database table), reference data in memos: each
    test starts empty. Cleared before the test's transaction opens, so it stays cleared."""
    from django.core.cache import cache

    from motcua import memo

    memo.clear_all()  # a rolled-back test may have left its rows in a process memo
    if _uses_database(request):
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. A request in English leaves English active in
    the thread (LocaleMiddleware activates, nothing resets), and management commands speak the
    active language: with the suite spread over workers, the order of tests is not fixed."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def signing_files(tmp_path_factory):
    """A development CA and signer, made once for the run (results/signing.py)."""
    from results.management.commands.make_signing_certificate import make

    folder = tmp_path_factory.mktemp("signing")
    paths = folder / "key.pem", folder / "cert.pem", folder / "ca.pem"
    make(*paths, "Ủy ban nhân dân phường Hồng Bàng (thử nghiệm)")
    return paths


@pytest.fixture(autouse=True)
def _signing(settings, signing_files):
    """Results are signed with the run's development certificate, never var/signing."""
    from results import signing

    key, cert, ca = map(str, signing_files)
    settings.MOTCUA_SIGNING_KEY, settings.MOTCUA_SIGNING_CERT = key, cert
    settings.MOTCUA_SIGNING_CHAIN = settings.MOTCUA_SIGNING_TRUST_ROOTS = [ca]
    settings.MOTCUA_SIGNING_PKCS11 = None
    signing.reset()
    yield
    signing.reset()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(client):
    """Phạm Thị Hồng, signed in on the portal through the demo identity provider (she is in
    the demo population database)."""
    response = client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031190004567"})
    assert response.status_code == 302, response.content
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(person__id_number="031190004567")


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright, for one browser test."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's guard against async use does not apply.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=cast.CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()
        # While the loop runs, Django keeps the test's connections apart from the thread's
        # own (asgiref locals follow the loop's context): close them before it stops, or they
        # outlive the test and hold the test database open.
        connections.close_all()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


