"""Reference data changed by one process is seen by another at its next request: a day off
added by a second process moves the due dates this process computes, at once (not after the
per-process memo's minute). PostgreSQL: two processes share one database and cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="two processes need a shared database (PostgreSQL)"),
]

ROOT = Path(__file__).resolve().parents[2]
ADD_DAY_OFF = """
import django; django.setup()
import datetime as dt
from workcalendar.models import CalendarException
CalendarException.objects.create(date=dt.date(2027, 3, 2), kind="day_off",
    reason="Nghỉ bù do thiên tai", legal_basis="Quyết định số 45/QĐ-UBND")
"""


def due(client):
    response = client.get("/api/v1/calendar/due", {"from": "2027-03-01T08:00:00+07:00",
                                                   "amount": "1", "unit": "working_day"})
    assert response.status_code == 200, response.content
    return response.json()["due"][:10]


def test_a_day_off_added_by_another_process_is_seen_at_the_next_request(client, settings):
    settings.MOTCUA_REFERENCE_TTL = 3600  # the memo alone would keep the old calendar an hour
    assert due(client) == "2027-03-02"
    assert due(client) == "2027-03-02"  # memoised now
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    subprocess.run([sys.executable, "-c", ADD_DAY_OFF], cwd=ROOT, check=True, timeout=120,
                   env={**os.environ, "DATABASE_URL": url, "MOTCUA_ENV": "test",
                        "DJANGO_SETTINGS_MODULE": "motcua.settings"})
    assert due(client) == "2027-03-03"
