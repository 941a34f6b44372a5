"""Project-wide records: idempotency keys of the API's writes."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an Idempotency-Key, kept in the same transaction
    as the write: a client that never heard it (a lost connection, a killed worker) sends the
    same request again and gets it, without a second dossier or a second action."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+",
                             verbose_name=_("account"))
    key = models.CharField(_("idempotency key"), max_length=200)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("answer"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="one_answer_per_key")]
