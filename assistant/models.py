"""The assistant's knowledge (passages of the official catalog, published PAKN answers and the
administrators' FAQs, each with its embedding) and what it was asked (kept without personal
data, for the supervisors to see where the catalog is unclear)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Faq(models.Model):
    """A question and its official answer, added by administrators where the catalog's own
    text does not answer what people ask."""

    question = models.CharField(_("question"), max_length=500)
    answer = models.TextField(_("answer"))
    procedure = models.ForeignKey("catalog.Procedure", models.CASCADE, null=True, blank=True,
                                  related_name="faqs", verbose_name=_("procedure"))
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["question"]

    def __str__(self):
        return self.question


class Embedding(models.Model):
    """A passage's vector, kept by the SHA-256 of its text: a refresh embeds only new text.
    float32 little-endian bytes (pgvector is not required; the vectors are read into memory)."""

    digest = models.CharField(max_length=64, unique=True)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class Asked(models.Model):
    """One question asked, its personal data stripped (numbers, e-mails, dossier codes)."""

    class Channel(models.TextChoices):
        WEB = "web", _("portal chat")
        API = "api", _("API")
        ZALO = "zalo", _("Zalo")

    text = models.CharField(_("question (personal data removed)"), max_length=500)
    key = models.CharField(_("grouping key"), max_length=200, db_index=True)
    intent = models.CharField(_("intent"), max_length=20)
    procedure_code = models.CharField(_("procedure found"), max_length=40, blank=True)
    confidence = models.DecimalField(_("confidence"), max_digits=4, decimal_places=3)
    answered = models.BooleanField(_("answered"))
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("question asked")
        verbose_name_plural = _("questions asked")
        ordering = ["-at"]
