"""What operators see of a running MotCua: a request id on every request and log line, logs as
JSON, Prometheus metrics, and an optional error-reporting hook.

- **Request id.** `RequestIdMiddleware` takes the X-Request-ID a trusted proxy set (letters,
  digits and dashes, at most 64) or makes one, returns it in the response header, and
  `RequestIdFilter` puts it on every log record written while the request runs (a context
  variable, so threads and the scheduler's jobs get "-").
- **JSON logs** (python-json-logger): one object per line with time, level, logger, message
  and request id, the format log collectors parse without rules. `MOTCUA_LOG_FORMAT=json`,
  the default in production; `text` in development.
- **Metrics** (prometheus-client, the Prometheus project's own library) at `/metrics`, for
  127.0.0.1 or a bearer token (`MOTCUA_METRICS_TOKEN`, `MOTCUA_METRICS_ALLOWED`):
  `motcua_http_requests_total` and `motcua_http_request_seconds` by view and status,
  `motcua_job_backlog` and `motcua_job_backlog_age_seconds` (background jobs waiting),
  `motcua_sync_pending` and `motcua_sync_lag_seconds` (national portal records not yet
  acknowledged), `motcua_scheduler_job_runs_total` / `_failures_total` /
  `_last_seconds` per scheduler job. The queue and sync figures are read from the database at
  each scrape and the job figures from the shared cache, so every process reports the same.
  Under gunicorn with several workers set `PROMETHEUS_MULTIPROC_DIR` (deploy/gunicorn.conf.py
  does) so the request counters of every worker are summed.
- **Error reporting**: `MOTCUA_SENTRY_DSN` turns on Sentry's SDK (installed separately,
  `pip install sentry-sdk`) with no personal data sent.
"""

import contextvars
import ipaddress
import logging
import os
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

request_id = contextvars.ContextVar("motcua_request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")

REQUESTS = Counter("motcua_http_requests", "HTTP requests answered", ["view", "method", "status"])
LATENCY = Histogram("motcua_http_request_seconds", "Time to answer an HTTP request", ["view"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10))


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if settings.MOTCUA_TRUSTED_PROXIES and _VALID_ID.match(given) \
            else uuid.uuid4().hex
        token = request_id.set(rid)
        request.request_id = rid
        began = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - began)
        response["X-Request-ID"] = rid
        return response


# ----------------------------------------------------------------------------- scheduler jobs

_JOB_KEY = "motcua:job:{name}:{field}"


def record_job(name, ok, seconds):
    """Called by the scheduler after each job: counted in the shared cache, so the web
    processes' /metrics report what the scheduler process did."""
    for field in ("runs",) + (() if ok else ("failures",)):
        key = _JOB_KEY.format(name=name, field=field)
        cache.add(key, 0, None)
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, None)
    cache.set(_JOB_KEY.format(name=name, field="seconds"), round(seconds, 3), None)


class StateCollector:
    """Figures read at each scrape: the job queue, the national sync, results waiting for
    their signature, the scheduler's jobs."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from motcua.scheduler import JOBS
        from sync.models import DossierSync

        now = timezone.now()
        waiting = DBTaskResult.objects.filter(status="READY")
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        yield GaugeMetricFamily("motcua_job_backlog", "Background jobs waiting for a worker",
                                value=waiting.count())
        yield GaugeMetricFamily("motcua_job_backlog_age_seconds",
                                "Age of the oldest job waiting for a worker",
                                value=(now - oldest).total_seconds() if oldest else 0)
        pending = DossierSync.objects.exclude(state=DossierSync.State.SYNCED)
        since = pending.exclude(failed_at__isnull=True).order_by("failed_at") \
            .values_list("failed_at", flat=True).first()
        yield GaugeMetricFamily("motcua_sync_pending",
                                "Dossiers whose latest record the national portal has not "
                                "acknowledged", value=pending.count())
        yield GaugeMetricFamily("motcua_sync_lag_seconds",
                                "Time since the oldest failing national sync first failed",
                                value=(now - since).total_seconds() if since else 0)
        from results.models import Result

        unsigned = GaugeMetricFamily("motcua_results_unsigned",
                                     "Electronic results decided but not signed, by status",
                                     labels=["status"])
        counts = dict(Result.objects.exclude(status=Result.Status.SIGNED)
                      .values_list("status").annotate(n=Count("pk")))
        for status in (Result.Status.SIGNING, Result.Status.FAILED):
            unsigned.add_metric([status], counts.get(status, 0))
        yield unsigned
        names = [job.name for job in JOBS]
        values = cache.get_many([_JOB_KEY.format(name=n, field=f) for n in names
                                 for f in ("runs", "failures", "seconds")])
        runs = CounterMetricFamily("motcua_scheduler_job_runs", "Scheduler job runs", labels=["job"])
        failures = CounterMetricFamily("motcua_scheduler_job_failures", "Scheduler job failures",
                                       labels=["job"])
        last = GaugeMetricFamily("motcua_scheduler_job_last_seconds",
                                 "Duration of the job's last run", labels=["job"])
        for name in names:
            runs.add_metric([name], values.get(_JOB_KEY.format(name=name, field="runs"), 0))
            failures.add_metric([name], values.get(_JOB_KEY.format(name=name,
                                                                   field="failures"), 0))
            last.add_metric([name], values.get(_JOB_KEY.format(name=name, field="seconds"), 0))
        yield runs
        yield failures
        yield last


def _registry():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)  # every worker's request counters
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(StateCollector())
    return registry


def _allowed(request):
    token = settings.MOTCUA_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and constant_time_compare(header[7:], token):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False)
               for net in settings.MOTCUA_METRICS_ALLOWED)


def metrics(request):
    """Prometheus' text format, for the scraper (127.0.0.1 or the bearer token)."""
    if not _allowed(request):
        return HttpResponseForbidden("metrics are for the monitoring system\n",
                                     content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


# ----------------------------------------------------------------------------- error reporting


def init_error_reporting():
    """Sentry's SDK when MOTCUA_SENTRY_DSN is set (AppConfig.ready). Refuses to start without
    the package rather than silently reporting nothing."""
    dsn = settings.MOTCUA_SENTRY_DSN
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured("MOTCUA_SENTRY_DSN is set but sentry-sdk is not installed: "
                                   "pip install sentry-sdk") from None
    sentry_sdk.init(dsn=dsn, integrations=[DjangoIntegration()], send_default_pii=False,
                    environment=settings.MOTCUA_ENV,
                    traces_sample_rate=settings.MOTCUA_SENTRY_TRACES)
    return True
