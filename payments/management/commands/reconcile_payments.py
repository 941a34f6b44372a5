from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payments.actions import reconcile

LABELS = {"paid": gettext_lazy("payment recorded"), "not_found": gettext_lazy("no money yet"),
          "error": gettext_lazy("error asking the provider"),
          "already_paid": gettext_lazy("paid already"),
          "duplicate": gettext_lazy("recorded already"),
          "wrong_amount": gettext_lazy("wrong amount"),
          "cancelled": gettext_lazy("request cancelled"),
          "unknown_reference": gettext_lazy("unknown payment code"),
          "duplicate_transaction": gettext_lazy("duplicate transaction"),
          "refunds_open": gettext_lazy("overpayments waiting for a refund (see /can-bo/hoan-tien/)")}


class Command(BaseCommand):
    help = ("Ask the payment providers about payments still pending whose notification never "
            "came, and record those paid. The scheduler (manage.py scheduler) runs it every "
            "MOTCUA_SCHEDULE_RECONCILE seconds.")

    def handle(self, *args, **options):
        counts = reconcile()
        summary = ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in sorted(counts.items()))
        self.stdout.write(_("Payment reconciliation: %(summary)s.")
                          % {"summary": summary or _("no payment waiting")})
