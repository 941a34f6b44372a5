"""Counter intake throughput through the HTTP API, on PostgreSQL, with gunicorn, beside the
ceiling of the stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/intake_throughput.py [--seconds 20] [--clients 16] [--workers 3]

Creates a throw-away database `motcua_bench_intake`, loads Hải Phòng's units and the demo
catalog, makes one counter officer per commune service center (--centers of them), starts
gunicorn on 127.0.0.1, and has --clients threads POST /api/v1/dossiers (receive at once, so
each request also computes the due date) for --seconds, after --warmup seconds not counted
(each server is warmed up the same way). The national sync is configured (the local
simulator stands for the portal; --no-national turns it off): each intake also writes its
outbox records and queues their job. The worker that sends them is not started:
it runs on other nodes in production, and its sends are tested in sync/tests. For --seconds
more, the same server and clients then GET one dossier each (the cheapest authenticated request
of MotCua's own stack: middleware, token and roles, one dossier serialized), printed as a
reference beside intake.

Then the same gunicorn, workers, clients, tokens and duration serve bench/ceiling_site.py, the
smallest Django + DRF endpoint that authenticates by token, validates three fields and inserts
one row. Prints both rates and intake's share of the ceiling (target >= 60 %), latency
percentiles, and checks that each center's codes are consecutive with no gap.
"""

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time

import psycopg
from _setup import PYTHON, ROOT, bench_database_url, environment, p95, prepare

# The ceiling's one table (bench/ceiling_site.py inserts into it).
CREATE = ("CREATE TABLE IF NOT EXISTS bench_ceiling_row (id bigserial PRIMARY KEY, "
          "applicant_name varchar(200) NOT NULL, applicant_id_number varchar(12) NOT NULL, "
          "procedure varchar(40) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")
PROCEDURES = ["1.001193", "1.000894", "2.000815", "1.004222", "1.004194", "2.000720"]


def make_officers(url, centers):
    script = f"""
import django; django.setup()
from rest_framework.authtoken.models import Token
from motcua.test import make_staff
from units.models import ServiceCenter, StaffRole
tokens = []
for i, center in enumerate(ServiceCenter.objects.filter(code__startswith="001.").order_by("code")[:{centers}]):
    user = make_staff(f"bench{{i}}", StaffRole.Role.COUNTER_OFFICER, center.agency.code, center.code)
    tokens.append(Token.objects.create(user=user).key + "=" + center.code)
print(" ".join(tokens))
"""
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=environment(url), check=True,
                         capture_output=True, text=True)
    return dict(pair.split("=") for pair in out.stdout.split())  # {token: its center's code}


# A realistic answer for each kind of declared form field (catalog.FormField).
ANSWERS = {"text": "Nguyễn Minh An", "textarea": "Đăng ký cho con thứ hai của gia đình.",
           "date": "2026-11-02", "number": 2, "yesno": True}


def declarations(url):
    """{procedure code: form data}: every declared field of the benchmark's procedures
    answered, as a counter officer types them, so every request is a valid intake."""
    found = {code: {} for code in PROCEDURES}
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT p.code, f.key, f.kind, f.choices FROM catalog_formfield f "
            "JOIN catalog_procedure p ON p.id = f.procedure_id WHERE p.code = ANY(%s)",
            [PROCEDURES]).fetchall()
    for code, key, kind, choices in rows:
        lines = [line.strip() for line in (choices or "").splitlines() if line.strip()]
        found[code][key] = lines[0] if kind == "choice" and lines else ANSWERS.get(kind, "Có")
    return found


def intake_body(forms):
    def body(rng):
        procedure = rng.choice(PROCEDURES)
        return json.dumps({
            "procedure": procedure, "receive": True, "form_data": forms[procedure],
            "applicant_name": "Trần Văn Bình", "applicant_id_number": "031085004321",
            "applicant_phone": "0983456789", "applicant_address": "25 Lạch Tray, Ngô Quyền",
        })
    return body


def ceiling_body(rng):
    return json.dumps({"procedure": rng.choice(PROCEDURES), "applicant_name": "Trần Văn Bình",
                       "applicant_id_number": "031085004321"})


