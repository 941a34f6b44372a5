"""One scheduler runs the periodic jobs; a second one waits as a standby and takes over when
the first stops. Real locks: a PostgreSQL advisory lock, or a file lock on SQLite."""

import threading
import time

import pytest

from motcua.scheduler import JOBS, Job, Leadership, Scheduler, run_job

pytestmark = pytest.mark.django_db(transaction=True)


def counting_job(runs, name="count"):
    def run():
        runs.append(threading.current_thread().name)
        return {"ran": len(runs)}
    return Job(name, "MOTCUA_SCHEDULE_DEADLINES", run)


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_only_one_of_two_schedulers_runs_the_jobs_and_the_standby_takes_over(settings):
    settings.MOTCUA_SCHEDULE_DEADLINES = 1
    runs = []
    first = Scheduler([counting_job(runs)], standby_every=0.05)
    second = Scheduler([counting_job(runs)], standby_every=0.05)
    a = threading.Thread(target=first.run, name="first")
    a.start()
    assert wait_for(lambda: first.leading and runs)
    b = threading.Thread(target=second.run, name="second")
    b.start()
    time.sleep(0.5)
    assert not second.leading and set(runs) == {"first"}
    first.stop()
    a.join(5)
    assert wait_for(lambda: second.leading and "second" in runs)
    second.stop()
    b.join(5)
    assert not a.is_alive() and not b.is_alive()


def test_the_lock_is_free_again_once_released():
    one, two = Leadership(), Leadership()
    try:
        assert one.try_take()
        assert not two.try_take()
        one.release()
        assert two.try_take()
    finally:
        one.release()
        two.release()


def test_a_failing_job_is_logged_and_does_not_stop_the_others(settings, caplog):
    def broken():
        raise RuntimeError("Cổng không trả lời")

    ok, outcome, seconds = run_job(Job("broken", "MOTCUA_SCHEDULE_DEADLINES", broken))
    assert not ok and "Cổng không trả lời" in outcome["error"] and seconds >= 0
    assert "job broken failed" in caplog.text
    ok, outcome, _ = run_job(next(j for j in JOBS if j.name == "deadlines"))
    assert ok and set(outcome) == {"at_risk", "overdue"}


def test_every_job_runs_once_from_the_command(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    text = out.getvalue()
    assert "deadlines" in text and "index_766" in text and "Bộ lập lịch đã dừng." in text
