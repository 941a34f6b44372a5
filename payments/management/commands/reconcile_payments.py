from django.core.management.base import BaseCommand

from payments.actions import reconcile

LABELS = {"paid": "đã ghi nhận thanh toán", "not_found": "chưa thấy tiền về",
          "error": "lỗi khi hỏi nhà cung cấp", "already_paid": "đã thanh toán từ trước",
          "duplicate": "đã ghi nhận từ trước", "wrong_amount": "sai số tiền",
          "cancelled": "yêu cầu đã hủy", "unknown_reference": "không rõ mã thanh toán",
          "duplicate_transaction": "giao dịch trùng",
          "refunds_open": "khoản tiền nhận thừa chờ hoàn trả (xem /can-bo/hoan-tien/)"}


class Command(BaseCommand):
    help = ("Ask the payment providers about payments still pending whose notification never "
            "came, and record those paid. Run it from cron every few minutes, or keep it "
            "running with --loop.")

    def handle(self, *args, **options):
        counts = reconcile()
        summary = ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in sorted(counts.items()))
        self.stdout.write(f"Đối soát thanh toán: {summary or 'không có khoản nào chờ'}.")
