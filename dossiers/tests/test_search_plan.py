"""A search of the whole city reads indexes, never the whole table (PostgreSQL).

A supervisor sees every dossier of the city, a million a year, and the search box ORs its
branches (DossierQuerySet.matching): the code or the national reference in any case, the
number at a code's end, a phone, an identity number, a part of the name with or without
diacritics. PostgreSQL combines indexes only when every branch has one; one branch without
reads the table (0.5 to 1.3 s at a million dossiers, bench/inbox_latency.py). With sequential
scans priced out, a branch without an index still shows as a Seq Scan in the plan."""

import pytest
from django.db import connection

from dossiers.models import Dossier

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="trigram indexes are PostgreSQL's (migration 0018)"),
]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("text", [
    "pham van long", "Phạm Văn Long", "văn lo", "H31.11311-261207-0001", "g22.31.01-241212-0001",
    "0001", "261207-0001", "0904 123 456", "+84 904 123 456", "031085004321",
])
def test_every_branch_of_a_search_reads_an_index(text):
    found = plan(Dossier.objects.matching(text).only("id"))
    assert "Seq Scan" not in found, found
    assert "Index" in found, found


def test_the_indexes_a_search_needs_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'dossiers_dossier'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"dossiers_name_trigrams", "dossiers_code_trigrams", "dossiers_by_code_upper",
            "dossiers_by_reference_upper", "dossiers_by_phone", "dossiers_by_id_number"} <= names
