from django.core.management.base import BaseCommand, CommandError

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
                f"Mã tỉnh không tồn tại: {', '.join(map(str, unknown))}. "
                f"Các mã hợp lệ: {', '.join(map(str, known_province_codes()))}."
            )
        report = ImportReport()
        for code in codes:
            import_province(code, report)
        self.stdout.write(
            f"{report.provinces} tỉnh/thành phố, {report.communes} đơn vị cấp xã, "
            f"{report.agencies} cơ quan, {report.centers} trung tâm phục vụ hành chính công "
            f"(mới: {report.created['units']} đơn vị, {report.created['agencies']} cơ quan, "
            f"{report.created['centers']} trung tâm)."
        )
