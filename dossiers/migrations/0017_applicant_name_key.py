# The applicant's name folded (no diacritics), for searches typed without them.

from django.db import migrations

import motcua.fields
from motcua.text import fold


def fill(apps, schema_editor):
    """The dossiers already there: their folded names, 2,000 at a time."""
    Dossier = apps.get_model("dossiers", "Dossier")
    batch = []
    for dossier in Dossier.objects.only("pk", "applicant_name").iterator(chunk_size=2000):
        dossier.applicant_name_key = fold(dossier.applicant_name)[:200]
        batch.append(dossier)
        if len(batch) == 2000:
            Dossier.objects.bulk_update(batch, ["applicant_name_key"])
            batch = []
    if batch:
        Dossier.objects.bulk_update(batch, ["applicant_name_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0016_results_to_return'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='applicant_name_key',
            field=motcua.fields.FoldedCopy(blank=True, db_default='', default='', editable=False, max_length=200, source='applicant_name'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
