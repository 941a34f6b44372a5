import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua import env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_settings(**variables):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MOTCUA_ENV")}
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-c", "import motcua.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )


def test_production_refuses_the_development_secret_key():
    result = load_settings(MOTCUA_ENV="production", ALLOWED_HOSTS="motcua.haiphong.gov.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = load_settings(MOTCUA_ENV="production", SECRET_KEY="x" * 50, DEBUG="1",
                           ALLOWED_HOSTS="motcua.haiphong.gov.vn")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_a_real_key_and_hosts():
    result = load_settings(MOTCUA_ENV="production", SECRET_KEY="x" * 50,
                           ALLOWED_HOSTS="motcua.haiphong.gov.vn",
                           MOTCUA_PUBLIC_URL="https://motcua.haiphong.gov.vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['motcua.haiphong.gov.vn']"


def test_a_malformed_value_fails_loudly(monkeypatch):
    monkeypatch.setenv("MOTCUA_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_TEST_FLAG"):
        env.boolean("MOTCUA_TEST_FLAG")
    monkeypatch.setenv("MOTCUA_TEST_NUMBER", "ba mươi mốt")
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_TEST_NUMBER"):
        env.integer("MOTCUA_TEST_NUMBER", 31)


def test_a_secret_can_come_from_a_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("bi-mat-tu-tep\n")
    monkeypatch.setenv("MOTCUA_TEST_SECRET_FILE", str(secret))
    assert env.string("MOTCUA_TEST_SECRET") == "bi-mat-tu-tep"


def test_a_malformed_database_url_is_reported():
    result = load_settings(DATABASE_URL="khong-phai-url")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_an_s3_bucket_setting_moves_uploads_to_object_storage():
    script = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'motcua.settings');"
              "django.setup(); from django.core.files.storage import storages;"
              "d = storages['default'];"
              "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.default_acl)")
    environment = {**os.environ, "MOTCUA_S3_BUCKET": "motcua-ho-so",
                   "MOTCUA_S3_ENDPOINT": "http://127.0.0.1:9000", "MOTCUA_S3_ACCESS_KEY": "k",
                   "MOTCUA_S3_SECRET_KEY": "s"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "motcua-ho-so", "http://127.0.0.1:9000",
                                     "private"]


PRODUCTION = {"MOTCUA_ENV": "production", "SECRET_KEY": "k" * 50,
              "ALLOWED_HOSTS": "motcua.haiphong.gov.vn",
              "MOTCUA_PUBLIC_URL": "https://motcua.haiphong.gov.vn"}


def test_production_refuses_to_start_without_its_public_address():
    """Every link MotCua prints or sends comes from MOTCUA_PUBLIC_URL: production must say it,
    over https."""
    missing = load_settings(MOTCUA_ENV="production", SECRET_KEY="x" * 50,
                            ALLOWED_HOSTS="motcua.haiphong.gov.vn", MOTCUA_PUBLIC_URL="")
    assert missing.returncode != 0 and "MOTCUA_PUBLIC_URL" in missing.stderr
    plain = load_settings(MOTCUA_ENV="production", SECRET_KEY="x" * 50,
                          ALLOWED_HOSTS="motcua.haiphong.gov.vn",
                          MOTCUA_PUBLIC_URL="http://motcua.haiphong.gov.vn")
    assert plain.returncode != 0 and "https" in plain.stderr


def show(**variables):
    script = ("import motcua.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
              "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, "
              "s.CACHES['default']['BACKEND'].rsplit('.', 1)[1], "
              "s.MOTCUA_TRUSTED_PROXIES)")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MOTCUA_ENV", "REDIS_URL",
                                "CACHE_BACKEND", "MOTCUA_DEMO_PLUGINS")}
    environment.update(variables)
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment,
                          capture_output=True, text=True)


def test_production_refuses_a_short_secret_the_demo_plugins_and_a_private_cache():
    short = show(**{**PRODUCTION, "SECRET_KEY": "short"})
    assert short.returncode != 0 and "50 characters" in short.stderr
    demo = show(**PRODUCTION, MOTCUA_DEMO_PLUGINS="1")
    assert demo.returncode != 0 and "demo plugins" in demo.stderr
    private = show(**PRODUCTION, CACHE_BACKEND="django.core.cache.backends.locmem.LocMemCache")
    assert private.returncode != 0 and "cache that every process shares" in private.stderr
    plain = show(**PRODUCTION, SECURE_SSL_REDIRECT="0")
    assert plain.returncode != 0 and "HTTPS only" in plain.stderr
    short_hsts = show(**PRODUCTION, SECURE_HSTS_SECONDS="60")
    assert short_hsts.returncode != 0 and "HTTPS only" in short_hsts.stderr


def test_production_is_https_only_with_short_sessions_and_a_shared_cache():
    result = show(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "28800",
                                     "DatabaseCache", "0"]
    redis = show(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/3",
                 MOTCUA_TRUSTED_PROXIES="1", SESSION_COOKIE_AGE="3600")
    assert redis.returncode == 0, redis.stderr
    assert redis.stdout.split()[4:] == ["3600", "RedisCache", "1"]


def test_two_processes_count_in_the_same_redis_cache():
    """What one process counts (a throttle, a lockout), another sees: REDIS_URL set."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    script = ("import django, os, sys; django.setup(); from django.core.cache import cache;"
              "key = 'motcua-test-shared-' + sys.argv[1];"
              "print(cache.get_or_set(key, 0, 30) if sys.argv[2] == 'read' else "
              "(cache.add(key, 0, 30), cache.incr(key))[1])")
    environment = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/5",
                   "DJANGO_SETTINGS_MODULE": "motcua.settings"}
    environment.pop("CACHE_BACKEND", None)
    key = str(os.getpid())

    def run(mode):
        result = subprocess.run([sys.executable, "-c", script, key, mode], cwd=ROOT,
                                env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip())

    assert [run("count") for _ in range(3)] == [1, 2, 3]
    assert run("read") == 3


def test_check_deploy_reports_nothing_with_the_documented_production_settings(tmp_path):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MOTCUA_ENV", "REDIS_URL",
                                "CACHE_BACKEND", "MOTCUA_DEMO_PLUGINS")}
    environment.update(MOTCUA_ENV="production", SECRET_KEY="Hp-31-" + "x7Qz9!kL" * 8,
                       ALLOWED_HOSTS="motcua.haiphong.gov.vn", SECURE_HSTS_PRELOAD="1",
                       MOTCUA_PUBLIC_URL="https://motcua.haiphong.gov.vn",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT,
                            env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_an_ipv6_prefix_that_is_not_a_network_length_is_refused():
    for wrong in ("16", "129", "abc"):
        result = load_settings(MOTCUA_IPV6_PREFIX=wrong)
        assert result.returncode != 0 and "MOTCUA_IPV6_PREFIX" in result.stderr, wrong
    assert load_settings(MOTCUA_IPV6_PREFIX="56").returncode == 0
