from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units.importing import ImportReport, import_province, known_province_codes


class Command(BaseCommand):
    help = (
        "Import provinces and their commune-level units (official statistics codes after "
        "01/7/2025) with their People's Committees, departments and service centers."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--province", type=int, action="append",
                           help="statistics code of a province, e.g. 31 for Hải Phòng; repeatable")
        group.add_argument("--all", action="store_true", help="all 34 provinces")

    def handle(self, *args, **options):
        codes = known_province_codes() if options["all"] else options["province"]
        unknown = sorted(set(codes) - set(known_province_codes()))
        if unknown:
            raise CommandError(
                _("Unknown province codes: %(unknown)s. Valid codes: %(known)s.")
                % {"unknown": ", ".join(map(str, unknown)),
                   "known": ", ".join(map(str, known_province_codes()))}
            )
        report = ImportReport()
        for code in codes:
            import_province(code, report)
        self.stdout.write(
            _("%(provinces)d provinces or cities, %(communes)d communes, %(agencies)d agencies, "
              "%(centers)d public administrative service centers (new: %(new_units)d units, "
              "%(new_agencies)d agencies, %(new_centers)d centers).")
            % {"provinces": report.provinces, "communes": report.communes,
               "agencies": report.agencies, "centers": report.centers,
               "new_units": report.created["units"], "new_agencies": report.created["agencies"],
               "new_centers": report.created["centers"]}
        )
