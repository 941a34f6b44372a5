"""Take what was filed on the national portal: read its feed from MotCua's position once
(the scheduler's national_pull job does this every MOTCUA_DVCQG_PULL_SECONDS)."""

from django.core.management.base import BaseCommand

from integrations.national.registry import portal
from sync import inbound

LABELS = {"accepted": "tiếp nhận", "refused": "từ chối", "waiting": "chờ thử lại",
          "unavailable": "Cổng không trả lời", "acknowledged_late": "xác nhận bù"}


class Command(BaseCommand):
    help = "Receive the dossiers and events filed on the national portal (one pass of its feed)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=None,
                            help="read at most this many pages of the feed")

    def handle(self, *args, pages=None, **options):
        if portal() is None:
            self.stderr.write("Chưa cấu hình Cổng DVCQG (MOTCUA_DVCQG_URL).")
            return
        counts = inbound.pull(pages=pages)
        summary = ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in sorted(counts.items()) if n)
        self.stdout.write(f"Nhận từ Cổng DVCQG: {summary or 'không có gì mới'}.")
