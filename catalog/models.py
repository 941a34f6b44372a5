"""The administrative procedure catalog (CSDL TTHC).

A procedure record carries the parts Decree 63/2010/NĐ-CP art. 8 requires to be published (as
amended by Decree 48/2013 and Decree 92/2017), plus the online service level of Decree 42/2022,
the "receivable anywhere in the province" flag and the electronic internal process. The current
state is the row; every change is kept as a ProcedureVersion snapshot, and each publication
decision that touched it as a PublicationItem.
"""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Agency, StaffRole


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Đất đai."""

    code = models.CharField(_("field code"), max_length=40, unique=True)
    name = models.CharField(_("field name"), max_length=200)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    PROVINCE = "province", _("province level")
    COMMUNE = "commune", _("commune level")


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("working days")
    WORKING_HOUR = "working_hour", _("working hours")
    CALENDAR_DAY = "calendar_day", _("days")
    MONTH = "month", _("months")


class OnlineLevel(models.TextChoices):
    # Decree 42/2022/NĐ-CP art. 11: full-process online, partial online; "none" is an
    # information-only service (the procedure is described online but submitted on paper).
    FULL = "full", _("full-process online")
    PARTIAL = "partial", _("partially online")
    NONE = "none", _("information only")


class ProcedureQuerySet(models.QuerySet):
    def active_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=day))

    def abolished_on_or_before(self, day=None):
        day = day or timezone.localdate()
        return self.filter(abolished_on__lte=day)


class ResultTemplate(models.TextChoices):
    """The kinds of result document a procedure issues (results/documents.py fills each)."""

    EXTRACT = "extract", _("civil status extract")
    LICENCE = "licence", _("licence")
    CERTIFICATE = "certificate", _("certificate")
    DECISION = "decision", _("decision")
    CERTIFIED_COPY = "certified_copy", _("certified copy")
    CONFIRMATION = "confirmation", _("confirmation")
    WRITTEN_ANSWER = "written_answer", _("written answer")


class Procedure(models.Model):
    code = models.CharField(_("procedure code"), max_length=40, unique=True)
    name = models.CharField(_("procedure name"), max_length=500)
    field = models.ForeignKey(
        Field, models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # As published: "Ủy ban nhân dân cấp xã", "Sở Tư pháp"; the competent agency row (for
    # province-level procedures) lets dossiers be routed; commune-level procedures go to the
    # People's Committee of the commune concerned.
    implementing_agency = models.CharField(_("implementing agency"), max_length=300, blank=True)
    agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="procedures",
        verbose_name=_("competent agency"),
    )
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    accepts_counter = models.BooleanField(_("submission at the counter"), default=True)
    accepts_post = models.BooleanField(_("submission by public post"), default=False)
    accepts_online = models.BooleanField(_("online submission"), default=False)
    method_note = models.TextField(_("method"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    processing_time = models.DecimalField(
        _("processing time"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("time unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    processing_time_note = models.CharField(_("processing time note"), max_length=500, blank=True)
    applicants = models.TextField(_("applicants"), blank=True)
    # Whether people (cá nhân, công dân) are among the applicants, not only organisations:
    # the denominator of 766 indicator 4.5a (procedures that can use the population database).
    for_citizens = models.BooleanField(_("citizens among the applicants"), default=True,
                                       db_default=True)
    result = models.TextField(_("result"), blank=True)
    result_electronic = models.BooleanField(_("electronic result issued"), default=False)
    # Which result document the unit issues (results/documents.py): empty reads it from the
    # result's name ("Giấy phép…" a licence, "Trích lục…" an extract, ...).
    result_template = models.CharField(_("result template"), max_length=20, blank=True,
                                       default="", db_default="",
                                       choices=ResultTemplate.choices)
    no_fee = models.BooleanField(
        _("no fee or charge"), default=False,
        help_text=_("Tick when the procedure has no fee or charge, so the part counts as published."),
    )
    online_level = models.CharField(
        _("online service level"), max_length=10, choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    receivable_anywhere = models.BooleanField(
        _("receivable anywhere in the province"), default=False
    )
    inter_agency = models.BooleanField(_("inter-agency procedure"), default=False)
    bundled = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="bundles",
        verbose_name=_("bundled procedures"),
    )
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Derived and stored (recomputed by catalog.actions.refresh_derived), for indicator 1.3 and
    # for search: never edited by hand.
    fully_published = models.BooleanField(_("fully published"), default=False, editable=False)
    missing_parts = models.JSONField(_("missing parts"), default=list, editable=False)
    search_name = models.CharField(max_length=600, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_keywords = models.CharField(max_length=600, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "field"])]

    def __str__(self):
        return f"{self.code} · {self.name}"

    def is_abolished(self, day=None):
        day = day or timezone.localdate()
        return self.abolished_on is not None and self.abolished_on <= day

    def accepts_dossiers(self, day=None):
        """Published, not abolished: the condition for a new dossier."""
        return not self.is_abolished(day) and any(
            item.action != PublicationItem.Action.ABOLISHED for item in self.publication_items.all()
        )

    def methods(self):
        return [m for m, on in (("counter", self.accepts_counter), ("post", self.accepts_post),
                                ("online", self.accepts_online)) if on]

    def fees_on(self, day=None):
        day = day or timezone.localdate()
        return [f for f in self.fees.all() if f.applies_on(day)]

    def step_list(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class Component(models.Model):
    """A document of the dossier (thành phần hồ sơ)."""

    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="components", verbose_name=_("procedure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("document name"), max_length=600)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    template_name = models.CharField(_("form template"), max_length=300, blank=True)
    template_file = models.FileField(
        _("template file"), upload_to="catalog/templates/", blank=True
    )
    # Resolution 66.7/2025/NQ-CP: a paper replaced by data from a national database is not
    # asked of the applicant; data_source names the database.
    replaced_by_data = models.BooleanField(_("replaced by data"), default=False)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["procedure", "position", "id"]

    def __str__(self):
        return self.name


class FormField(models.Model):
    """A piece of information the procedure's declaration form asks (tờ khai): the child's name
    on a birth registration, the floor area on a building permit. The online form and the counter
    screen are generated from these; the answers are kept on the dossier (Dossier.form_data),
    checked by catalog.formfields.check_form_data."""

    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        TEXTAREA = "textarea", _("long text")
        DATE = "date", _("date")
        NUMBER = "number", _("number")
        CHOICE = "choice", _("choice")
        YESNO = "yesno", _("yes or no")

    class Prefill(models.TextChoices):
        # What a registry record already holds about the applicant (DOMAIN.md §7: asked once).
        NONE = "", _("nothing")
        BIRTH_DATE = "birth_date", _("applicant's date of birth")
        GENDER = "gender", _("applicant's gender")
        PERMANENT_ADDRESS = "permanent_address", _("applicant's permanent address")
        CURRENT_ADDRESS = "current_address", _("applicant's current address")

    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="form_fields", verbose_name=_("procedure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=40,
                           help_text=_("Lower-case letters, digits and underscores; the name of "
                                       "the answer in the dossier's data and the API."))
    label = models.CharField(_("label"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    prefill = models.CharField(_("prefilled from"), max_length=20, blank=True,
                               choices=Prefill.choices, default=Prefill.NONE)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["procedure", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["procedure", "key"],
                                               name="one_form_field_per_key")]

    def __str__(self):
        return self.label

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Fee(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("fee")  # phí
        CHARGE = "charge", _("charge")  # lệ phí

    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="fees", verbose_name=_("procedure")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("exemptions and notes"), blank=True)

    class Meta:
        verbose_name = _("fee or charge")
        verbose_name_plural = _("fees and charges")
        ordering = ["procedure", "kind", "valid_from", "id"]

    def __str__(self):
        return f"{self.description}: {self.amount:,} đ".replace(",", ".")

    def applies_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class LegalBasis(models.Model):
    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="legal_bases", verbose_name=_("procedure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    number = models.CharField(_("document number"), max_length=120)
    title = models.CharField(_("title"), max_length=600)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["procedure", "position", "id"]

    def __str__(self):
        return f"{self.number} {self.title}"


class ProcessStep(models.Model):
    """A step of the electronic internal process (quy trình nội bộ)."""

    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="process_steps", verbose_name=_("procedure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("step"), max_length=300)
    role = models.CharField(_("performing role"), max_length=20, choices=StaffRole.Role.choices)
    performer = models.CharField(_("performing unit"), max_length=300)
    # Inter-agency (liên thông) steps name the agency they cross to; empty = the competent agency.
    agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="process_steps",
        verbose_name=_("agency"),
    )
    duration = models.DecimalField(_("time share"), max_digits=7, decimal_places=2)
    # At this step the leader may decide without a proposal; by default the specialist
    # submits the decision for signature (trình ký) and the leader signs it or sends it back.
    leader_decides = models.BooleanField(_("leader decides without a proposal"), default=False,
                                         db_default=False)

    class Meta:
        verbose_name = _("internal process step")
        verbose_name_plural = _("internal process steps")
        ordering = ["procedure", "position", "id"]

    def __str__(self):
        return self.name


class PublicationDecision(models.Model):
    """A decision of the provincial chairman publishing procedures (quyết định công bố)."""

    number = models.CharField(_("decision number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=600)
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective on"))
    publicised_on = models.DateField(_("publicised on"), null=True, blank=True)
    signer = models.CharField(_("signer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("publication decision")
        verbose_name_plural = _("publication decisions")
        ordering = ["-signed_on", "number"]

    def __str__(self):
        return self.number


class PublicationItem(models.Model):
    class Action(models.TextChoices):
        NEW = "new", _("new")
        AMENDED = "amended", _("amended or supplemented")
        REPLACED = "replaced", _("replaced")
        ABOLISHED = "abolished", _("abolished")

    decision = models.ForeignKey(
        PublicationDecision, models.CASCADE, related_name="items", verbose_name=_("decision")
    )
    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="publication_items", verbose_name=_("procedure")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    replaces = models.ForeignKey(
        Procedure, models.SET_NULL, null=True, blank=True, related_name="replaced_by_items",
        verbose_name=_("replaces"),
    )

    class Meta:
        verbose_name = _("published procedure")
        verbose_name_plural = _("published procedures")
        ordering = ["decision__signed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "procedure"], name="unique_item_per_decision"),
        ]

    def __str__(self):
        return f"{self.decision} · {self.procedure.code} · {self.get_action_display()}"


class ProcedureVersion(models.Model):
    """A snapshot of a procedure after each change: the procedure's history."""

    procedure = models.ForeignKey(
        Procedure, models.CASCADE, related_name="versions", verbose_name=_("procedure")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    decision = models.ForeignKey(
        PublicationDecision, models.SET_NULL, null=True, blank=True, related_name="versions",
        verbose_name=_("decision"),
    )
    source = models.CharField(_("source"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_procedure_version"),
        ]

    def __str__(self):
        return f"{self.procedure.code} v{self.number}"


