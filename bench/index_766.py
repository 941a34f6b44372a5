"""The Decision 766 index at Hải Phòng's scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/index_766.py [--dossiers 314000] [--repeat 40]

Creates a throw-away database `motcua_bench_766` with the city's units and the demo catalog,
generates a month with `simulate` (printing the generation rate), then times the full
recomputation of the month for the city, all departments and all communes (stored as
snapshots), and the dashboard page (p50/p95) for the city and for one commune. Prints each
figure with the data size. Drop the database afterwards if space matters.
"""

import argparse
import os
import statistics
import sys
import time

from _setup import bench_database_url, p95, prepare

MONTH = "2026-01"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=314_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    url = bench_database_url("motcua_bench_766")
    prepare(url)
    os.environ.update(DATABASE_URL=url, MOTCUA_ENV="test", DJANGO_SETTINGS_MODULE="motcua.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from indicators import periods
    from indicators.simulate import simulate
    from indicators.store import compute_all
    from motcua.test import commune_agency, make_staff
    from units import identifiers
    from units.models import StaffRole

    started = time.perf_counter()
    totals = simulate(MONTH, args.dossiers, seed=7)
    elapsed = time.perf_counter() - started
    print(f"generation: {totals['dossiers']} dossiers in {elapsed:.1f} s "
          f"({totals['dossiers'] / elapsed:.0f}/s); rows: "
          + ", ".join(f"{k} {v}" for k, v in totals.items() if k != "dossiers"))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    period = periods.parse(MONTH)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        units = compute_all(period)
        times.append(time.perf_counter() - started)
    print(f"full recomputation of {MONTH} ({units} units: city, departments, communes; "
          f"{totals['dossiers']} dossiers): best {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s")

    supervisor = make_staff("bench.giamsat", StaffRole.Role.SUPERVISOR,
                            identifiers.province_committee_code(31))
    client = Client()
    client.force_login(supervisor)
    for label, query in [("city", {"period": MONTH}),
                         ("commune", {"period": MONTH, "unit": commune_agency(11311)})]:
        client.get("/can-bo/chi-so/", query)  # warm
        samples = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get("/can-bo/chi-so/", query)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        samples.sort()
        print(f"dashboard page, {label}: p50 {statistics.median(samples):.0f} ms, "
              f"p95 {p95(samples):.0f} ms "
              f"({args.repeat} requests, {totals['dossiers']} dossiers in the month)")


if __name__ == "__main__":
    main()
