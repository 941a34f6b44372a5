import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from assistant import knowledge


class Command(BaseCommand):
    help = "Build the assistant's index now (embeds what is new in the catalog and stores it)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        index = knowledge.current()
        self.stdout.write(_("Assistant: %(n)d documents indexed in %(s).1f s.")
                          % {"n": len(index.docs), "s": time.perf_counter() - started})
