"""Dossier codes: <receiving unit identifier>-<YYMMDD>-<NNNN> (Circular 01/2018/TT-VPCP).

The sequence comes from one counter row per unit and day, incremented with an upsert inside
the transaction that creates the dossier: concurrent intakes at one unit queue on that row, and
a rolled-back intake rolls its number back too, so codes are unique, consecutive and gap-free
among the dossiers that exist. Works on PostgreSQL and on SQLite ≥ 3.35 (RETURNING).
"""

from django.db import connection

from dossiers.models import DossierCounter

_TABLE = DossierCounter._meta.db_table


def next_code(unit_code, day):
    if not connection.in_atomic_block:
        raise RuntimeError("next_code() must run inside the transaction creating the dossier")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (unit_code, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (unit_code, day) DO UPDATE SET last = {_TABLE}.last + 1 "
            "RETURNING last",
            [unit_code, day],
        )
        number = cursor.fetchone()[0]
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"
