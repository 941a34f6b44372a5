"""Dossiers remember which agency holds them (inter-agency steps); existing ones are held by
their competent unit."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0001_initial"),
        ("units", "0002_agency_office_hours"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="current_agency",
            field=models.ForeignKey(db_index=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="held_dossiers", to="units.agency",
                                    verbose_name="held by"),
        ),
        migrations.RunSQL(
            "UPDATE dossiers_dossier SET current_agency_id = agency_id",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="dossier",
            name="current_agency",
            field=models.ForeignKey(db_index=False,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="held_dossiers", to="units.agency",
                                    verbose_name="held by"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status__in", ["payment", "processing", "received",
                                                   "submitted", "supplement"])),
                fields=["current_agency", "due_at"], name="open_dossiers_by_holder"),
        ),
    ]
