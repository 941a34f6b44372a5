from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from opendata.actions import refresh
from opendata.sources import SOURCES


class Command(BaseCommand):
    help = "Rebuild the datasets MotCua publishes from its own data (a new version where the " \
        "data changed)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", choices=sorted(SOURCES),
                            help="only these (all by default)")

    def handle(self, *args, **options):
        for key, number in refresh(options["sources"] or None).items():
            self.stdout.write(_("%(key)s: version %(n)s") % {"key": key, "n": number}
                              if number else _("%(key)s: unchanged") % {"key": key})
