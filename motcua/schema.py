"""Schema changes a city can take while it works.

`CREATE INDEX` blocks every write to its table until the index is built: seconds at a
million dossiers, while counters take dossiers in and the national portal pushes. An index
added to a table that already holds data is therefore built CONCURRENTLY on PostgreSQL
(writes go on; the build takes longer). SQLite, which serves the demo and `make test`, has
no such build and takes a plain one.

Its migration says `atomic = False`, as PostgreSQL requires. If such a build fails half way
it leaves an INVALID index of the same name: drop it (`DROP INDEX CONCURRENTLY <name>`) and
migrate again. `motcua/tests/test_migrations.py` holds every later migration to it.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddIndex


class AddIndexOnline(AddIndexConcurrently):
    """AddIndex, built CONCURRENTLY on PostgreSQL (see above)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (concurrently on PostgreSQL)"
