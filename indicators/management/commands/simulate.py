"""Generate a realistic month of dossiers (indicators/simulate.py):

    manage.py simulate --month 2026-01 --dossiers 314000 --seed 7 [--rate on_time=0.99 ...]
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(_("--month must have the form YYYY-MM."))
        if dossiers < 1:
            raise CommandError(_("--dossiers must be greater than 0."))
        rates = Rates()
        for item in rate:
            name, _sep, value = item.partition("=")
            if name not in Rates.names():
                raise CommandError(_("No rate '%(name)s'.") % {"name": name})
            try:
                number = float(value)
            except ValueError:
                raise CommandError(_("The rate '%(name)s' must be a number from 0 to 1.")
                                   % {"name": name}) from None
            if not 0 <= number <= 1:
                raise CommandError(_("The rate '%(name)s' must be a number from 0 to 1.")
                                   % {"name": name})
            setattr(rates, name, number)
        started = time.perf_counter()
        totals = simulate(month, dossiers, seed, rates,
                          progress=lambda n: self.stderr.write(_("  %(n)d dossiers") % {"n": n})
                          if n % 50000 == 0 else None)
        elapsed = time.perf_counter() - started
        self.stdout.write(_("Made %(n)d dossiers of %(month)s in %(seconds).1f s (%(rate).0f "
                            "dossiers/s); %(details)s")
                          % {"n": totals["dossiers"], "month": month, "seconds": elapsed,
                             "rate": totals["dossiers"] / elapsed,
                             "details": ", ".join(f"{k}: {v}" for k, v in totals.items()
                                                  if k != "dossiers")})
