import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.actions import check_import, do_import_catalog
from catalog.excel import workbook_to_document
from catalog.interchange import CatalogError


def read_document(path, fmt=None):
    path = Path(path)
    fmt = fmt or ("xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "json")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(_("Cannot read the file %(path)s: %(error)s")
                           % {"path": path, "error": exc.strerror}) from None
    if fmt == "xlsx":
        try:
            return workbook_to_document(data)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(_("The file %(path)s is not valid JSON: %(error)s")
                           % {"path": path, "error": exc}) from None


class Command(BaseCommand):
    help = ("Import procedures, fields and publication decisions from a JSON or Excel file. "
            "Nothing is written unless every row is valid; errors are listed by row and field.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "xlsx"],
                            help="default: from the file name's extension")
        parser.add_argument("--check", action="store_true", help="validate only, write nothing")

    def handle(self, *args, file, format=None, check=False, **options):
        try:
            document = read_document(file, format)
            cleaned = check_import(document)
        except CatalogError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error['location'] or '-'}\t{error['field'] or '-'}\t{error['reason']}")
            raise CommandError(_("%(n)d errors, nothing was imported.") % {"n": len(exc.errors)}) \
                from None
        if check:
            self.stdout.write(_("Valid: %(n)d procedures.") % {"n": len(cleaned["procedures"])})
            return
        counts = do_import_catalog(cleaned, source=f"import:{Path(file).name}")
        self.stdout.write(
            _("Imported %(procedures)d procedures, %(fields)d fields, %(decisions)d publication "
              "decisions.") % counts
        )
