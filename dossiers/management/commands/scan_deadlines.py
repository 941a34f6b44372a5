from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dossiers.actions import scan_deadlines


class Command(BaseCommand):
    help = ("Mark dossiers at risk (less than one working day left) and overdue, and warn "
            "their assignee and unit leaders. The scheduler (manage.py scheduler) runs it "
            "every MOTCUA_SCHEDULE_DEADLINES seconds.")

    def handle(self, *args, **options):
        at_risk, overdue = scan_deadlines()
        self.stdout.write(_("%(at_risk)d dossiers due soon, %(overdue)d newly overdue.")
                          % {"at_risk": at_risk, "overdue": overdue})
