from django.db import migrations, models


def fill(apps, schema_editor):
    """The flags of the dossiers that already have documents (the rule as it stood when this
    migration was written: dossiers.models.DOCUMENT_FLAGS)."""
    from django.db.models import Case, IntegerField, Max, OuterRef, Q, Subquery, Value, When
    from django.db.models.functions import Coalesce

    Dossier = apps.get_model("dossiers", "Dossier")
    Document = apps.get_model("dossiers", "DossierDocument")
    result = Q(source="result")
    flags = [result, ~result & (Q(file__gt="") | Q(digitisation_code__gt="") | Q(electronic=True)),
             ~result & Q(reused=True), ~result & Q(from_store=True), result & Q(from_store=True)]
    mask = None
    for i, condition in enumerate(flags):
        bit = Max(Case(When(condition, then=Value(1 << i)), default=Value(0)))
        mask = bit if mask is None else mask + bit
    value = Subquery(Document.objects.filter(dossier_id=OuterRef("pk")).order_by()
                     .values("dossier_id").annotate(mask=mask).values("mask"),
                     output_field=IntegerField())
    Dossier.objects.filter(documents__isnull=False).distinct().update(
        document_flags=Coalesce(value, Value(0)))


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0010_received_at_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='document_flags',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False, verbose_name='document flags'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
