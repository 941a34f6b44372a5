"""One scheduler for the periodic jobs, on however many machines MotCua runs.

`manage.py scheduler` runs each job of JOBS every its interval (settings, in seconds; 0 turns a
job off). Only one scheduler runs the jobs at a time: it holds a PostgreSQL advisory lock (on
a connection of its own, for as long as it lives); a second one waits as a standby and takes
over within MOTCUA_SCHEDULER_STANDBY_SECONDS of the first one's end. On SQLite (development,
one machine) an exclusive lock on a file beside the database does the same. SIGTERM and
SIGINT end it after the job in hand; each job's duration and outcome are logged.

The jobs themselves are the functions the one-shot commands call (scan_deadlines,
compute_766, sync_national, reconcile_payments, receive_national): a job that fails is logged
and run again at its next turn, never stopping the others.
"""

import datetime as dt
import fcntl
import logging
import signal
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger("motcua.scheduler")

LOCK_KEY = 7_460_001  # the advisory lock's key: any constant the deployment does not reuse


def _deadlines():
    from dossiers.actions import scan_deadlines

    at_risk, overdue = scan_deadlines()
    return {"at_risk": at_risk, "overdue": overdue}


def _index_766():
    from indicators.store import compute_current

    return {label: count for label, count in compute_current()}


def _national_pull():
    from integrations.national.registry import portal
    from sync import inbound

    if portal() is None or settings.MOTCUA_DVCQG_INBOUND not in ("pull", "both"):
        return {"skipped": "no pull configured"}
    return inbound.pull()


def _national_catch_up():
    from integrations.national.registry import portal
    from sync import inbound, outbox

    plugin = portal()
    if plugin is None:
        return {"skipped": "no portal configured"}
    return {"queued": outbox.queue_waiting(), "acknowledged": inbound.acknowledge_waiting(plugin)}


def _reconcile():
    from payments.actions import reconcile

    return reconcile()


def _purge_codes():
    from integrations.notify.codes import purge

    return {"deleted": purge()}


def _tasks():
    from directives.actions import scan_tasks

    reminded, overdue = scan_tasks()
    return {"reminded": reminded, "overdue": overdue}


def _task_scores():
    """The units' task scores and the civil servants' measured KPI of this month (and of the
    month before in the first ten days, while it may still change)."""
    from directives import scores

    today = timezone.localdate()
    months = [f"{today:%Y-%m}"]
    if today.day <= 10:
        months.append(f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}")
    return {month: {"units": scores.compute_unit_scores(month), "kpi": scores.compute_kpi(month)}
            for month in months}


def _purge_questions():
    from assistant.answers import purge

    return {"deleted": purge()}


def _open_data():
    from opendata.actions import refresh

    return {key: number for key, number in refresh().items() if number is not None}


@dataclass(frozen=True)
class Job:
    name: str
    setting: str
    run: object

    @property
    def every(self):
        return getattr(settings, self.setting)


JOBS = [
    Job("deadlines", "MOTCUA_SCHEDULE_DEADLINES", _deadlines),
    Job("national_pull", "MOTCUA_DVCQG_PULL_SECONDS", _national_pull),
    Job("national_catch_up", "MOTCUA_SCHEDULE_NATIONAL_CATCH_UP", _national_catch_up),
    Job("reconcile_payments", "MOTCUA_SCHEDULE_RECONCILE", _reconcile),
    Job("index_766", "MOTCUA_SCHEDULE_766", _index_766),
    Job("purge_codes", "MOTCUA_SCHEDULE_PURGE_CODES", _purge_codes),
    Job("tasks", "MOTCUA_SCHEDULE_TASKS", _tasks),
    Job("task_scores", "MOTCUA_SCHEDULE_TASK_SCORES", _task_scores),
    Job("open_data", "MOTCUA_SCHEDULE_OPEN_DATA", _open_data),
    Job("purge_questions", "MOTCUA_SCHEDULE_PURGE_QUESTIONS", _purge_questions),
]


def run_job(job):
    """Run one job; (ok, outcome, seconds). Logged either way."""
    started = time.perf_counter()
    close_old_connections()
    try:
        outcome = job.run()
        ok = True
    except Exception as exc:  # one job's failure must not stop the others
        log.exception("job %s failed", job.name)
        outcome, ok = {"error": str(exc)[:300]}, False
    seconds = time.perf_counter() - started
    log.info("job %s %s in %.3f s: %s", job.name, "done" if ok else "failed", seconds, outcome,
             extra={"job": job.name, "duration": round(seconds, 3), "ok": ok})
    try:
        from motcua.observability import record_job

        record_job(job.name, ok, seconds)  # the figures /metrics reports, in the shared cache
    except Exception:  # a cache outage must not stop the jobs
        log.warning("job %s: its metrics could not be recorded", job.name)
    return ok, outcome, seconds


class Leadership:
    """The right to run the jobs: a PostgreSQL advisory lock, or a file lock on SQLite."""

    def __init__(self, alias="default"):
        self.alias, self.connection, self.handle = alias, None, None

    def try_take(self):
        db = connections[self.alias]
        if db.vendor == "postgresql":
            if self.connection is None:
                # Its own connection, outside Django's request cycle, kept open: the lock
                # lives as long as this session does.
                self.connection = db.get_new_connection(db.get_connection_params())
                self.connection.autocommit = True
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                return bool(cursor.fetchone()[0])
        if self.handle is None:
            name = str(db.settings_dict["NAME"])
            path = f"{name}.scheduler.lock"
            if name.startswith(":memory:") or "mode=memory" in name:  # the test database
                import hashlib
                import tempfile

                tag = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
                path = f"{tempfile.gettempdir()}/motcua-{tag}.scheduler.lock"
            self.handle = open(path, "a")  # noqa: SIM115 (held for the process's life)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def release(self):
        if self.connection is not None:
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            finally:
                self.connection.close()
                self.connection = None
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


class Scheduler:
    def __init__(self, jobs=None, *, standby_every=None, out=None):
        self.jobs = [j for j in (jobs or JOBS) if j.every]
        self.standby_every = standby_every if standby_every is not None else \
            settings.MOTCUA_SCHEDULER_STANDBY_SECONDS
        self.stopping = threading.Event()
        self.leading = False
        self.out = out or (lambda message: None)

    def stop(self, *args):
        self.stopping.set()

    def handle_signals(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self, *, rounds=None):
        """Wait for the lead, then run the jobs as they come due, until stopped (or `rounds`
        passes over the job list, for tests)."""
        leadership = Leadership()
        try:
            while not self.stopping.is_set():
                if leadership.try_take():
                    break
                self.out(_("Another scheduler is running: standing by."))
                if self.stopping.wait(self.standby_every):
                    return
            else:
                return
            self.leading = True
            self.out(_("The scheduler is running: %(jobs)s") % {"jobs": ", ".join(
                _("%(name)s every %(n)d seconds") % {"name": j.name, "n": j.every}
                for j in self.jobs)})
            due = {job.name: 0.0 for job in self.jobs}
            passes = 0
            while not self.stopping.is_set():
                now = time.monotonic()
                for job in self.jobs:
                    if self.stopping.is_set():
                        break
                    if due[job.name] <= now:
                        run_job(job)
                        due[job.name] = time.monotonic() + job.every
                passes += 1
                if rounds is not None and passes >= rounds:
                    return
                wait = max(0.05, min(due.values()) - time.monotonic())
                self.stopping.wait(min(wait, 1.0))
        finally:
            self.leading = False
            leadership.release()
