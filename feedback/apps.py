from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Citizens' feedback")

    def ready(self):
        from dossiers.signals import dossier_changed
        from feedback.ratings import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="feedback-rating-link")
