"""Computing the index for the whole province and keeping it (IndexSnapshot)."""

from django.db import transaction
from django.utils import timezone

from indicators import engine
from indicators.models import IndexSnapshot
from units.models import Agency


def compute_all(period):
    """The province, every department and every commune for `period`, stored (replacing that
    period's earlier snapshots); returns how many units."""
    facts = engine.Facts.gather(period)
    tree = engine.children_map()
    now = timezone.now()
    rows = []
    province = Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE).order_by("pk").first()
    if province is not None:
        rows.append((province, engine.compute(engine.scope_for(province, tree), period, facts)))
    for kind in engine.RANKED:
        ranked = engine.rankings(kind, period, facts)
        by_code = {a.code: a for a in Agency.objects.filter(code__in=[r["unit"] for r in ranked])}
        rows.extend((by_code[r["unit"]], r) for r in ranked)
    with transaction.atomic():
        IndexSnapshot.objects.filter(period=period.label).delete()
        IndexSnapshot.objects.bulk_create(
            IndexSnapshot(agency=agency, period=period.label, first_day=period.first,
                          last_day=period.last, computed_at=now, total=row["total"],
                          band=row["band"], groups=row["groups"], indicators=row["indicators"],
                          rank=row.get("rank"), dossiers=row.get("dossiers", 0))
            for agency, row in rows)
    return len(rows)


def compute_current(today=None):
    """The scheduled computation: the current month, and in its first ten days the month
    before too (dossiers received then may still change). [(label, units computed)]."""
    import datetime as dt

    from django.utils import timezone

    from indicators import periods

    today = today or timezone.localdate()
    wanted = [periods.parse(f"{today:%Y-%m}")]
    if today.day <= 10:
        wanted.append(periods.parse(f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}"))
    return [(p.label, compute_all(p)) for p in wanted]
