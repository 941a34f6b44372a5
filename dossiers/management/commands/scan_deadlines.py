import time

from django.core.management.base import BaseCommand

from dossiers.actions import scan_deadlines


class Command(BaseCommand):
    help = ("Mark dossiers at risk (less than one working day left) and overdue, and warn "
            "their assignee and unit leaders. Run it from cron every few minutes, or keep it "
            "running with --loop.")

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, metavar="SECONDS",
                            help="scan again every SECONDS seconds until stopped")

    def handle(self, *args, loop=None, **options):
        while True:
            at_risk, overdue = scan_deadlines()
            self.stdout.write(f"{at_risk} hồ sơ sắp đến hạn, {overdue} hồ sơ quá hạn mới.")
            if not loop:
                return
            time.sleep(loop)
