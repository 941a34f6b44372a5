"""gunicorn for MotCua: `gunicorn -c deploy/gunicorn.conf.py motcua.wsgi`.

Threads per worker suit Django's blocking I/O (the database, the portal's HTTP calls); each
worker recycles after a while so a slow leak cannot grow. Settings come from the environment
so one file serves the container and a plain machine.
"""

import multiprocessing
import os
import shutil

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Prometheus counters of every worker summed at /metrics (motcua/observability.py).
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    if _metrics_dir:  # a fresh directory: figures of a previous run would be added twice
        shutil.rmtree(_metrics_dir, ignore_errors=True)
        os.makedirs(_metrics_dir, exist_ok=True)


def child_exit(server, worker):
    if _metrics_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Every view imported (through the URL configuration) before the worker takes its first
    request: otherwise the first request after each start and each recycle (max_requests)
    pays for it, about 0.4 s against 8 ms on the 2-core machine."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
