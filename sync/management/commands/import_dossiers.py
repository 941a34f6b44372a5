"""Import dossiers from a previous one-stop system, in the national portal's format
(DongBoHoSoMC records with their QuaTrinhXuLy steps; dates yyyyMMddHHmmss): a JSON list or
{"data": [...]}. Bad rows are reported by row, field and reason and not imported; each good
row is imported whole; a dossier already here is left alone (importing twice changes nothing).
`--check` only validates."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sync.legacy import NOT_CARRIED, check_rows, do_import_row
from workcalendar import calendars


class Command(BaseCommand):
    help = "Import dossiers from a previous system (national portal sync format)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--check", action="store_true", help="validate only")

    def handle(self, *args, file, check=False, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                records = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(_("Cannot read the file %(path)s: %(error)s")
                               % {"path": file, "error": exc}) from exc
        rows, errors = check_rows(records)
        for error in errors:
            self.stderr.write(_("row %(row)s %(field)s: %(reason)s") % error)
        if check:
            self.stdout.write(_("%(rows)d valid rows, %(errors)d errors.")
                              % {"rows": len(rows), "errors": len(errors)})
            return
        rules = calendars.YearlyRules()
        imported = sum(do_import_row(row, rules) for row in rows)
        self.stdout.write(_("Imported %(imported)d dossiers; %(held)d were here already; "
                            "%(errors)d errors (rows with errors are not imported).")
                          % {"imported": imported, "held": len(rows) - imported,
                             "errors": len(errors)})
        self.stdout.write(str(NOT_CARRIED))
        if errors:
            raise CommandError(_("%(n)d errors.") % {"n": len(errors)})
