"""Electronic results: the signed PDF issued for a dossier, verifiable by anyone from its QR."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, StoredFile


class Result(StoredFile):
    """A result document (kết quả giải quyết điện tử) generated from the dossier and signed
    (PAdES) with the unit's certificate. Its verification code, printed in the QR code at the
    top left, opens /xac-thuc/<code>, which says whether it is authentic, unaltered and valid."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("result granted")
        REFUSED = "refused", _("written refusal")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="results",
                                verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number"), max_length=60, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    signer = models.CharField(_("signed by"), max_length=300)
    # A result may be withdrawn or replaced later (e.g. corrected): then it is no longer valid.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("electronic result")
        verbose_name_plural = _("electronic results")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.number} ({self.dossier.code})"
