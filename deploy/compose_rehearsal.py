"""Rehearse compose.yaml on a machine without a Docker daemon: run each MotCua service's own
command line, with its own environment, as a local process against this machine's PostgreSQL
and Redis, then check what `docker compose up` promises (the demo served, ready, the worker
and the scheduler running) and stop them as Docker would (SIGTERM).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python deploy/compose_rehearsal.py [--port 18800] [--keep]

What it cannot rehearse is Docker's part: building the image (pip inside python:3.11-slim),
the postgres:16 and redis:7 images, and the network between containers. Host names of the
compose network (db, redis, simulator) become 127.0.0.1; /srv/motcua becomes a temporary
directory; every server listens on 127.0.0.1 only. A throw-away database
`motcua_compose_rehearsal` stands for the db service's volume.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "motcua_compose_rehearsal"


def throwaway_database():
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlparse(base)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return urlunparse(parts._replace(path=f"/{DATABASE}"))


def image_environment(srv):
    """The Dockerfile's ENV lines, /srv/motcua moved to `srv`."""
    env = {}
    lines = (ROOT / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    for line in lines:
        if line.startswith("ENV "):
            for pair in line[4:].split():
                key, _sep, value = pair.partition("=")
                env[key] = value.replace("/srv/motcua", srv)
    env.pop("PATH", None)  # the image's venv is this checkout's
    return env


def service_environment(service, srv, database_url, ports):
    env = {}
    for key, value in (service.get("environment") or {}).items():
        value = str(value).replace("/srv/motcua", srv)
        value = value.replace("@db:5432/motcua", "@127.0.0.1:5432/motcua")
        env[key] = value
    env["DATABASE_URL"] = database_url
    env["REDIS_URL"] = "redis://127.0.0.1:6379/9"
    env["MOTCUA_DVCQG_URL"] = f"http://127.0.0.1:{ports['simulator']}"
    env["MOTCUA_PUBLIC_URL"] = f"http://127.0.0.1:{ports['web']}"
    env["GUNICORN_BIND"] = f"127.0.0.1:{ports['web']}"
    return env


def command_of(service, ports):
    command = service.get("command")
    if isinstance(command, list):
        command = " ".join(command)
    command = " ".join(command.split())
    # The simulator listens on every interface of its container; here, on loopback only.
    command = command.replace("--host 0.0.0.0", "--host 127.0.0.1")
    return command.replace("--port 8790", f"--port {ports['simulator']}")


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError:
        return None, ""


def wait_for(url, seconds, processes):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                sys.exit(f"{name} exited with {process.returncode} before {url} answered")
        status, body = get(url)
        if status == 200:
            return body
        time.sleep(1)
    sys.exit(f"{url} did not answer within {seconds} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18800)
    parser.add_argument("--keep", action="store_true", help="keep the logs' directory")
    args = parser.parse_args()
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = {name: s for name, s in compose["services"].items() if "build" in s}
    ports = {"web": args.port, "simulator": args.port + 1}
    srv = tempfile.mkdtemp(prefix="motcua-srv-")
    database_url = throwaway_database()
    base = {**os.environ, **image_environment(srv),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    for name in ("media", "static", "signing"):
        os.makedirs(os.path.join(srv, name), exist_ok=True)
    logs = Path(srv) / "logs"
    logs.mkdir()

    env = {**base, **service_environment(services["web"], srv, database_url, ports)}
    # The image's build step (Dockerfile: RUN ... collectstatic).
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env={**env, "MOTCUA_ENV": "development"}, check=True)
    order = ["simulator", "web", "worker", "scheduler"]
    processes = {}
    started = time.monotonic()
    try:
        for name in order:
            service = services[name]
            env = {**base, **service_environment(service, srv, database_url, ports)}
            out = open(logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
            processes[name] = subprocess.Popen(
                ["sh", "-c", command_of(service, ports)], cwd=ROOT, env=env, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
            print(f"{name}: {command_of(service, ports)}")
            if name == "simulator":
                wait_for(f"http://127.0.0.1:{ports['simulator']}/_records", 60, processes)
            if name == "web":  # migrate, certificate, demo, then gunicorn
                wait_for(f"http://127.0.0.1:{ports['web']}/healthz", 900, processes)
                print(f"web answered /healthz after {time.monotonic() - started:.0f} s")
        # Ready once the worker has drained what the demo queued (the history's national
        # records, its messages): the backlog's age is part of readiness.
        wait_for(f"http://127.0.0.1:{ports['web']}/readyz", 300, processes)
        print(f"web answered /readyz after {time.monotonic() - started:.0f} s")
        checks = {
            "/healthz": get(f"http://127.0.0.1:{ports['web']}/healthz"),
            "/readyz": get(f"http://127.0.0.1:{ports['web']}/readyz"),
            "/ (home)": get(f"http://127.0.0.1:{ports['web']}/"),
            "/thu-tuc/ (catalog)": get(f"http://127.0.0.1:{ports['web']}/thu-tuc/"),
            "/metrics": get(f"http://127.0.0.1:{ports['web']}/metrics"),
        }
        failed = []
        for path, (status, body) in checks.items():
            print(f"  {path}: HTTP {status}")
            if status != 200:
                failed.append(f"{path}: {status} {body[:300]}")
        if "Hải Phòng" not in checks["/ (home)"][1]:
            failed.append("the home page does not show the demo city")
        for name in ("worker", "scheduler"):
            if processes[name].poll() is not None:
                failed.append(f"{name} exited with {processes[name].returncode}")
    finally:
        for name in reversed(list(processes)):
            process = processes[name]
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in processes.items():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                failed_stop = f"{name} did not stop on SIGTERM within 30 s"
                print(failed_stop)
    for name, process in processes.items():
        print(f"{name} stopped with {process.returncode}")
    if failed:
        for name in order:
            print(f"--- {name}.log (end)\n{(logs / f'{name}.log').read_text()[-1500:]}")
        sys.exit("compose rehearsal failed:\n  " + "\n  ".join(failed))
    print(f"compose rehearsal passed in {time.monotonic() - started:.0f} s "
          f"(logs in {logs})" if args.keep else
          f"compose rehearsal passed in {time.monotonic() - started:.0f} s")
    if not args.keep:
        shutil.rmtree(srv, ignore_errors=True)


if __name__ == "__main__":
    main()
