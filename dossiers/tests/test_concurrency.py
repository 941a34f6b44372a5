"""Concurrent intake and concurrent actions, with real transactions (PostgreSQL only: SQLite
serialises writers on the whole file, so it cannot show what row locks do)."""

import threading

import pytest
from django.db import connection, connections

from dossiers.actions import DossierConflict, check_create, do_action, do_create
from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from motcua import test as cast

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="concurrency tests run on PostgreSQL (DESIGN.md, Tests)"),
]


def run_together(n, work):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def runner(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


def test_fifty_parallel_intakes_at_one_unit_get_fifty_consecutive_codes(counter_officer):
    def intake(i):
        data = {"procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, "receive": True, **APPLICANT,
                "applicant_name": f"Người nộp số {i}"}
        return do_create(check_create(counter_officer, data), counter_officer).code

    codes, errors = run_together(50, intake)
    assert errors == []
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert len(set(codes)) == 50
    assert numbers == list(range(numbers[0], numbers[0] + 50))
    assert Dossier.objects.count() == 50


def test_two_officers_acting_at_once_never_both_succeed(counter_officer):
    data = {"procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, **APPLICANT}
    code = do_create(check_create(counter_officer, data), counter_officer).code

    def decide(i):
        if i == 0:
            return do_action(counter_officer, code, "receive").status
        return do_action(counter_officer, code, "refuse", {"reason": "Không thuộc thẩm quyền"}).status

    outcomes, errors = run_together(2, decide)
    assert len([o for o in outcomes if o]) == 1
    assert len(errors) == 1 and isinstance(errors[0], DossierConflict)
    dossier = Dossier.objects.get(code=code)
    assert dossier.status in ("received", "refused")
    assert dossier.events.count() == 2  # submit, and exactly one decision


def test_the_same_idempotency_key_sent_twice_at_once_makes_one_dossier(counter_officer):
    from django.test import Client

    data = {"procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, "receive": True,
            **APPLICANT}

    def send(i):
        client = Client()
        client.force_login(counter_officer)
        response = client.post("/api/v1/dossiers", data, content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY="dong-thoi-1")
        return response.status_code, response.json()["code"]

    answers, errors = run_together(4, send)
    assert errors == []
    assert {status for status, _ in answers} == {201}
    assert len({code for _, code in answers}) == 1
    assert Dossier.objects.count() == 1
