"""The month's pass split across PostgreSQL connections adds up to the same index as one pass
(PostgreSQL only: the parts run on connections of their own, which must see committed rows)."""

import pytest
from django.db import connection

from indicators import engine, periods
from indicators.tests.test_national_rules import (  # noqa: F401  (fixtures)
    FINANCE,
    HONG_BANG,
    clock,
    finance_staff,
    october,
)
from units.models import Agency

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the split pass runs on PostgreSQL only"),
]


def test_the_parts_add_up_to_one_pass(october, settings, monkeypatch):
    period = periods.parse("2026-10")
    units = [Agency.objects.get(code=c) for c in (HONG_BANG, FINANCE, "000.00.00.H26")]
    parts = []
    run = engine._run
    monkeypatch.setattr(engine, "_run", lambda *a, **k: parts.append(k.get("part")) or run(*a, **k))

    settings.MOTCUA_766_WORKERS = 3
    split = engine.Facts.gather(period)
    assert sorted(parts) == [(0, 3), (1, 3), (2, 3)]
    settings.MOTCUA_766_WORKERS = 1
    whole = engine.Facts.gather(period)
    for unit in units:
        scope = engine.scope_for(unit)
        assert engine.compute(scope, period, split) == engine.compute(scope, period, whole)
