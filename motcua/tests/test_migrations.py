from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


# Migrations that add columns and an index together, from before the rule: made non-atomic
# now, a failure half way would leave columns without the migration recorded.
BUILT_BEFORE_THE_RULE = {("dossiers", "0002_current_agency"),
                         ("dossiers", "0003_applicant_documents_and_reuse")}


def test_indexes_on_tables_already_holding_data_are_built_concurrently():
    """An index a migration adds to a model it does not create itself is added with
    motcua.schema.AddIndexOnline, in a non-atomic migration: on PostgreSQL the table stays
    writable while it builds."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import AddIndex, CreateModel

    from motcua.schema import AddIndexOnline

    ours = {config.label for config in apps.get_app_configs()
            if "site-packages" not in config.path}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    blocking, online = [], 0
    for (app, name), migration in loader.disk_migrations.items():
        if app not in ours:
            continue
        created = {op.name.lower() for op in migration.operations if isinstance(op, CreateModel)}
        for op in migration.operations:
            if not isinstance(op, AddIndex) or op.model_name.lower() in created:
                continue
            if isinstance(op, AddIndexOnline) and not migration.atomic:
                online += 1
            elif (app, name) not in BUILT_BEFORE_THE_RULE:
                blocking.append(f"{app}.{name}: {op.index.name}")
    assert not blocking, blocking
    assert online >= 5, online


# No database transaction: PostgreSQL's concurrent build refuses to run inside one, and
# sqlmigrate only writes the SQL out.
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="CONCURRENTLY is PostgreSQL's; SQLite builds a plain index")
def test_the_online_index_is_built_concurrently_on_postgresql(django_db_setup,
                                                                django_db_blocker):
    sql = StringIO()
    with django_db_blocker.unblock():
        call_command("sqlmigrate", "dossiers", "0016", stdout=sql)
    assert sql.getvalue().count("CREATE INDEX CONCURRENTLY") == 2, sql.getvalue()
