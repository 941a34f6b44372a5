"""Take what was filed on the national portal: read its feed from MotCua's position once
(the scheduler's national_pull job does this every MOTCUA_DVCQG_PULL_SECONDS)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from integrations.national.registry import portal
from sync import inbound

LABELS = {"accepted": gettext_lazy("taken"), "refused": pgettext_lazy("inbound record", "refused"),
          "waiting": gettext_lazy("waiting to be tried again"),
          "unavailable": gettext_lazy("the portal did not answer"),
          "acknowledged_late": gettext_lazy("acknowledged late")}


class Command(BaseCommand):
    help = "Receive the dossiers and events filed on the national portal (one pass of its feed)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=None,
                            help="read at most this many pages of the feed")

    def handle(self, *args, pages=None, **options):
        if portal() is None:
            self.stderr.write(_("The national portal is not configured (MOTCUA_DVCQG_URL)."))
            return
        counts = inbound.pull(pages=pages)
        summary = ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in sorted(counts.items()) if n)
        self.stdout.write(_("From the national portal: %(summary)s.")
                          % {"summary": summary or _("nothing new")})
