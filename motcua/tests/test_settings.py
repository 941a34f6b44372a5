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
                           ALLOWED_HOSTS="motcua.haiphong.gov.vn")
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