def client_loop(port, path, token, deadline, latencies, errors, lock, make_body):
    """POSTs make_body(rng) to path; with make_body None, GETs path (a function of the token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rng = random.Random(token)
    method, expected = ("POST", 201) if make_body else ("GET", 200)
    while time.perf_counter() < deadline:
        body = make_body(rng) if make_body else None
        start = time.perf_counter()
        try:
            conn.request(method, path if make_body else path(token), body, {
                "Authorization": f"Token {token}", "Content-Type": "application/json",
                # As a TLS proxy in front would say (production serves HTTPS only).
                "X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            answer = response.read()
            ok = response.status == expected
            if not ok and len(errors) < 3:
                print(f"refused ({response.status}): {answer[:300]!r}")
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            (latencies if ok else errors).append(elapsed)


def serve(args, env, app, extra=()):
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(PYTHON), "gunicorn"), app, "-w", str(args.workers),
         "-b", f"127.0.0.1:{args.port}", "--log-level", "warning", *extra],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=1)
            conn.request("POST", "/", "")
            conn.getresponse().read()
            break
        except OSError:
            time.sleep(0.2)
    return server


def load(args, path, tokens, make_body, seconds=None):
    """--clients threads posting for --seconds: (latencies of the accepted, errors, wall)."""
    latencies, errors, lock = [], [], threading.Lock()
    keys = list(tokens)
    deadline = time.perf_counter() + (seconds or args.seconds)
    threads = [threading.Thread(target=client_loop, args=(
        args.port, path, keys[i % len(keys)], deadline, latencies, errors, lock, make_body))
        for i in range(args.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), errors, time.perf_counter() - started


def warm_up(args, path, tokens, make_body):
    """--warmup seconds of the same load, not counted: each worker has imported its views and
    read its reference data before the measure, as a server that has been up a while has."""
    if args.warmup:
        _, errors, _ = load(args, path, tokens, make_body, seconds=args.warmup)
        if errors:
            sys.exit(f"{len(errors)} requests failed while warming up {path}")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(10)


def percentiles(latencies):
    if not latencies:
        return "no request succeeded"
    return (f"p50={statistics.median(latencies):.1f} ms "
            f"p95={p95(latencies):.1f} ms max={latencies[-1]:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3,
                        help="gunicorn worker processes (3 did best on 2 cores)")
    parser.add_argument("--centers", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=3,
                        help="seconds of load before each measure, not counted")
    parser.add_argument("--port", type=int, default=18931)
    parser.add_argument("--no-national", action="store_true",
                        help="measure intake without the national sync configured")
    args = parser.parse_args()

    url = bench_database_url("motcua_bench_intake")
    prepare(url)
    tokens = make_officers(url, args.centers)
    forms = declarations(url)
    simulator, extra = None, {}
    if not args.no_national:
        simulator = subprocess.Popen(
            [PYTHON, "manage.py", "national_portal_simulator", "--port", str(args.port + 1)],
            cwd=ROOT, env=environment(url), start_new_session=True,
            stdout=subprocess.DEVNULL)
        extra = {"MOTCUA_DVCQG_URL": f"http://127.0.0.1:{args.port + 1}"}
    try:
        server = serve(args, environment(url, **extra), "motcua.wsgi")
        try:
            warm_up(args, "/api/v1/dossiers", tokens, intake_body(forms))
            latencies, errors, wall = load(args, "/api/v1/dossiers", tokens, intake_body(forms))
            # The reference within MotCua: each officer reads one of their center's dossiers
            # (token, roles, the dossier and its documents, the same serializer), no write.
            with psycopg.connect(url) as conn:
                newest = dict(conn.execute(
                    "SELECT DISTINCT ON (c.code) c.code, d.code FROM dossiers_dossier d "
                    "JOIN units_servicecenter c ON c.id = d.service_center_id "
                    "ORDER BY c.code, d.id DESC").fetchall())
            reads, read_errors, read_wall = load(
                args, lambda token: f"/api/v1/dossiers/{newest[tokens[token]]}", tokens, None)
        finally:
            stop(server)
    finally:
        if simulator is not None:
            stop(simulator)

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT code FROM dossiers_dossier").fetchall()
        queued = conn.execute("SELECT count(*) FROM sync_syncmessage").fetchone()[0]
        conn.execute(CREATE)
    ceiling_env = dict(environment(url), DJANGO_SETTINGS_MODULE="ceiling_settings")
    server = serve(args, ceiling_env, "ceiling_site:application", ("--pythonpath", "bench"))
    try:
        warm_up(args, "/ceiling", tokens, ceiling_body)
        ceiling, ceiling_errors, ceiling_wall = load(args, "/ceiling", tokens, ceiling_body)
    finally:
        stop(server)

    by_center = {}
    for (code,) in rows:
        center, day, number = code.rsplit("-", 2)
        by_center.setdefault((center, day), []).append(int(number))
    gaps = sum(1 for numbers in by_center.values()
               if sorted(numbers) != list(range(1, len(numbers) + 1)))
    rate, top = len(latencies) / wall, len(ceiling) / ceiling_wall
    sync = "without the national sync" if args.no_national else \
        f"national sync configured ({queued} outbox records queued)"
    print(f"Intake through the API on PostgreSQL: {len(latencies)} dossiers in {wall:.1f} s, "
          f"{args.clients} clients, {args.workers} gunicorn workers, {len(tokens)} centers, "
          f"{sync}")
    print(f"intake latency {percentiles(latencies)}")
    print(f"ceiling (token auth, 3 fields validated, 1 row inserted): {top:.0f} requests/s, "
          f"latency {percentiles(ceiling)}")
    read_rate = len(reads) / read_wall
    print(f"reading one dossier through MotCua's stack: {read_rate:.0f} requests/s "
          f"({read_rate / top * 100 if top else 0:.0f} % of the ceiling), "
          f"latency {percentiles(reads)}")
    print(f"errors: {len(errors)} intake, {len(read_errors)} reads, {len(ceiling_errors)} "
          f"ceiling; centers with a gap or "
          f"duplicate in their codes: {gaps}; dossiers stored: {len(rows)}")
    print(f"throughput: {rate:.0f} dossiers/s, ceiling {top:.0f}/s, "
          f"ratio {rate / top * 100 if top else 0:.0f} % (target >= 60 %)")
    if errors or read_errors or ceiling_errors or gaps or not latencies or not reads \
            or not ceiling:
        sys.exit("the benchmark met errors: its figures do not count")


if __name__ == "__main__":
    main()
