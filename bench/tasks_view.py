"""The supervisors' view of assigned tasks at a year's volume, on PostgreSQL (or SQLite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/tasks_view.py --tasks 50000

It creates a throw-away database (Django's test database machinery), loads Hải Phòng's units,
generates --tasks tasks over the current year across every department and commune (every
state: open in time, at risk, overdue, reported done, done on time and late, cancelled; with
supporting units, sub-tasks and events), stores the units' monthly scores, then times what the
city's supervisor opens, end to end through Django's test client: the overview page, its API,
the overdue drill-down and a unit's view. Prints p50/p95/max per request and the data size.
Target: p95 ≤ 200 ms for the supervisor's view. Exits non-zero on any error.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_ENV", "test")

import django  # noqa: E402

django.setup()

from _setup import p95 as percentile_95  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def generate(n, seed=2026):
    from directives.models import Directive, Task, TaskEvent
    from units.models import Agency

    rng = random.Random(seed)
    now = timezone.now()
    year = timezone.localdate().year
    start = timezone.make_aware(dt.datetime(year, 1, 5, 8, 0))
    end = timezone.make_aware(dt.datetime(year, 12, 31, 17, 0))
    span = (end - start).total_seconds()
    province = Agency.objects.get(kind=Agency.Kind.PROVINCE_COMMITTEE)
    units = list(Agency.objects.exclude(kind=Agency.Kind.PROVINCE_COMMITTEE)
                 .values_list("id", flat=True))
    directives = Directive.objects.bulk_create(
        Directive(kind=rng.choice(["plan", "decision", "conclusion", "letter"]),
                  number=f"{i + 1}/KH-UBND", issued_on=dt.date(year, 1 + i % 12, 1 + i % 27),
                  title=f"Văn bản chỉ đạo số {i + 1} của UBND thành phố", signer_name="Lê Anh Quân",
                  issuer=province) for i in range(max(n // 800, 5)))
    tasks = []
    for i in range(n):
        due = start + dt.timedelta(seconds=rng.random() * span)
        assigned = due - dt.timedelta(days=rng.randint(10, 90))
        roll = rng.random()
        status, completed, closed = "in_progress", None, None
        if due < now:
            if roll < 0.62:
                status, completed = "done", due - dt.timedelta(hours=rng.randint(1, 200))
            elif roll < 0.80:
                status, completed = "done", due + dt.timedelta(hours=rng.randint(5, 400))
            elif roll < 0.84:
                status, completed = "proposed_done", due - dt.timedelta(hours=3)
            elif roll < 0.88:
                status = "cancelled"
                closed = due - dt.timedelta(days=3)
        elif roll < 0.2:
            status = "assigned"
        elif roll < 0.3:
            status = "acknowledged"
        if status == "done":
            closed = completed + dt.timedelta(hours=4)
        tasks.append(Task(
            code=f"NV-B{i:07d}", directive=directives[i % len(directives)],
            content=f"Nhiệm vụ số {i} về cải cách hành chính", lead_id=rng.choice(units),
            category=rng.choice(["committee", "chairman", "reform", "government"]),
            priority=rng.choice(["high", "normal", "normal", "low"]), status=status,
            due_at=due, original_due_at=due, warn_at=due - dt.timedelta(days=4),
            overdue_since=due if status in ("assigned", "acknowledged", "in_progress")
            and due < now else None, progress=100 if completed else rng.randint(0, 90),
            assigned_at=assigned, completed_at=completed, closed_at=closed))
    Task.objects.bulk_create(tasks, batch_size=5000)
    through = Task.supporting.through
    through.objects.bulk_create(
        [through(task_id=t.pk, agency_id=rng.choice(units)) for t in tasks if rng.random() < 0.3],
        batch_size=5000)
    TaskEvent.objects.bulk_create(
        [TaskEvent(task_id=t.pk, seq=1, action="assign", to_status="assigned", at=t.assigned_at,
                   role="office") for t in tasks], batch_size=5000)
    return len(tasks)


def timed(client, url, repeat):
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url}: HTTP {response.status_code}")
    return samples


def report(name, samples):
    samples = sorted(samples)
    p95 = percentile_95(samples)
    print(f"{name:<40} n={len(samples):<4} p50={statistics.median(samples):7.1f} ms  "
          f"p95={p95:7.1f} ms  max={samples[-1]:7.1f} ms")
    return p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite":
        Path("var").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = "var/bench-tasks.sqlite3"
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from directives import scores
        from motcua import test as cast
        from units import identifiers
        from units.models import StaffRole

        call_command("import_units", province=[31], stdout=StringIO())
        began = time.perf_counter()
        made = generate(args.tasks)
        seconds = time.perf_counter() - began
        today = timezone.localdate()
        began = time.perf_counter()
        for month in range(1, today.month + 1):
            scores.compute_unit_scores(f"{today.year}-{month:02d}")
        scoring = time.perf_counter() - began
        supervisor = cast.make_staff("giamsat", StaffRole.Role.SUPERVISOR,
                                     identifiers.province_committee_code(31))
        leader = cast.make_staff("lanhdao.hongbang", StaffRole.Role.LEADER,
                                 cast.commune_agency(cast.HONG_BANG))
        client = Client()
        client.force_login(supervisor)
        for url in ("/can-bo/nhiem-vu/tong-hop/", "/api/v1/tasks/summary"):
            client.get(url)  # warm
        print(f"Assigned tasks on {connection.vendor} ({settings.DATABASES['default']['NAME']}): "
              f"{made} tasks over {today.year} for 127 units, generated in {seconds:.1f} s, "
              f"monthly scores stored in {scoring:.1f} s")
        worst = max(
            report("supervisor: GET /can-bo/nhiem-vu/tong-hop/",
                   timed(client, "/can-bo/nhiem-vu/tong-hop/", args.repeat)),
            report("supervisor: GET /api/v1/tasks/summary",
                   timed(client, "/api/v1/tasks/summary", args.repeat)),
            report("supervisor: overdue drill-down, page 1",
                   timed(client, "/can-bo/nhiem-vu/?ket_qua=overdue", args.repeat)),
        )
        unit = Client()
        unit.force_login(leader)
        report("commune leader: GET /can-bo/nhiem-vu/tong-hop/",
               timed(unit, "/can-bo/nhiem-vu/tong-hop/", args.repeat))
        print(f"supervisor's view p95 (worst request): {worst:.1f} ms (target ≤ 200 ms)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
