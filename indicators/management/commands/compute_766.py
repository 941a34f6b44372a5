"""Compute and store the Decision 766 index of the province, its departments and communes:
the current month (and, in its first days, the month before, which may still change), or
`--period` for any period. The scheduler's index_766 job runs it every MOTCUA_SCHEDULE_766
seconds."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators import periods
from indicators.store import compute_all, compute_current


class Command(BaseCommand):
    help = "Compute and store the Decision 766 index (time series for the dashboards)."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM, YYYY-Qn, YYYY or from..to")

    def handle(self, *args, period=None, **options):
        if period:
            try:
                wanted = periods.parse(period)
            except periods.PeriodError as exc:
                raise CommandError(str(exc)) from exc
            done = [(wanted.label, compute_all(wanted))]
        else:
            done = compute_current()
        for label, count in done:
            self.stdout.write(_("766 index, period %(period)s: %(n)d units.")
                              % {"period": label, "n": count})
