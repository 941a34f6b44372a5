import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0015_redundant_dossier_index'),
        ('sync', '0004_message_unchanged'),
    ]

    # The index on dossier_id alone duplicates the leading column of the unique (dossier, seq)
    # index. Dropped by name, not by AlterField: that would also drop and re-add the foreign
    # key, which checks every row under a lock that stops intake on a large table.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='syncmessage',
                    name='dossier',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='sync_messages', to='dossiers.dossier', verbose_name='dossier'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "sync_syncmessage_dossier_id_d1f88eb5"',
                    reverse_sql='CREATE INDEX "sync_syncmessage_dossier_id_d1f88eb5" ON "sync_syncmessage" ("dossier_id")',
                ),
            ],
        ),
    ]
