"""Shared by the dossier benchmarks: a fresh PostgreSQL database with Hải Phòng's base data."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def bench_database_url(name):
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlparse(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("These benchmarks need PostgreSQL: set DATABASE_URL=postgres://…")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def environment(url, **extra):
    env = dict(os.environ, DATABASE_URL=url, MOTCUA_ENV="production", DEBUG="0",
               SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1,localhost",
               MOTCUA_PUBLIC_URL="https://127.0.0.1",
               LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="motcua.settings", **extra)
    return env


def manage(url, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(url), check=True,
                   stdout=subprocess.DEVNULL)


def prepare(url):
    manage(url, "migrate", "--noinput")
    manage(url, "import_units", "--province", "31")
    subprocess.run([PYTHON, "-c", (
        "import django; django.setup();"
        "from catalog.actions import check_import, do_import_catalog;"
        "from catalog.demo.procedures import document;"
        "do_import_catalog(check_import(document()), source='bench')")],
        cwd=ROOT, env=environment(url), check=True)


def p95(samples):
    """The 95th percentile of sorted samples by the nearest-rank rule: the ceil(0.95 n)-th
    smallest (in integers, no float rounding), so never below the median; of two, the larger.
    One rule for every benchmark."""
    return samples[max(-(-len(samples) * 95 // 100) - 1, 0)]
