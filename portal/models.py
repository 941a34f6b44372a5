"""People who use the portal, how they sign in, their drafts and their data store."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Procedure
from dossiers.models import StoredFile


class Person(models.Model):
    """The citizen or business behind a portal account, as their identity provider vouched."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="person",
                                verbose_name=_("account"))
    full_name = models.CharField(_("full name"), max_length=200)
    id_number = models.CharField(_("identity number"), max_length=20, blank=True, db_index=True)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Whether the latest sign-in went through VNeID (recorded on each dossier filed).
    vneid = models.BooleanField(_("signed in with VNeID"), default=False)
    # A business's account: its tax code and name; the fields above are its representative's.
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, db_index=True)
    organization_name = models.CharField(_("organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.display_name

    @property
    def is_business(self):
        return bool(self.tax_code)

    @property
    def display_name(self):
        if self.is_business:
            return f"{self.organization_name} ({self.full_name})"
        return self.full_name


class IdentityLink(models.Model):
    """An account at an identity provider (provider, subject) tied to a portal account."""

    provider = models.CharField(_("identity provider"), max_length=40)
    subject = models.CharField(_("subject"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="identity_links", verbose_name=_("account"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), auto_now=True)

    class Meta:
        verbose_name = _("identity link")
        verbose_name_plural = _("identity links")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"],
                                               name="one_account_per_identity")]


class Draft(models.Model):
    """An online application not yet submitted: one per person and procedure."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="drafts",
                             verbose_name=_("account"))
    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="+",
                                  verbose_name=_("procedure"))
    data = models.JSONField(_("form data"), default=dict, blank=True)
    # Databases consulted to prefill the form (DOMAIN.md §6), carried onto the dossier.
    consulted = models.JSONField(_("databases consulted"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("draft application")
        verbose_name_plural = _("draft applications")
        constraints = [models.UniqueConstraint(fields=["user", "procedure"],
                                               name="one_draft_per_procedure")]


class DraftFile(StoredFile):
    """A document uploaded into a draft; it moves to the dossier when the draft is filed."""

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="files",
                              verbose_name=_("draft"))
    component_name = models.CharField(_("document"), max_length=600)
    # Taken from the person's data store instead of uploaded (a reuse, DOMAIN.md §7).
    from_store = models.ForeignKey("StoredDocument", models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("taken from the data store"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft document")
        verbose_name_plural = _("draft documents")
        constraints = [models.UniqueConstraint(fields=["draft", "component_name"],
                                               name="one_file_per_draft_component")]


class StoredDocument(StoredFile):
    """The person's electronic data store (kho quản lý dữ liệu điện tử, Circular 01/2023):
    papers digitised at a counter, results issued to them, each with its digitisation code.
    A document here is not asked for again: it fills a component of a new application."""

    class Kind(models.TextChoices):
        DIGITISED = "digitised", _("digitised paper")
        RESULT = "result", _("electronic result")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="stored_documents", verbose_name=_("account"))
    title = models.CharField(_("document"), max_length=600)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    digitisation_code = models.CharField(_("digitisation code"), max_length=80, blank=True)
    issued_by = models.CharField(_("issued or digitised by"), max_length=300, blank=True)
    source_dossier = models.ForeignKey("dossiers.Dossier", models.SET_NULL, null=True,
                                       blank=True, related_name="+",
                                       verbose_name=_("from dossier"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["-created_at"]
