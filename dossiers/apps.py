from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from catalog.models import (
            Component,
            Fee,
            FormField,
            Procedure,
            ProcessStep,
            PublicationDecision,
            PublicationItem,
        )
        from motcua.memo import invalidate_on
        from units.models import Agency, ServiceCenter

        # What intake keeps of the catalog and the units (dossiers.actions).
        invalidate_on(Procedure, PublicationItem, PublicationDecision, ProcessStep, Component,
                      FormField, Fee, Agency, ServiceCenter)
