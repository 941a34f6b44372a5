"""Payments of a dossier's fee lines, each with its electronic receipt (biên lai)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, FeeLine


class Payment(models.Model):
    """One payment of some of a dossier's fee lines, online through a provider (VietQR bank
    transfer, the national payment platform...) or at the counter. Paid exactly once: a
    provider's transaction is recorded once, and a paid payment gets one receipt number."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for payment")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="payments",
                                verbose_name=_("dossier"))
    lines = models.ManyToManyField(FeeLine, related_name="payments", verbose_name=_("fee lines"))
    # What the payer quotes (in the transfer message): short, unique, no diacritics.
    reference = models.CharField(_("payment reference"), max_length=20, unique=True)
    provider = models.CharField(_("payment provider"), max_length=40)
    # DuocThanhToanTrucTuyen: 1 national payment platform, 2 the province's gateway; none at
    # the counter.
    platform = models.PositiveSmallIntegerField(_("platform"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    instructions = models.JSONField(_("payment instructions"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("by"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    transaction_id = models.CharField(_("provider's transaction"), max_length=100, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, null=True,
                                      blank=True, unique=True)
    payer = models.CharField(_("payer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            # The same transaction of a provider never pays twice.
            models.UniqueConstraint(fields=["provider", "transaction_id"],
                                    condition=~models.Q(transaction_id=""),
                                    name="one_payment_per_provider_transaction"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="payments_by_status")]

    def __str__(self):
        return self.reference

    @property
    def online(self):
        return self.platform is not None


class Callback(models.Model):
    """A provider's notification, kept once per (provider, event id): a replay of the same
    notification is recognised and changes nothing."""

    provider = models.CharField(_("payment provider"), max_length=40)
    event_id = models.CharField(_("event"), max_length=120)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    payment = models.ForeignKey(Payment, models.SET_NULL, null=True, blank=True,
                                related_name="callbacks", verbose_name=_("payment"))
    outcome = models.CharField(_("outcome"), max_length=30)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"],
                                               name="one_callback_per_event")]


class DemoSettlement(models.Model):
    """The demo provider's own books: transfers it has settled. Reconciliation reads them as it
    would read a bank statement. Development and tests only."""

    reference = models.CharField(max_length=20, db_index=True)
    amount = models.PositiveBigIntegerField()
    transaction_id = models.CharField(max_length=100, unique=True)
    settled_at = models.DateTimeField()


class Refund(models.Model):
    """Money received that is not owed: a second payment of a fee already paid, or a payment of
    a request that was replaced. An officer of the dossier's unit returns it (or sets it
    against another fee) and records that here; the reconciliation report lists the open ones."""

    class Reason(models.TextChoices):
        OVERPAID = "overpaid", _("paid twice")
        SUPERSEDED = "superseded", _("paid a replaced request")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="refunds",
                                verbose_name=_("dossier"))
    payment = models.ForeignKey(Payment, models.CASCADE, related_name="refunds",
                                verbose_name=_("payment"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    provider = models.CharField(_("payment provider"), max_length=40)
    transaction_id = models.CharField(_("provider's transaction"), max_length=100)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"))
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refunded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("refunded by"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["refunded_at", "-received_at"]
        constraints = [models.UniqueConstraint(fields=["provider", "transaction_id"],
                                               name="one_refund_per_provider_transaction")]

    def __str__(self):
        return f"{self.payment.reference}: {self.amount}"
