"""Run the periodic jobs (motcua/scheduler.py): one scheduler leads, any other waits."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.scheduler import JOBS, Scheduler


class Command(BaseCommand):
    help = ("Run the periodic jobs (deadline scan, national portal pull and catch-up, payment "
            "reconciliation, 766 index) at their configured intervals; a second scheduler "
            "waits as a standby.")

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", metavar="JOB",
                            help="run only this job (repeatable): " + ", ".join(
                                j.name for j in JOBS))
        parser.add_argument("--once", action="store_true",
                            help="run every job once, then stop")

    def handle(self, *args, only=None, once=False, **options):
        jobs = JOBS
        if only:
            unknown = set(only) - {j.name for j in JOBS}
            if unknown:
                raise CommandError(_("No such job: %(jobs)s") % {"jobs": ", ".join(sorted(unknown))})
            jobs = [j for j in JOBS if j.name in only]
        scheduler = Scheduler(jobs, out=self.stdout.write)
        scheduler.handle_signals()
        scheduler.run(rounds=1 if once else None)
        self.stdout.write(_("The scheduler stopped."))
