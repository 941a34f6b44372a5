"""Bring procedures published in the national database (the portal's LayThuTuc) into the local
catalog: all or nothing, with an error list naming each problem."""

from django.core.management.base import BaseCommand, CommandError

from catalog.interchange import CatalogError
from integrations.national.registry import portal
from sync.national_catalog import check_national, do_import_national


class Command(BaseCommand):
    help = "Import procedure updates from the national portal's catalog (LayThuTuc)."

    def handle(self, *args, **options):
        plugin = portal()
        if plugin is None:
            raise CommandError("Chưa cấu hình Cổng DVCQG (MOTCUA_DVCQG_URL).")
        try:
            records = plugin.procedures()
        except ConnectionError as exc:
            raise CommandError(f"Không lấy được danh mục từ Cổng DVCQG: {exc}") from exc
        try:
            cleaned = check_national(records)
        except CatalogError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error['location']} {error['field']}: {error['reason']}")
            raise CommandError(f"{len(exc.errors)} lỗi: không nhập thủ tục nào.") from exc
        changed = do_import_national(cleaned)
        self.stdout.write(f"Đã nhận {len(records)} thủ tục từ Cổng DVCQG; "
                          f"{len(changed)} thủ tục có thay đổi: {', '.join(changed) or 'không'}.")
