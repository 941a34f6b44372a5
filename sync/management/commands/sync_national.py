"""Queue the sending of every dossier with records waiting for the national portal (after a
portal was configured, or to catch up); the scheduler's national_catch_up job does it every
MOTCUA_SCHEDULE_NATIONAL_CATCH_UP seconds."""

from django.core.management.base import BaseCommand

from integrations.national.registry import portal
from sync.outbox import queue_waiting


class Command(BaseCommand):
    help = "Queue the records waiting for the national portal (the worker sends them)."

    def handle(self, *args, **options):
        if portal() is None:
            self.stderr.write("Chưa cấu hình Cổng DVCQG (MOTCUA_DVCQG_URL): các bản ghi vẫn chờ.")
            return
        count = queue_waiting()
        self.stdout.write(f"{count} hồ sơ được xếp hàng gửi lên Cổng DVCQG.")
