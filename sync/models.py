"""The outbox towards the National Public Service Portal (DOMAIN.md §6).

Every change of a dossier writes, in its own transaction, the records the portal must get: the
dossier's record (DongBoHoSoMC) when its content changed, and the step (CapNhatTienDoHoSoMC) of
every event. They are sent in `seq` order per dossier by sync.outbox.sync_dossier.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier


class DossierSync(models.Model):
    """Where a dossier stands with the national portal."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SYNCED = "synced", _("synced")
        FAILED = "failed", _("failed")

    dossier = models.OneToOneField(Dossier, models.CASCADE, primary_key=True,
                                   related_name="national_sync", verbose_name=_("dossier"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices,
                             default=State.PENDING)
    next_seq = models.PositiveIntegerField(default=1)
    version = models.PositiveIntegerField(_("record version"), default=0)
    payload_hash = models.CharField(max_length=64, blank=True)
    # The portal holds the dossier's record: later versions go as updates, never as new.
    created_remote = models.BooleanField(_("held by the portal"), default=False)
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("national portal sync")
        verbose_name_plural = _("national portal sync")
        indexes = [models.Index(fields=["state"], name="sync_by_state",
                                condition=~models.Q(state="synced"))]

    def __str__(self):
        return f"{self.dossier_id}: {self.state}"


class SyncMessage(models.Model):
    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("dossier record (DongBoHoSoMC)")
        STEP = "step", _("progress step (CapNhatTienDoHoSoMC)")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        SUPERSEDED = "superseded", _("replaced by a later version")
        FAILED = "failed", _("failed")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="sync_messages",
                                verbose_name=_("dossier"))
    seq = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version or step"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sync record")
        verbose_name_plural = _("sync records")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"],
                                               name="one_sync_message_per_seq")]
        indexes = [models.Index(fields=["dossier", "seq"], name="sync_unsent",
                                condition=models.Q(status__in=["pending", "failed"]))]
