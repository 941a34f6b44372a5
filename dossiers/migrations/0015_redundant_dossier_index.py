import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0014_proposal'),
    ]

    # The index on dossier_id alone duplicates the leading column of the unique (dossier, seq)
    # index. Dropped by name, not by AlterField: that would also drop and re-add the foreign
    # key, which checks every row under a lock that stops intake on a large table.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='dossierevent',
                    name='dossier',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='dossiers.dossier', verbose_name='dossier'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "dossiers_dossierevent_dossier_id_90237d93"',
                    reverse_sql='CREATE INDEX "dossiers_dossierevent_dossier_id_90237d93" ON "dossiers_dossierevent" ("dossier_id")',
                ),
            ],
        ),
    ]
