"""Queue the sending of every dossier with records waiting for the national portal (after a
portal was configured, or to catch up); the scheduler's national_catch_up job does it every
MOTCUA_SCHEDULE_NATIONAL_CATCH_UP seconds."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from integrations.national.registry import portal
from sync.outbox import queue_waiting


class Command(BaseCommand):
    help = "Queue the records waiting for the national portal (the worker sends them)."

    def handle(self, *args, **options):
        if portal() is None:
            self.stderr.write(_("The national portal is not configured (MOTCUA_DVCQG_URL): the "
                                "records keep waiting."))
            return
        count = queue_waiting()
        self.stdout.write(_("%(n)d dossiers queued for the national portal.") % {"n": count})
