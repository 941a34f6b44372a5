"""A thousand dossiers filed on the national portal while it fails, times out and slows down,
and MotCua's scheduler killed and restarted in the middle: every dossier arrives once, nothing
is acknowledged that was not committed, and every status reaches the portal in order.
PostgreSQL only: the scheduler runs as a real process beside the test, on the same database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from dossiers.actions import do_action
from dossiers.models import Dossier
from integrations.national.registry import portal
from integrations.national.simulator import Simulator
from sync.models import InboundRecord
from sync.tests.test_inbound import TOKEN, call, filing
from sync.tests.test_sync import run_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a second process shares the database: PostgreSQL only"),
]

ROOT = Path(__file__).resolve().parents[2]
TOTAL = 1000


def scheduler(simulator, log):
    """`manage.py scheduler` pulling the portal every second, as in production."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "MOTCUA_ENV": "test", "DATABASE_URL": url,
           "MOTCUA_DVCQG_URL": simulator.url, "MOTCUA_DVCQG_TOKEN": TOKEN,
           "MOTCUA_DVCQG_TIMEOUT": "1", "MOTCUA_DVCQG_PULL_SECONDS": "1",
           "MOTCUA_DVCQG_PULL_PAGE": "40", "MOTCUA_DVCQG_INBOUND": "pull",
           "MEDIA_ROOT": str(django_settings.MEDIA_ROOT)}
    return subprocess.Popen([sys.executable, "manage.py", "scheduler", "--only",
                             "national_pull"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)


def committed_acks_hold(state):
    """Every event the portal heard was taken is a dossier committed here, under that code."""
    taken = {}
    with state.lock:
        events = {e["MaSuKien"]: e for e in state.feed}
        for event_id, ack in state.acks.items():
            if ack["KetQua"] == 1:
                taken[events[event_id]["MaHoSo"]] = ack["MaHoSoDonVi"]
    held = dict(Dossier.objects.filter(national_reference__in=list(taken))
                .values_list("national_reference", "code"))
    assert held == taken
    return len(taken)


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_thousand_filings_through_faults_and_a_killed_worker(
        settings, tmp_path, counter_officer):
    simulator = Simulator(token=TOKEN)
    settings.MOTCUA_NATIONAL_PORTAL = [("integrations.national.contrib.dvcqg.DVCQGPortal", {
        "url": simulator.url, "token": TOKEN, "unit_code": "000.00.00.H26", "timeout": 0.5})]
    settings.MOTCUA_SYNC_BACKOFF = 0
    portal.cache_clear()
    log = open(tmp_path / "scheduler.log", "w+")  # noqa: SIM115
    worker = scheduler(simulator, log)
    restarted = False
    faults = {1: dict(mode="fail", count=25), 3: dict(mode="timeout", delay=1.5, count=4),
              5: dict(mode="slow", delay=0.02, count=150),
              7: dict(mode="fail", count=40, scope="files"), 9: dict(mode="ok")}
    try:
        references = []
        for batch in range(10):
            if batch in faults:
                simulator.state.control(**faults[batch])
            for i in range(TOTAL // 10):
                status, answer = call(simulator, "/_citizen/dossiers", filing(
                    ChuHoSo=f"Nguyễn Văn Hải {batch * 100 + i + 1}",
                    SoGiayToChuHoSo=f"0312{batch * 100 + i:08d}"))
                assert status == 200, answer
                references.append(answer["MaHoSo"])
            if batch == 5 and not restarted:
                # Killed mid-work, without warning, once some dossiers are in.
                assert wait_for(lambda: Dossier.objects.count() >= 300, 120), \
                    _tail(log)
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
                committed_acks_hold(simulator.state)
                worker, restarted = scheduler(simulator, log), True
        simulator.state.control(mode="ok")
        assert wait_for(lambda: InboundRecord.objects.filter(
            status="accepted", acknowledged_at__isnull=False).count() >= TOTAL, 600), _tail(log)
        worker.send_signal(signal.SIGTERM)  # a clean stop after the job in hand
        assert worker.wait(30) == 0, _tail(log)
    finally:
        if worker.poll() is None:
            worker.kill()
        log.close()

    state = simulator.state
    # Every dossier exactly once, each acknowledged with its code, nothing acknowledged that
    # was not committed; the outage was real.
    assert Dossier.objects.filter(national_reference__in=references).count() == TOTAL
    assert committed_acks_hold(state) == TOTAL
    assert len(state.acks) == TOTAL and state.violations == []
    assert state.requests > TOTAL * 2  # a pull, a file and an acknowledgement each, and retries

    # Every status reaches the portal in order, through an outage of its own.
    for reference in references[:200]:
        code = Dossier.objects.get(national_reference=reference).code
        do_action(counter_officer, code, "receive", {})
        if reference in references[:100]:
            do_action(counter_officer, code, "transfer", {})
    state.control(mode="fail", count=300)
    run_worker(rounds=2, until_done=False)
    state.control(mode="timeout", delay=0.6, count=5)
    run_worker(rounds=2, until_done=False)
    state.control(mode="ok")
    run_worker(rounds=300)
    assert state.violations == [] and set(state.creates.values()) == {1}
    for reference in references:
        dossier = Dossier.objects.get(national_reference=reference)
        steps = [s["SoThuTu"] for s in state.steps[reference]]
        assert steps == list(range(1, dossier.events.count() + 1))
        assert state.dossiers[reference]["TrangThaiHoSo"] == dossier.status_code
    simulator.stop()
    portal.cache_clear()


def _tail(log):
    log.flush()
    log.seek(0)
    return log.read()[-3000:]
