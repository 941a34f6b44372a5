from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to a person through one channel, about one event of their dossier."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="notifications",
                                verbose_name=_("dossier"), null=True, blank=True)
    event = models.ForeignKey("dossiers.DossierEvent", models.CASCADE, related_name="+",
                              verbose_name=_("event"), null=True, blank=True)
    # A message to a staff member about something else than a dossier (an assigned task):
    # the account, and the code of what it is about.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("account"))
    reference = models.CharField(_("about"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=20)
    channel = models.CharField(_("channel"), max_length=20)
    address = models.CharField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["event", "channel"],
                                               name="one_notification_per_event_channel")]


class ContactCheck(models.Model):
    """A one-time code sent to a phone or e-mail address, to prove that the person who gave it
    holds it (integrations/notify/codes.py). Only a keyed hash of the code is kept."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")

    purpose = models.CharField(_("purpose"), max_length=20)
    kind = models.CharField(_("kind of address"), max_length=5, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=254)
    channel = models.CharField(_("channel"), max_length=20)
    nonce = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    client = models.CharField(_("client address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("valid until"))
    failures = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact verification")
        verbose_name_plural = _("contact verifications")
        indexes = [models.Index(fields=["address", "created_at"], name="contact_checks_by_address"),
                   models.Index(fields=["client", "created_at"], name="contact_checks_by_client")]
