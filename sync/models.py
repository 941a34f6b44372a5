"""The outbox towards the National Public Service Portal (DOMAIN.md §6).

Every change of a dossier writes, in its own transaction, the records the portal must get: a
place for the dossier's record (DongBoHoSoMC), built when it is sent and sent only when its
content changed, and the step (CapNhatTienDoHoSoMC) of every event. They are sent in `seq` order
per dossier by sync.outbox.sync_dossier.
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
    # The send in flight: a worker claims the dossier's next record (token, until when), lets
    # go of the row lock for the network call and records the answer under its token. Another
    # worker leaves the dossier alone until the claim expires (a worker killed mid-send).
    sending_token = models.CharField(max_length=32, blank=True)
    sending_until = models.DateTimeField(null=True, blank=True)

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
        UNCHANGED = "unchanged", _("unchanged since the last version, not sent")
        FAILED = "failed", _("failed")

    # No index of its own: one_sync_message_per_seq (dossier, seq) serves lookups by dossier.
    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="sync_messages",
                                verbose_name=_("dossier"), db_index=False)
    seq = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # A dossier record's version and payload are 0 and {} until the worker builds it.
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


class InboundRecord(models.Model):
    """One thing the national portal sent about a dossier filed there (sync/inbound.py): a new
    filing, a supplement answered, a payment made on the national payment platform, or a
    withdrawal asked for. Kept whatever became of it: taken (with the dossier), refused back
    with the reason (a supervisor sees the list), or waiting to be tried again (a file that
    could not be fetched yet). Acknowledged to the portal only after it was committed here."""

    class Kind(models.TextChoices):
        FILING = "filing", _("dossier filed")
        SUPPLEMENT = "supplement", _("supplement answered")
        PAYMENT = "payment", _("payment on the national platform")
        WITHDRAWAL = "withdrawal", _("withdrawal asked")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("taken")
        REFUSED = "refused", _("refused back to the portal")
        WAITING = "waiting", _("to be tried again")

    class Via(models.TextChoices):
        PULL = "pull", _("pulled")
        PUSH = "push", _("pushed")

    event_id = models.CharField(_("portal event"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("national portal reference"), max_length=64, db_index=True)
    via = models.CharField(_("received by"), max_length=4, choices=Via.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    # Where the reason points in the record (a field name), for the supervisor.
    field = models.CharField(_("field"), max_length=100, blank=True)
    dossier = models.ForeignKey(Dossier, models.SET_NULL, null=True, blank=True,
                                related_name="inbound_records", verbose_name=_("dossier"))
    # The unit the record names, when MotCua knows it (who among supervisors sees a refusal).
    agency = models.ForeignKey("units.Agency", models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("unit"))
    payload = models.JSONField(_("record"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    ack_error = models.TextField(_("last acknowledgement error"), blank=True)

    class Meta:
        verbose_name = _("record from the national portal")
        verbose_name_plural = _("records from the national portal")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["received_at"], name="inbound_unacknowledged",
                         condition=models.Q(acknowledged_at__isnull=True)
                         & ~models.Q(status="waiting")),
            models.Index(fields=["-received_at"], name="inbound_refused",
                         condition=models.Q(status="refused")),
        ]

    def __str__(self):
        return f"{self.kind} {self.reference}: {self.status}"


class InboundCursor(models.Model):
    """Where MotCua stands in the portal's feed of new records (pull): moved only past what
    was committed here."""

    name = models.CharField(max_length=40, primary_key=True)
    position = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
