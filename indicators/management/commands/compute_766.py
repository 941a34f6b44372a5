"""Compute and store the Decision 766 index of the province, its departments and communes:
the current month (and, in its first days, the month before, which may still change), or
`--period` for any period. `--loop S` repeats every S seconds (the scheduled job)."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators import periods
from indicators.store import compute_all


class Command(BaseCommand):
    help = "Compute and store the Decision 766 index (time series for the dashboards)."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM, YYYY-Qn, YYYY or from..to")
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, period=None, loop=0, **options):
        while True:
            if period:
                try:
                    wanted = [periods.parse(period)]
                except periods.PeriodError as exc:
                    raise CommandError(str(exc)) from exc
            else:
                today = timezone.localdate()
                wanted = [periods.parse(f"{today:%Y-%m}")]
                if today.day <= 10:
                    wanted.append(periods.parse(f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}"))
            for p in wanted:
                started = time.perf_counter()
                count = compute_all(p)
                self.stdout.write(f"Chỉ số 766 kỳ {p.label}: {count} đơn vị, "
                                  f"{time.perf_counter() - started:.2f} giây.")
            if not loop:
                return
            time.sleep(loop)
