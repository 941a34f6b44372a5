# Indexes for the search box (DossierQuerySet.matching), so that a supervisor's search of the
# whole city, a million dossiers a year, never reads the whole table: the code and the national
# reference in any case (both databases; CONCURRENTLY on PostgreSQL, motcua.schema), and on
# PostgreSQL trigram indexes of the code (the number at its end) and of the folded name (a part
# of it). A search ORs these branches, and PostgreSQL combines indexes only when every branch
# has one.

import sys

import django.db.models.functions.text
from django.db import migrations, models

from motcua.schema import AddIndexOnline

TRIGRAM_INDEXES = [
    ("dossiers_name_trigrams", "applicant_name_key"),
    ("dossiers_code_trigrams", "code"),
]


def create_trigram_indexes(apps, schema_editor):
    """pg_trgm ships with PostgreSQL and is a trusted extension (13 and later): the database's
    owner may create it. Built CONCURRENTLY (this migration is not atomic), so a city's
    dossiers stay writable meanwhile. Without the extension, searches still answer, by reading
    the table: say so rather than stop the upgrade."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as exc:  # any refusal: privileges, a missing contrib package
            sys.stderr.write(f"\nThe dossier search indexes were not created: pg_trgm is not "
                             f"available ({exc.__class__.__name__}: {exc}). Searches read the "
                             "whole table until an administrator runs CREATE EXTENSION pg_trgm "
                             "and this migration again.\n")
            return
        for name, column in TRIGRAM_INDEXES:
            cursor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON dossiers_dossier "
                           f"USING gin ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _column in TRIGRAM_INDEXES:
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('dossiers', '0017_applicant_name_key'),
    ]

    operations = [
        AddIndexOnline(
            model_name='dossier',
            index=models.Index(django.db.models.functions.text.Upper('code'), name='dossiers_by_code_upper'),
        ),
        AddIndexOnline(
            model_name='dossier',
            index=models.Index(django.db.models.functions.text.Upper('national_reference'), name='dossiers_by_reference_upper'),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
