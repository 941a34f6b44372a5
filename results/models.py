"""Electronic results: the signed PDF issued for a dossier, verifiable by anyone from its QR."""

from django.conf import settings
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

    class Status(models.TextChoices):
        # Reserved with the decision (number, codes); signed by a job after it commits.
        SIGNING = "signing", _("being signed")
        SIGNED = "signed", _("signed")
        FAILED = "failed", _("signing failed")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="results",
                                verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number"), max_length=60, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    # The link the national portal (and the person's own pages) download the signed file by:
    # unguessable and separate from the printed verification code, which anyone holding the
    # paper can read and which must not give out the person's document.
    download_token = models.CharField(_("download token"), max_length=48, unique=True,
                                      null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    signer = models.CharField(_("signed by"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.SIGNED)
    # What the signing job needs and what it met: the refusal's reason, the leader who decided
    # (the PDF names them), and the last failure, shown on the dossier until signed again.
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    error = models.TextField(_("signing error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("signing attempts"), default=0)
    # The file exists once signed.
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # A result may be withdrawn or replaced later (e.g. corrected): then it is no longer valid.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("electronic result")
        verbose_name_plural = _("electronic results")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.number} ({self.dossier.code})"

    def download_url(self):
        """The absolute link that serves the signed file to whoever holds it (the national
        portal, for the person); empty for a result issued before links existed."""
        from django.conf import settings
        from django.urls import reverse

        if not self.download_token:
            return ""
        return settings.MOTCUA_PUBLIC_URL + reverse("result-download",
                                                    args=[self.download_token])

    def verification_url(self):
        from django.conf import settings
        from django.urls import reverse

        return settings.MOTCUA_PUBLIC_URL + reverse("verify", args=[self.verification_code])
