"""The deployment files hold together: gunicorn's committed configuration loads MotCua, the
image runs as a non-root user, and compose.yaml starts every process of the demo."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_s_configuration_loads_the_application():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "deploy/gunicorn.conf.py",
         "motcua.wsgi"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "MOTCUA_ENV": "development", "HOME": "/tmp"})
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_gunicorn_worker_imports_every_view_before_its_first_request():
    script = (
        "import runpy, sys, django; django.setup()\n"
        "hooks = runpy.run_path('deploy/gunicorn.conf.py')\n"
        "assert 'dossiers.api' not in sys.modules\n"
        "hooks['post_worker_init'](None)\n"
        "assert {'dossiers.api', 'portal.views', 'opendata.views'} <= set(sys.modules)\n")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "MOTCUA_ENV": "development", "HOME": "/tmp",
             "DJANGO_SETTINGS_MODULE": "motcua.settings"})
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_image_runs_as_a_user_and_compose_starts_every_process():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nUSER motcua" in dockerfile and "slim" in dockerfile
    assert "deploy/gunicorn.conf.py" in dockerfile
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "scheduler", "simulator"} <= set(services)
    assert "db_worker" in services["worker"]["command"]
    assert "scheduler" in services["scheduler"]["command"]
    assert "gunicorn -c deploy/gunicorn.conf.py" in services["web"]["command"]
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["web"]["environment"]["REDIS_URL"].startswith("redis://")
    # Every process shares the same signing key and files.
    for name in ("web", "worker", "scheduler"):
        assert "signing:/srv/motcua/signing" in services[name]["volumes"]


def test_the_backup_scripts_are_strict_shell():
    for name in ("backup.sh", "restore.sh", "restore_check.sh"):
        text = (ROOT / "deploy" / name).read_text()
        assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
        result = subprocess.run(["bash", "-n", str(ROOT / "deploy" / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
