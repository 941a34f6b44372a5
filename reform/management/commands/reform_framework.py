"""Export a reform index framework to Excel, import one, or begin a year from the last."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reform import excel
from reform.actions import copy_framework
from reform.models import Framework


class Command(BaseCommand):
    help = ("Reform index frameworks: --export YEAR UNIT_TYPE FILE.xlsx, --import FILE.xlsx "
            "--year YEAR --unit-type department|commune, or --copy FROM_YEAR TO_YEAR "
            "--unit-type ...")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--export", nargs=3, metavar=("YEAR", "UNIT_TYPE", "FILE"))
        group.add_argument("--import", dest="source", metavar="FILE")
        group.add_argument("--copy", nargs=2, type=int, metavar=("FROM_YEAR", "TO_YEAR"))
        parser.add_argument("--year", type=int)
        parser.add_argument("--unit-type", choices=Framework.UnitType.values)
        parser.add_argument("--name", default="")

    def handle(self, *args, export=None, source=None, copy=None, year=None, unit_type=None,
               name="", **options):
        if export:
            year, unit_type, path = export
            framework = self._framework(year, unit_type)
            Path(path).write_bytes(excel.export(framework))
            self.stdout.write(_("Exported %(framework)s to %(path)s.")
                              % {"framework": framework, "path": path})
            return
        if copy:
            if not unit_type:
                raise CommandError(_("--copy needs --unit-type."))
            try:
                made = copy_framework(self._framework(copy[0], unit_type), copy[1])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(_("Made %(framework)s.") % {"framework": made})
            return
        if not (year and unit_type):
            raise CommandError(_("--import needs --year and --unit-type."))
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read the file %(path)s: %(error)s")
                               % {"path": source, "error": exc.strerror}) from None
        try:
            framework = excel.do_import(excel.check_import(data, year, unit_type, name))
        except excel.FrameworkError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error['location'] or '-'}\t{error['reason']}")
            raise CommandError(_("%(n)d errors, nothing was imported.")
                               % {"n": len(exc.errors)}) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(_("Imported %(framework)s.") % {"framework": framework})

    def _framework(self, year, unit_type):
        try:
            year = int(year)
        except ValueError:
            raise CommandError(_("The year must be a number.")) from None
        framework = Framework.objects.filter(year=year, unit_type=unit_type).first()
        if framework is None:
            raise CommandError(_("No framework for %(year)s and %(units)s.")
                               % {"year": year, "units": unit_type})
        return framework
