"""Counter intake throughput through the HTTP API, on PostgreSQL, with gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/intake_throughput.py [--seconds 20] [--clients 16] [--workers 3]

Creates a throw-away database `motcua_bench_intake`, loads Hải Phòng's units and the demo
catalog, makes one counter officer per commune service center (--centers of them), starts
gunicorn on 127.0.0.1, and has --clients threads POST /api/v1/dossiers (receive at once, so
each request also computes the due date) for --seconds. Prints dossiers per second, latency
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
from _setup import PYTHON, ROOT, bench_database_url, environment, prepare

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
    tokens.append(Token.objects.create(user=user).key)
print(" ".join(tokens))
"""
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=environment(url), check=True,
                         capture_output=True, text=True)
    return out.stdout.split()


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


def client_loop(port, token, deadline, latencies, errors, lock, forms):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rng = random.Random(token)
    while time.perf_counter() < deadline:
        procedure = rng.choice(PROCEDURES)
        body = json.dumps({
            "procedure": procedure, "receive": True, "form_data": forms[procedure],
            "applicant_name": "Trần Văn Bình", "applicant_id_number": "031085004321",
            "applicant_phone": "0983456789", "applicant_address": "25 Lạch Tray, Ngô Quyền",
        })
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/dossiers", body, {
                "Authorization": f"Token {token}", "Content-Type": "application/json",
                # As a TLS proxy in front would say (production serves HTTPS only).
                "X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            answer = response.read()
            ok = response.status == 201
            if not ok and len(errors) < 3:
                print(f"refused ({response.status}): {answer[:300]!r}")
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            (latencies if ok else errors).append(elapsed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3,
                        help="gunicorn worker processes (3 did best on 2 cores)")
    parser.add_argument("--centers", type=int, default=16)
    parser.add_argument("--port", type=int, default=18931)
    args = parser.parse_args()

    url = bench_database_url("motcua_bench_intake")
    prepare(url)
    tokens = make_officers(url, args.centers)
    forms = declarations(url)
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(PYTHON), "gunicorn"), "motcua.wsgi", "-w",
         str(args.workers), "-b", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=environment(url), start_new_session=True)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        latencies, errors, lock = [], [], threading.Lock()
        deadline = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client_loop, args=(
            args.port, tokens[i % len(tokens)], deadline, latencies, errors, lock, forms))
            for i in range(args.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT code FROM dossiers_dossier").fetchall()
    by_center = {}
    for (code,) in rows:
        center, day, number = code.rsplit("-", 2)
        by_center.setdefault((center, day), []).append(int(number))
    gaps = sum(1 for numbers in by_center.values()
               if sorted(numbers) != list(range(1, len(numbers) + 1)))
    latencies.sort()
    print(f"Intake through the API on PostgreSQL: {len(latencies)} dossiers in {wall:.1f} s, "
          f"{args.clients} clients, {args.workers} gunicorn workers, {len(tokens)} centers")
    print(f"throughput: {len(latencies) / wall:.0f} dossiers/s (target >= 300)")
    if latencies:
        print(f"latency p50={statistics.median(latencies):.1f} ms "
              f"p95={latencies[int(len(latencies) * .95) - 1]:.1f} ms max={latencies[-1]:.1f} ms")
    print(f"errors: {len(errors)}; centers with a gap or duplicate in their codes: {gaps}; "
          f"dossiers stored: {len(rows)}")
    if errors or gaps or not latencies:
        sys.exit("the benchmark met errors: its figures do not count")


if __name__ == "__main__":
    main()
