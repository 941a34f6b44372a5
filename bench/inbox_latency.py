"""Officer inbox latency with a million dossiers, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/inbox_latency.py [--dossiers 1000000]

Creates `motcua_bench_inbox`, loads Hải Phòng's units and the demo catalog, and writes
--dossiers dossiers with SQL (a year of a city's traffic: 114 communes and the departments,
about 4 % still open, some at risk or overdue; applicants named as a city's people are, see
FAMILY), then ANALYZE. It then times the scoped inbox queries of a commune leader, and the
searches of a city supervisor who sees every dossier, end to end through Django's test client
(routing, permission scope, filters, pagination with count, serialisation) and prints p50/p95
per query.
"""

import argparse
import os
import statistics
import sys
import time
from urllib.parse import quote_plus

from _setup import bench_database_url, p95, prepare

GENERATE = """
WITH communes AS (
    SELECT array_agg(a.id ORDER BY a.id) AS agencies, array_agg(c.id ORDER BY a.id) AS centers
    FROM units_agency a JOIN units_servicecenter c ON c.agency_id = a.id
    WHERE a.kind = 'commune_committee'),
procs AS (SELECT array_agg(id ORDER BY id) AS ids FROM catalog_procedure)
INSERT INTO dossiers_dossier (
    code, procedure_id, procedure_version, channel, status, service_center_id, agency_id,
    current_agency_id, applicant_type, applicant_name, applicant_name_key, applicant_id_number, applicant_phone, applicant_email,
    applicant_address, summary, components, submitted_at, received_at, due_at, index_due_at,
    first_due_at, warn_at, overdue_since, warned_at, reappointed, supplement_rounds,
    finished_at, returned_at, result, current_step, assignee_id, created_at, updated_at,
    consulted, form_data, vneid_authenticated, paid_online)
SELECT
    'B-' || lpad(g::text, 8, '0'),
    procs.ids[1 + (g::bigint * 7919) %% array_length(procs.ids, 1)], 1,
    CASE WHEN g %% 1000 = 0 THEN 1 ELSE 2 END,
    CASE WHEN g %% 25 = 0 THEN 'processing' WHEN g %% 97 = 0 THEN 'supplement'
         WHEN g %% 50 = 1 THEN 'received' WHEN g %% 211 = 0 THEN 'resolved'
         ELSE 'returned' END,
    communes.centers[1 + g %% array_length(communes.centers, 1)],
    communes.agencies[1 + g %% array_length(communes.agencies, 1)],
    communes.agencies[1 + g %% array_length(communes.agencies, 1)],
    1, names.spelt[1 + (h %% 100)] || ' ' || names.middle[1 + g %% 2][1 + (h / 100) %% 10]
       || ' ' || names.given[1 + g %% 2][1 + (h / 1000) %% 23],
    names.folded[1 + (h %% 100)] || ' ' || names.middle_key[1 + g %% 2][1 + (h / 100) %% 10]
       || ' ' || names.given_key[1 + g %% 2][1 + (h / 1000) %% 23],
    lpad((31000000000 + g)::text, 12, '0'), '09' || lpad((g %% 100000000)::text, 8, '0'),
    '', 'Hải Phòng', '', '[]'::jsonb,
    ts, ts, ts + interval '5 days', ts + interval '5 days', ts + interval '5 days',
    ts + interval '4 days', NULL, NULL, false, 0,
    CASE WHEN g %% 25 = 0 OR g %% 97 = 0 OR g %% 50 = 1 THEN NULL ELSE ts + interval '3 days' END,
    NULL, '', 1, NULL, ts, ts,
    '[]'::jsonb, '{}'::jsonb, CASE WHEN g %% 1000 = 0 THEN false ELSE true END, false
FROM generate_series(1, %(n)s) AS g, communes, procs,
     LATERAL (SELECT now() - ((g::float / %(n)s) * interval '365 days') AS ts,
                     (g::bigint * 2654435761) %% 4294967296 AS h) t,
     (SELECT %(family)s::text[] AS spelt, %(family_key)s::text[] AS folded,
             %(middle)s::text[] AS middle, %(middle_key)s::text[] AS middle_key,
             %(given)s::text[] AS given, %(given_key)s::text[] AS given_key) names
"""

# Applicants' names as a city's are: family names in about their shares of the population
# (Nguyễn 38 in 100, Trần 12, Lê 9, ...), a middle name and a given name of men (odd rows) and
# women, so that a name is shared by some hundreds of people across the city and a search has
# the posting lists a real one has (a name with a number in it would be unique and unreal).
FAMILY = (["Nguyễn"] * 38 + ["Trần"] * 12 + ["Lê"] * 9 + ["Phạm"] * 7 + ["Hoàng"] * 5
          + ["Phan"] * 4 + ["Vũ"] * 4 + ["Đặng"] * 2 + ["Bùi"] * 2 + ["Đỗ"] * 2
          + ["Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Cao", "Lương", "Tạ", "Đào",
             "Hà", "Lưu", "Vương", "Trương"])
