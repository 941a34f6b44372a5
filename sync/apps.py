from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = _("National portal sync")

    def ready(self):
        from dossiers.signals import dossier_changed
        from sync.outbox import on_dossier_changed

        # Connected after results and payments (INSTALLED_APPS order): the record sent
        # includes the result issued and the payment recorded in the same change.
        dossier_changed.connect(on_dossier_changed, dispatch_uid="sync-national-portal")
