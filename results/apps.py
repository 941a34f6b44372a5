from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Electronic results")

    def ready(self):
        from dossiers.signals import dossier_changed
        from results.actions import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="results-issue")
