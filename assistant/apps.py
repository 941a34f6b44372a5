from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = _("Assistant")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from assistant.knowledge import forget
        from assistant.models import Faq
        from catalog.models import Component, Fee, LegalBasis, Procedure
        from feedback.models import Petition

        # A change saved in this process is answered from at once; other processes see it
        # within MOTCUA_ASSISTANT_RECHECK seconds (the catalog's signature moves).
        for model in (Procedure, Fee, Component, LegalBasis, Petition, Faq):
            post_save.connect(forget, sender=model, dispatch_uid=f"assistant-{model.__name__}")
            post_delete.connect(forget, sender=model,
                                dispatch_uid=f"assistant-del-{model.__name__}")
