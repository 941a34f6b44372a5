"""Import dossiers from a previous one-stop system, in the national portal's format
(DongBoHoSoMC records with their QuaTrinhXuLy steps; dates yyyyMMddHHmmss): a JSON list or
{"data": [...]}. Bad rows are reported by row, field and reason and not imported; each good
row is imported whole; a dossier already here is left alone (importing twice changes nothing).
`--check` only validates."""

import json

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from exc
        rows, errors = check_rows(records)
        for error in errors:
            self.stderr.write(f"dòng {error['row']} {error['field']}: {error['reason']}")
        if check:
            self.stdout.write(f"{len(rows)} dòng hợp lệ, {len(errors)} lỗi.")
            return
        rules = calendars.YearlyRules()
        imported = sum(do_import_row(row, rules) for row in rows)
        self.stdout.write(f"Đã nhập {imported} hồ sơ; {len(rows) - imported} đã có từ trước; "
                          f"{len(errors)} lỗi (các dòng lỗi không được nhập).")
        self.stdout.write(NOT_CARRIED)
        if errors:
            raise CommandError(f"{len(errors)} lỗi.")
