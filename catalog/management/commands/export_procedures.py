import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.actions import export_catalog
from catalog.excel import document_to_workbook
from catalog.models import Procedure


class Command(BaseCommand):
    help = "Export the procedure catalog as JSON (default) or Excel, in the import format."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "xlsx"], default=None)
        parser.add_argument("--output", "-o", help="file to write; default: standard output")
        parser.add_argument("--field", help="only the procedures of this field code")

    def handle(self, *args, format=None, output=None, field=None, **options):
        fmt = format or ("xlsx" if output and output.lower().endswith(".xlsx") else "json")
        qs = Procedure.objects.all()
        if field:
            qs = qs.filter(field__code=field)
        document = export_catalog(qs)
        if fmt == "xlsx":
            if not output:
                raise CommandError(_("An Excel export needs --output FILE.xlsx"))
            data = document_to_workbook(document)
        else:
            data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        if output:
            with open(output, "wb") as fh:
                fh.write(data)
            self.stderr.write(_("Exported %(n)d procedures to %(path)s.")
                              % {"n": len(document["procedures"]), "path": output})
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
