"""The portal's network call holds no lock: an officer acts on the dossier while its record is
on the wire, a second worker leaves the dossier to the first, and a claim left by a worker that
died runs out. Real transactions on PostgreSQL (SQLite locks the whole file)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dossiers.actions import do_action
from integrations.national.registry import portal
from sync import outbox
from sync.models import DossierSync, SyncMessage
from sync.tests.test_sync import national, take_in  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="lock tests run on PostgreSQL (DESIGN.md, Tests)"),
]


def in_thread(work):
    """Run `work` on its own database connection, as another process would; (result, error)."""
    out = {}

    def runner():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '3s'")
            out["result"] = work()
        except Exception as exc:  # asserted on by the caller
            out["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=runner)
    thread.start()
    thread.join(30)
    return out.get("result"), out.get("error")


def test_an_officer_acts_while_the_record_is_on_the_wire_and_a_second_worker_waits(
        national, counter_officer):  # noqa: F811
    dossier = take_in(counter_officer)
    DBTaskResult.objects.all().delete()
    plugin = portal()
    seen = {}
    send = plugin.send_dossier

    def during_the_call(payload, *, update):
        if not seen:
            seen["in_transaction"] = connection.in_atomic_block
            seen["officer"] = in_thread(
                lambda: do_action(counter_officer, dossier.code, "transfer", {}).status)
            seen["second worker"] = in_thread(lambda: outbox._send_next(plugin, dossier.pk))
        return send(payload, update=update)

    plugin.send_dossier = during_the_call
    try:
        assert outbox.sync_dossier.call(dossier.pk) == "synced"
    finally:
        plugin.send_dossier = send
    assert seen["in_transaction"] is False
    assert seen["officer"] == ("processing", None)  # not blocked by the send in flight
    assert seen["second worker"] == ("busy", None)
    # The second worker's job comes back when the claim would run out, should the first die.
    assert DBTaskResult.objects.filter(task_path__endswith="sync_dossier").exists()
    # The first worker went on with everything, the officer's step included, once and in order.
    assert [s["SoThuTu"] for s in national.state.steps[dossier.code]] == [1, 2, 3]
    assert national.state.creates == {dossier.code: 1} and national.state.violations == []
    assert national.state.dossiers[dossier.code]["TrangThaiHoSo"] == 4
    state = DossierSync.objects.get(dossier=dossier)
    assert state.state == "synced" and state.sending_token == ""


def test_the_claim_of_a_worker_that_died_runs_out(national, counter_officer):  # noqa: F811
    dossier = take_in(counter_officer)
    now = timezone.now()
    DossierSync.objects.filter(dossier=dossier).update(
        sending_token="a-worker-killed-mid-send", sending_until=now + dt.timedelta(seconds=30))
    assert outbox.sync_dossier.call(dossier.pk) == "busy"
    assert national.state.requests == 0
    DossierSync.objects.filter(dossier=dossier).update(
        sending_until=now - dt.timedelta(seconds=1))
    assert outbox.sync_dossier.call(dossier.pk) == "synced"
    assert national.state.creates == {dossier.code: 1}
    assert not SyncMessage.objects.filter(dossier=dossier, status="pending").exists()


def test_an_answer_that_comes_after_the_claim_ran_out_is_not_recorded(
        national, counter_officer):  # noqa: F811
    dossier = take_in(counter_officer)
    plugin = portal()
    claimed = outbox._claim(dossier.pk)
    message, token, held = claimed
    # Meanwhile the claim ran out and another worker took the record over.
    DossierSync.objects.filter(dossier=dossier).update(sending_token="the-other-worker")
    result, held = outbox._deliver(plugin, held, message)
    assert outbox._record(dossier.pk, message.pk, token, result, held) == "busy"
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 0