MIDDLE = [["Văn", "Minh", "Đức", "Hữu", "Quang", "Thanh", "Xuân", "Công", "Ngọc", "Tiến"],
          ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Thùy", "Hồng", "Bích", "Kim"]]
GIVEN = [["Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long",
          "Mạnh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt",
          "Vinh", "Thành"],
         ["An", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan",
          "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
          "Trang", "Yến"]]


def names():
    from motcua.text import fold

    return {"family": FAMILY, "family_key": [fold(x) for x in FAMILY],
            "middle": MIDDLE, "middle_key": [[fold(x) for x in row] for row in MIDDLE],
            "given": GIVEN, "given_key": [[fold(x) for x in row] for row in GIVEN]}

# (name, path, is it the inbox: open work, most urgent first)
QUERIES = [
    ("inbox: in processing", "/api/v1/dossiers?status=processing", True),
    ("inbox: overdue", "/api/v1/dossiers?overdue=true", True),
    ("inbox: at risk", "/api/v1/dossiers?at_risk=true", True),
    ("results to return", "/api/v1/dossiers?status=resolved", True),
    # A phone of one of the leader's own dossiers (filled in once generated): a search that finds.
    ("search by phone", "/api/v1/dossiers?q={phone}", True),
    # The same person's name typed without diacritics (the folded name column).
    ("search by name", "/api/v1/dossiers?q={name}", True),
    ("history: all, page 1", "/api/v1/dossiers", False),
    ("history: all, page 20", "/api/v1/dossiers?page=20", False),
]

# The city supervisor sees every dossier of the city: their search box looks through the
# whole table, not one unit's share of it (the same person, and a code's last digits).
CITY_QUERIES = [
    ("city: search by name", "/api/v1/dossiers?q={name}"),
    ("city: search by name with diacritics", "/api/v1/dossiers?q={accented}"),
    ("city: search by code tail", "/api/v1/dossiers?q={tail}"),
    ("city: search by phone", "/api/v1/dossiers?q={phone}"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    url = bench_database_url("motcua_bench_inbox")
    prepare(url)
    os.environ.update(DATABASE_URL=url, MOTCUA_ENV="test", DJANGO_SETTINGS_MODULE="motcua.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from motcua.test import PROVINCE, commune_agency, make_staff
    from units import identifiers
    from units.models import StaffRole

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"n": args.dossiers, **names()})
        cursor.execute("UPDATE dossiers_dossier SET due_at = now() - interval '1 hour' "
                       "WHERE status = 'processing' AND id % 7 = 0")
        cursor.execute("UPDATE dossiers_dossier SET warn_at = now() - interval '1 hour', "
                       "due_at = now() + interval '3 hours' WHERE status = 'processing' AND id % 7 = 1")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE status IN "
                       "('submitted','received','processing','supplement','payment')) "
                       "FROM dossiers_dossier")
        total, open_count = cursor.fetchone()
    print(f"generated {total} dossiers ({open_count} open) in {time.perf_counter() - started:.0f} s")

    commune = commune_agency(11311)
    leader = make_staff("lanhdao.bench", StaffRole.Role.LEADER, commune)
    supervisor = make_staff("giamsat.bench", StaffRole.Role.SUPERVISOR,
                            identifiers.province_committee_code(PROVINCE))
    with connection.cursor() as cursor:
        cursor.execute("SELECT d.applicant_phone, d.applicant_name, d.applicant_name_key, d.code "
                       "FROM dossiers_dossier d JOIN units_agency a ON a.id = d.agency_id "
                       "WHERE a.code = %s ORDER BY d.id DESC LIMIT 1", [commune])
        phone, accented, person, code = cursor.fetchone()
    values = {"phone": phone, "name": person.replace(" ", "+"),
              "accented": quote_plus(accented), "tail": code[-6:]}
    client = Client()
    client.force_login(leader)
    worst = {True: 0, False: 0}
    for name, path, inbox in QUERIES:
        if "page=20" in path:  # a small run has fewer pages: the furthest one up to 20
            first = client.get("/api/v1/dossiers").json()
            pages = -(-first["count"] // max(len(first["results"]), 1))
            page = max(1, min(20, pages))
            path, name = path.replace("page=20", f"page={page}"), name.replace("20", str(page))
        high = timed(client, name, path, values, args.repeat)
        worst[inbox] = max(worst[inbox], high)
    client.force_login(supervisor)
    city = max(timed(client, name, path, values, args.repeat) for name, path in CITY_QUERIES)
    print(f"scoped inbox p95 (worst inbox query): {worst[True]:.1f} ms with {total} dossiers "
          "(target <= 100 ms)")
    print(f"unit history list p95 (worst page): {worst[False]:.1f} ms")
    print(f"city supervisor's search p95 (worst): {city:.1f} ms")


def timed(client, name, path, values, repeat):
    """Prints and returns the p95 in ms of GET path (its {placeholders} filled from values)."""
    must_find = "{" in path
    path = path.format(**values)
    client.get(path)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    if must_find and not response.json()["count"]:
        sys.exit(f"{name} found nothing: the figure would time an empty search")
    samples.sort()
    high = p95(samples)
    print(f"{name:<36} count={response.json()['count']:<7} p50={statistics.median(samples):6.1f} ms  "
          f"p95={high:6.1f} ms")
    return high


if __name__ == "__main__":
    main()
