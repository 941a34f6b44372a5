"""A request id on every response and log line, JSON logs, Prometheus metrics for the
monitoring system only, and the optional error-reporting hook."""

import json
import logging
import sys
import types

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua import observability
from motcua.scheduler import Job, run_job

pytestmark = pytest.mark.django_db


def test_every_response_and_log_line_carries_a_request_id(client, caplog, settings):
    response = client.get("/healthz")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    assert client.get("/healthz")["X-Request-ID"] != rid
    # A client's own id is not believed; a trusted proxy's is.
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] != "abc-123"
    settings.MOTCUA_TRUSTED_PROXIES = 1
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id; drop")["X-Request-ID"] \
        != "bad id; drop"


def test_log_lines_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(fmt=["asctime", "levelname", "name", "message", "request_id"],
                              rename_fields={"asctime": "time", "levelname": "level",
                                             "name": "logger"})
    record = logging.LogRecord("motcua.test", logging.INFO, __file__, 1, "hồ sơ %s đã nhận",
                               ("001",), None)
    token = observability.request_id.set("r-42")
    try:
        observability.RequestIdFilter().filter(record)
    finally:
        observability.request_id.reset(token)
    line = json.loads(formatter.format(record))
    assert line["message"] == "hồ sơ 001 đã nhận" and line["request_id"] == "r-42"
    assert line["level"] == "INFO" and line["logger"] == "motcua.test" and "time" in line


def test_metrics_are_for_the_monitoring_system_only(client, settings):
    client.get("/healthz")
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    settings.MOTCUA_METRICS_TOKEN = "t" * 40
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                      HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                          HTTP_AUTHORIZATION="Bearer " + "t" * 40)
    assert response.status_code == 200
    text = client.get("/metrics").content.decode()  # from 127.0.0.1
    assert 'motcua_http_requests_total{method="GET",status="200",view="healthz"}' in text
    assert "motcua_http_request_seconds_bucket" in text
    for name in ("motcua_job_backlog", "motcua_job_backlog_age_seconds", "motcua_sync_pending",
                 "motcua_sync_lag_seconds", "motcua_scheduler_job_runs_total"):
        assert f"\n{name}" in text or text.startswith(name), name
    assert 'motcua_results_unsigned{status="failed"} 0.0' in text


@pytest.mark.django_db(transaction=True)  # run_job closes the connection, as between jobs
def test_job_failures_are_counted_for_every_process_to_report(client):
    def broken():
        raise RuntimeError("the portal is down")

    run_job(Job("national_pull", "MOTCUA_SCHEDULE_DEADLINES", broken))
    run_job(Job("national_pull", "MOTCUA_SCHEDULE_DEADLINES", lambda: {"pulled": 0}))
    text = client.get("/metrics").content.decode()
    assert 'motcua_scheduler_job_runs_total{job="national_pull"} 2.0' in text
    assert 'motcua_scheduler_job_failures_total{job="national_pull"} 1.0' in text


def test_the_error_reporting_hook(settings, monkeypatch):
    settings.MOTCUA_SENTRY_DSN = ""
    assert observability.init_error_reporting() is False
    settings.MOTCUA_SENTRY_DSN = "https://key@sentry.example.vn/1"
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ImproperlyConfigured, match="sentry-sdk"):
        observability.init_error_reporting()
    seen = {}
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **kwargs: seen.update(kwargs)
    integrations = types.ModuleType("sentry_sdk.integrations")
    django_integration = types.ModuleType("sentry_sdk.integrations.django")
    django_integration.DjangoIntegration = lambda: "django"
    for name, module in (("sentry_sdk", fake), ("sentry_sdk.integrations", integrations),
                         ("sentry_sdk.integrations.django", django_integration)):
        monkeypatch.setitem(sys.modules, name, module)
    assert observability.init_error_reporting() is True
    assert seen["dsn"] == settings.MOTCUA_SENTRY_DSN and seen["send_default_pii"] is False
