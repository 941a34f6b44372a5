"""Bring procedures published in the national database (the portal's LayThuTuc) into the local
catalog: all or nothing, with an error list naming each problem."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.interchange import CatalogError
from integrations.national.registry import portal
from sync.national_catalog import check_national, do_import_national


class Command(BaseCommand):
    help = "Import procedure updates from the national portal's catalog (LayThuTuc)."

    def handle(self, *args, **options):
        plugin = portal()
        if plugin is None:
            raise CommandError(_("The national portal is not configured (MOTCUA_DVCQG_URL)."))
        try:
            records = plugin.procedures()
        except ConnectionError as exc:
            raise CommandError(_("Cannot fetch the catalog from the national portal: %(error)s")
                               % {"error": exc}) from exc
        try:
            cleaned = check_national(records)
        except CatalogError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error['location']} {error['field']}: {error['reason']}")
            raise CommandError(_("%(n)d errors: no procedure imported.") % {"n": len(exc.errors)}) \
                from exc
        changed = do_import_national(cleaned)
        self.stdout.write(_("Received %(n)d procedures from the national portal; %(changed)d "
                            "changed: %(codes)s.")
                          % {"n": len(records), "changed": len(changed),
                             "codes": ", ".join(changed) or _("none")})
