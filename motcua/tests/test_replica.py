"""Reports read from the replica when one is configured; writes and everything else stay on
the primary. The test database's second alias "replica" mirrors the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from dossiers.models import Dossier
from motcua.db import ReportsRouter, reading_reports

REPORT_TABLES = ('"directives_task"', '"indicators_indexsnapshot"', '"dossiers_dossier"')
pytestmark = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


def test_the_router_sends_report_reads_to_the_replica_and_nothing_else(settings):
    router = ReportsRouter()
    settings.MOTCUA_REPORTS_ON_REPLICA = True
    assert router.db_for_read(Dossier) is None  # outside a report: the primary
    with reading_reports():
        assert router.db_for_read(Dossier) == "replica"
        assert router.db_for_write(Dossier) == "default"
    assert router.allow_migrate("default", "dossiers") and not router.allow_migrate(
        "replica", "dossiers")
    settings.MOTCUA_REPORTS_ON_REPLICA = False
    with reading_reports():
        assert router.db_for_read(Dossier) is None


def test_the_dashboards_read_from_the_replica(client, supervisor, settings):
    settings.MOTCUA_REPORTS_ON_REPLICA = True
    settings.MOTCUA_766_WORKERS = 1  # in this thread, where its queries can be watched
    client.force_login(supervisor)
    for url in ("/can-bo/chi-so/", "/can-bo/nhiem-vu/tong-hop/", "/api/v1/tasks/summary",
                "/api/v1/indicators/766/rankings?period=2026-10&kind=commune"):
        with CaptureQueriesContext(connections["replica"]) as on_replica, \
                CaptureQueriesContext(connections["default"]) as on_primary:
            assert client.get(url).status_code == 200, url
        assert len(on_replica) > 0, url
        # What the report reads never comes from the primary: only the request's own
        # session, second factor and roles (read before the view) do.
        for query in on_primary:
            assert not any(table in query["sql"] for table in REPORT_TABLES), (url, query)
        assert any(table in q["sql"] for q in on_replica for table in REPORT_TABLES), url
    # A page that is not a report never touches the replica.
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/can-bo/").status_code == 200
    assert len(on_replica) == 0
