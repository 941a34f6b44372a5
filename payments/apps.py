from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from dossiers.signals import dossier_changed
        from payments.actions import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="payments-counter-payment")
