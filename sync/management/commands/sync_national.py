"""Queue the sending of every dossier with records waiting for the national portal (after a
portal was configured, or to catch up); `--loop S` repeats every S seconds."""

import time

from django.core.management.base import BaseCommand

from integrations.national.registry import portal
from sync.outbox import queue_waiting


class Command(BaseCommand):
    help = "Queue the records waiting for the national portal (the worker sends them)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, loop=0, **options):
        if portal() is None:
            self.stderr.write("Chưa cấu hình Cổng DVCQG (MOTCUA_DVCQG_URL): các bản ghi vẫn chờ.")
            return
        while True:
            count = queue_waiting()
            self.stdout.write(f"{count} hồ sơ được xếp hàng gửi lên Cổng DVCQG.")
            if not loop:
                return
            time.sleep(loop)
