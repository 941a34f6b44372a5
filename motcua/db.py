"""Reports may read from a replica of the database (DESIGN: scaling out, docs/scaling.md).

`DATABASE_REPLICA_URL` adds the alias "replica" (a streaming replica of PostgreSQL, read only)
and turns `MOTCUA_REPORTS_ON_REPLICA` on.
Code that only reads for a report (the 766 dashboard and its exports, the tasks overview)
runs inside `reading_reports()`; the router then sends its reads to the replica. Everything
else, and every write, stays on "default": a request that writes and reads back never sees a
replica's lag. Without a replica configured the block changes nothing.
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reports = contextvars.ContextVar("motcua_reading_reports", default=False)


@contextlib.contextmanager
def reading_reports():
    token = _reports.set(True)
    try:
        yield
    finally:
        _reports.reset(token)


def replica_in_use():
    return settings.MOTCUA_REPORTS_ON_REPLICA and REPLICA in settings.DATABASES \
        and _reports.get()


def reading_alias():
    """The alias raw SQL of a report reads from (the ORM goes through the router)."""
    return REPLICA if replica_in_use() else "default"


class ReportsRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if replica_in_use() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"  # a replica follows the primary; it is never migrated


def report_view(view):
    """A page or API view whose GET only reads for a report: its reads may go to the replica
    (POSTs, which compute and store, stay on the primary)."""
    import functools

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reading_reports():
            return view(request, *args, **kwargs)
    return wrapper
