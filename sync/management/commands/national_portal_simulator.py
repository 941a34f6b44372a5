"""Run the local simulator of the National Public Service Portal (integrations/national/
simulator.py) on 127.0.0.1, for the demo: `make run` starts it on port 8790."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from integrations.national.simulator import Simulator


class Command(BaseCommand):
    help = "Serve a simulator of the national portal on 127.0.0.1 (development and demo)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8790)
        parser.add_argument("--token", default="")
        parser.add_argument("--host", default="127.0.0.1",
                            help="the address to listen on (0.0.0.0 inside a container)")

    def handle(self, *args, port=8790, token="", host="127.0.0.1", **options):
        simulator = Simulator(port=port, token=token, host=host)
        # Its catalog (LayThuTuc) publishes the demo procedures, as the national database would.
        from catalog.demo.procedures import document
        from sync.national_catalog import to_national

        simulator.state.procedures = [to_national(p) for p in document()["procedures"]]
        self.stdout.write(_("National portal simulator at %(url)s (GET /_records to look).")
                          % {"url": simulator.url})
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            simulator.stop()
