"""Catalog search latency through the HTTP API and the page, on SQLite or PostgreSQL.

    .venv/bin/python bench/search_catalog.py                      # SQLite, demo catalog
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/search_catalog.py --procedures 2200  # PostgreSQL, city-sized

It creates a throw-away database (Django's test database machinery, so nothing of yours is
touched), loads Hải Phòng's units and the demo catalog, optionally pads the catalog with
variants of the demo procedures up to --procedures rows (Hải Phòng publishes about 2,200), and
times realistic queries end to end through Django's test client: URL routing, validation,
the query, serialisation. Prints p50/p95/max per endpoint and the data size.
"""

import argparse
import copy
import os
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

QUERIES = [
    "dang ky khai sinh", "giay phep xay dung", "đăng ký kết hôn", "dang ky thuong tru",
    "tam tru", "chung thuc ban sao", "so do", "sang ten so do", "thanh lap cong ty",
    "ho kinh doanh", "doi bang lai xe", "ly lich tu phap", "giay phep lao dong",
    "tro cap that nghiep", "chuyen truong", "nha thuoc", "an toan thuc pham", "khai tu",
    "xac nhan tinh trang hon nhan", "karaoke", "ban le ruou", "moi truong", "mai tang",
    "lien thong khai sinh", "bao hiem y te tre em", "cap lai", "1.001193", "phong kham",
]


def pad_catalog(target):
    from catalog.actions import check_import, do_import_catalog, export_catalog
    from catalog.models import Procedure

    base = export_catalog(Procedure.objects.filter(abolished_on__isnull=True))
    procedures, n = [], Procedure.objects.count()
    qualifiers = ["đối với tổ chức", "đối với cá nhân", "trường hợp cấp lại", "trường hợp điều chỉnh",
                  "có yếu tố nước ngoài", "cho doanh nghiệp trong khu kinh tế", "tại đặc khu"]
    i = 0
    while n + len(procedures) < target:
        source = copy.deepcopy(base["procedures"][i % len(base["procedures"])])
        source["code"] = f"9.{i:06d}.H26"
        source["name"] = f"{source['name']} {qualifiers[i % len(qualifiers)]} ({i // len(qualifiers)})"
        source["bundled"], source["inter_agency"] = [], False
        procedures.append(source)
        i += 1
    if procedures:
        do_import_catalog(check_import({"fields": [], "decisions": [], "procedures": procedures}),
                          source="bench")


def timed(client, url, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def report(name, samples):
    samples = sorted(samples)
    p95 = percentile_95(samples)
    print(f"{name:<28} n={len(samples):<5} p50={statistics.median(samples):6.1f} ms  "
          f"p95={p95:6.1f} ms  max={samples[-1]:6.1f} ms")
    return p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=0,
                        help="pad the catalog to this many procedures (default: demo only)")
    parser.add_argument("--repeat", type=int, default=10, help="rounds over the query list")
    args = parser.parse_args()

    setup_test_environment()
    if connection.vendor == "sqlite":
        # A file, as in `make run`, not the in-memory database tests use.
        Path("var").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = "var/bench-search.sqlite3"
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from catalog.actions import check_import, do_import_catalog
        from catalog.demo.procedures import document
        from catalog.models import Procedure

        call_command("import_units", province=[31], stdout=StringIO())
        do_import_catalog(check_import(document()), source="bench")
        pad_catalog(args.procedures)
        client = Client()
        for q in QUERIES[:3]:  # warm caches and connections
            client.get("/api/v1/procedures", {"q": q})
        vendor = connection.vendor
        print(f"Catalog search on {vendor} ({settings.DATABASES['default']['NAME']}): "
              f"{Procedure.objects.count()} procedures, {len(QUERIES)} queries x {args.repeat}")
        api = [s for _ in range(args.repeat) for q in QUERIES
               for s in timed(client, f"/api/v1/procedures?q={q}", 1)]
        page = [s for _ in range(args.repeat) for q in QUERIES
                for s in timed(client, f"/thu-tuc/?q={q}", 1)]
        filtered = [s for _ in range(args.repeat) for q in QUERIES[:10]
                    for s in timed(client, f"/api/v1/procedures?q={q}&level=commune&status=active", 1)]
        p95 = max(report("GET /api/v1/procedures?q=", api), report("GET /thu-tuc/?q=", page),
                  report("API with filters", filtered))
        print(f"search p95 (worst endpoint): {p95:.1f} ms (target < 50 ms)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
