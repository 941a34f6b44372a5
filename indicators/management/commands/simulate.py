"""Generate a realistic month of dossiers (indicators/simulate.py):

    manage.py simulate --month 2026-01 --dossiers 314000 --seed 7 [--rate on_time=0.99 ...]
"""

import time

from django.core.management.base import BaseCommand, CommandError

from indicators.periods import MONTH
from indicators.simulate import Rates, simulate


class Command(BaseCommand):
    help = "Generate a month of dossiers for a province (demo, benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--dossiers", type=int, default=314000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--rate", action="append", default=[], metavar="NAME=VALUE",
                            help=f"one of: {', '.join(Rates.names())}")

    def handle(self, *args, month, dossiers, seed, rate, **options):
        if not MONTH.match(month):
            raise CommandError("--month phải có dạng YYYY-MM.")
        if dossiers < 1:
            raise CommandError("--dossiers phải lớn hơn 0.")
        rates = Rates()
        for item in rate:
            name, _, value = item.partition("=")
            if name not in Rates.names():
                raise CommandError(f"Không có tỷ lệ '{name}'.")
            try:
                number = float(value)
            except ValueError:
                raise CommandError(f"Tỷ lệ '{name}' phải là số từ 0 đến 1.") from None
            if not 0 <= number <= 1:
                raise CommandError(f"Tỷ lệ '{name}' phải là số từ 0 đến 1.")
            setattr(rates, name, number)
        started = time.perf_counter()
        totals = simulate(month, dossiers, seed, rates,
                          progress=lambda n: self.stderr.write(f"  {n} hồ sơ") if n % 50000 == 0
                          else None)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Đã tạo {totals['dossiers']} hồ sơ kỳ {month} trong {elapsed:.1f} giây "
                          f"({totals['dossiers'] / elapsed:.0f} hồ sơ/giây); "
                          + ", ".join(f"{k}: {v}" for k, v in totals.items() if k != "dossiers"))
