"""Dossiers (hồ sơ), their codes, events and pauses.

The current status is a column kept equal to the latest event; the event log is append-only.
Derived times (due_at, warn_at, overdue_since) are stored and indexed, recomputed only by
dossiers.actions when terms change (DESIGN.md "Derived time is stored").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Procedure
from dossiers import transitions as t
from dossiers.validation import PHONE, normalise_phone
from motcua.fields import FoldedCopy
from motcua.text import fold
from units.models import Agency, ServiceCenter


class Status(models.TextChoices):
    SUBMITTED = t.SUBMITTED, _("submitted")
    RECEIVED = t.RECEIVED, _("received")
    REFUSED = t.REFUSED, _("refused at reception")
    PROCESSING = t.PROCESSING, _("in processing")
    SUPPLEMENT = t.SUPPLEMENT, _("supplement requested")
    PAYMENT = t.PAYMENT, _("payment required")
    WITHDRAWN = t.WITHDRAWN, _("withdrawn")
    STOPPED = t.STOPPED, _("stopped")
    RESOLVED = t.RESOLVED, _("resolved")
    RETURNED = t.RETURNED, _("result returned")


class Channel(models.IntegerChoices):
    # KenhThucHien of the national portal.
    COUNTER = 1, _("at the counter")
    ONLINE = 2, _("online")
    POST = 3, _("by public post")


class ApplicantType(models.IntegerChoices):
    CITIZEN = 1, _("citizen")
    BUSINESS = 2, _("business")
    STATE_AGENCY = 3, _("state agency")
    OTHER = 4, _("other")


class DossierCounter(models.Model):
    """Last sequence number used by a receiving unit on a day (Circular 01/2018/TT-VPCP)."""

    unit_code = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit_code", "day"], name="unique_counter")]


def overdue_q(now):
    """The one definition of "overdue" (quá hạn): past its due date while its clock runs. A
    dossier paused for a supplement or a payment is waiting for the person, not late; one not
    yet received has no due date. Used by the inbox, the scan, the API, the pages and the
    dashboard; the 766 index judges a period by the same rule (indicators/engine.py)."""
    return Q(status__in=sorted(t.CLOCK_RUNS), due_at__lt=now)


def at_risk_q(now):
    """Less than one working day left (warn_at passed), not yet overdue, clock running."""
    return Q(status__in=sorted(t.CLOCK_RUNS), warn_at__lte=now, due_at__gte=now)


class DossierQuerySet(models.QuerySet):
    """The work-list definitions, in one place for the API, the pages and the scan."""

    def open(self):
        return self.filter(status__in=t.OPEN)

    def overdue(self, now):
        return self.filter(overdue_q(now))

    def at_risk(self, now):
        return self.filter(at_risk_q(now))

    def matching(self, text):
        """What a search box finds (the API's `q`, the office's search box): a dossier code or
        its national reference, the number at the end of a code, a phone number in any of its
        written forms (0912 345 678, 0912.345.678, +84 912 345 678), an identity number, or
        part of the applicant's name."""
        text = text.strip()
        digits = normalise_phone(text)
        bare = digits[1:] if digits.startswith("+") else digits
        if bare.isdigit():
            found = Q(applicant_id_number=bare) | Q(code__endswith=bare)
            if PHONE.match(digits):  # stored as typed at intake: 0…, 84… or +84…
                national = digits.removeprefix("+").removeprefix("84") \
                    if not digits.startswith("0") else digits[1:]
                found |= Q(applicant_phone__in=["0" + national, "84" + national,
                                                "+84" + national])
            return self.filter(found)
        # A name typed without diacritics matches any: "pham van long" finds "Phạm Văn Long".
        # Typed with them, they count: "Phạm" does not find "Phầm".
        # Typed with them, the folded name still narrows the search first: its trigram index
        # (PostgreSQL, migration 0018) finds the few candidates among a city's million rows,
        # and whatever contains the text holds its folded form too.
        key = fold(text)
        name = Q(applicant_name_key__contains=key) if key else Q()
        if not (key and text.isascii()):
            name &= Q(applicant_name__icontains=text)
        return self.filter(Q(code__iexact=text) | Q(national_reference__iexact=text) | name)


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=64, unique=True)
    # The National Public Service Portal's own reference (its MaHoSo) of a dossier filed
    # there: kept beside MotCua's code, the key of everything exchanged with the portal about
    # it, and what makes receiving it twice impossible (sync/inbound.py).
    national_reference = models.CharField(_("national portal reference"), max_length=64,
                                          unique=True, null=True, blank=True)
    procedure = models.ForeignKey(Procedure, models.PROTECT, related_name="dossiers",
                                  verbose_name=_("procedure"))
    procedure_version = models.PositiveIntegerField(_("procedure version"))
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.SUBMITTED)
    # Indexed by the composite indexes below (their first column), not by separate ones.
    service_center = models.ForeignKey(ServiceCenter, models.PROTECT, related_name="dossiers",
                                       verbose_name=_("receiving center"), db_index=False)
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="dossiers",
                               verbose_name=_("processing unit"), db_index=False)
    # Who holds the dossier now: the competent unit, or the partner agency of an inter-agency
    # (liên thông) step of the internal process. The holder's staff assign and hand it over.
    current_agency = models.ForeignKey(Agency, models.PROTECT, related_name="held_dossiers",
                                       verbose_name=_("held by"), db_index=False)
    # The account that filed the dossier online (channel 2); empty for counter and post intake.
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="dossiers", db_index=False,
                                  verbose_name=_("applicant account"))
    applicant_type = models.PositiveSmallIntegerField(_("applicant type"),
                                                      choices=ApplicantType.choices)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    # The name folded, for a search typed without diacritics (Dossier.objects.matching).
    applicant_name_key = FoldedCopy(max_length=200, source="applicant_name")
    applicant_id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    # Who filed it online, from their account's identity: the applicant themselves, or someone
    # filing on the applicant's behalf with an authorisation (on_behalf). The one who filed is
    # the one told of the dossier's progress.
    on_behalf = models.BooleanField(_("filed on behalf of the applicant"), default=False,
                                    db_default=False)
    filer_name = models.CharField(_("filed by"), max_length=200, blank=True, db_default="")
    filer_id_number = models.CharField(_("filer's identity number"), max_length=20, blank=True,
                                       db_default="")
    filer_phone = models.CharField(_("filer's phone"), max_length=15, blank=True, db_default="")
    filer_email = models.EmailField(_("filer's e-mail"), blank=True, db_default="")
    components = models.JSONField(_("components submitted"), default=list, blank=True)
    # Answers to the procedure's declared form fields (catalog.FormField), by key.
    form_data = models.JSONField(_("form answers"), default=dict, blank=True)
    # For the indexes and the national sync (DOMAIN.md §6): how the applicant signed in, and
    # which national databases were consulted instead of asking for papers.
    vneid_authenticated = models.BooleanField(_("signed in with VNeID"), default=False)
    consulted = models.JSONField(_("databases consulted"), default=list, blank=True)
    # Paid online, and through which platform (DuocThanhToanTrucTuyen, DOMAIN.md §6): 1 the
    # national payment platform, 2 the province's gateway.
    paid_online = models.BooleanField(_("paid online"), default=False)
    payment_platform = models.PositiveSmallIntegerField(_("payment platform"), null=True,
                                                        blank=True)

    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # The due date the law gives (restarted after a supplement) and the one the 766 index
    # reads (paused intervals added); both kept, DOMAIN.md §4. due_at is the one shown.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    index_due_at = models.DateTimeField(_("due at (766 reading)"), null=True, blank=True)
    first_due_at = models.DateTimeField(_("original due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("at risk from"), null=True, blank=True)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    # When the at-risk warning went out for the current terms (reset when terms change).
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    reappointed = models.BooleanField(_("new appointment given"), default=False)
    supplement_rounds = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    finished_at = models.DateTimeField(_("end of processing"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # When the paper result was handed over (at the counter or sent by post): with the return
    # itself, or later for a result first returned online.
    paper_returned_at = models.DateTimeField(_("paper result handed over at"), null=True,
                                             blank=True)
    result = models.CharField(_("result"), max_length=10, blank=True)
    # How the result was returned (HinhThuc): at the counter, by public post, or online. The
    # full-online rule (766 group 3) accepts a paper result sent by public post.
    return_method = models.CharField(_("returned by"), max_length=8, blank=True, default="",
                                     db_default="")
    # Resolution time in the procedure's own unit (working days, working hours, days or
    # months), paused intervals left out: stored when processing ends (766 indicator 2.2).
    time_spent = models.DecimalField(_("time taken"), max_digits=10, decimal_places=2,
                                     null=True, blank=True)
    # What the dossier's documents are for the indexes, one bit per DOCUMENT_FLAGS entry;
    # written only by refresh_document_flags (a full save leaves it alone).
    document_flags = models.PositiveSmallIntegerField(_("document flags"), default=0,
                                                      db_default=0, editable=False)
    current_step = models.PositiveSmallIntegerField(_("current step"), default=0)
    # Trình ký: the decision the specialist proposed for the leader to sign ("approve" or
    # "reject"), by whom and when; empty when nothing waits for a signature.
    proposal = models.CharField(_("proposed decision"), max_length=8, blank=True, default="",
                                db_default="")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", db_index=False,
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                 blank=True, related_name="assigned_dossiers",
                                 verbose_name=_("assignee"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at"]
        indexes = [
            # Inboxes and warning scans read only open dossiers: keep that index small.
            models.Index(fields=["agency", "due_at"], name="open_dossiers_by_unit",
                         condition=Q(status__in=sorted(t.OPEN))),
            models.Index(fields=["service_center", "due_at"], name="open_dossiers_by_center",
                         condition=Q(status__in=sorted(t.OPEN))),
            models.Index(fields=["current_agency", "due_at"], name="open_dossiers_by_holder",
                         condition=Q(status__in=sorted(t.OPEN))),
            models.Index(fields=["assignee", "due_at"], name="open_dossiers_by_assignee",
                         condition=Q(status__in=sorted(t.OPEN))),
            models.Index(fields=["warn_at"], name="open_dossiers_by_warn_at",
                         condition=Q(status__in=sorted(t.OPEN))),
            # Results waiting at the counter (the office's "Results to return" tab and its
            # count on every inbox page): few at a time, among a million.
            models.Index(fields=["agency", "due_at"], name="resolved_dossiers_by_unit",
                         condition=Q(status=t.RESOLVED)),
            models.Index(fields=["service_center", "due_at"], name="resolved_dossiers_by_center",
                         condition=Q(status=t.RESOLVED)),
            # Unit and center lists, newest first; lookups by the applicant's identifiers.
            models.Index(fields=["agency", "-submitted_at"], name="dossiers_by_unit"),
            models.Index(fields=["service_center", "-submitted_at"], name="dossiers_by_center"),
            models.Index(fields=["applicant_phone"], name="dossiers_by_phone"),
            # Only dossiers filed online have an applicant account: counter intake skips it.
            models.Index(fields=["applicant", "-submitted_at"], name="dossiers_by_applicant",
                         condition=Q(applicant__isnull=False)),
            models.Index(fields=["applicant_id_number"], name="dossiers_by_id_number"),
            # The indexes of a period read the dossiers received in it (Decision 766).
            models.Index(fields=["received_at"], name="dossiers_by_received_at"),
            # A search box's code or national reference, in any case (DossierQuerySet
            # .matching). With the trigram indexes of the code and the folded name, which only
            # PostgreSQL has (migration 0018 creates them), every branch of a search is an
            # index: a supervisor's search of the whole city never reads the whole table.
            models.Index(Upper("code"), name="dossiers_by_code_upper"),
            models.Index(Upper("national_reference"), name="dossiers_by_reference_upper"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        # document_flags belongs to refresh_document_flags: a full save of an instance read
        # before a document was added must not put its old value back.
        if not self._state.adding and not kwargs.get("force_insert") \
                and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name != "document_flags"]
        fields = kwargs.get("update_fields")
        if fields is not None and "applicant_name" in fields \
                and "applicant_name_key" not in fields:
            kwargs["update_fields"] = [*fields, "applicant_name_key"]  # its folded copy too
        super().save(*args, **kwargs)

    @property
    def status_code(self):
        return t.NATIONAL_CODE[self.status]

    @property
    def contact_phone(self):
        """Where the dossier's news go by SMS and Zalo: the one who filed it online, else the
        applicant (counter and post)."""
        return self.filer_phone or ("" if self.on_behalf else self.applicant_phone)

    @property
    def contact_email(self):
        return self.filer_email or ("" if self.on_behalf else self.applicant_email)

    def deadline_state(self, now=None):
        """"overdue", "at_risk" or "": overdue_q and at_risk_q read for one dossier."""
        now = now or timezone.now()
        if self.status not in t.CLOCK_RUNS or self.due_at is None:
            return ""
        if self.due_at < now:
            return "overdue"
        return "at_risk" if self.warn_at and self.warn_at <= now else ""

    @property
    def deadline(self):
        """deadline_state now (for templates)."""
        return self.deadline_state()


class DossierEvent(models.Model):
    """One move of a dossier: who, in which role and unit, when, what, the step's due time."""

    # No index of its own: unique_event_seq (dossier, seq) serves every lookup by dossier, and
    # one index less is one less to write at every intake and action.
    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="events",
                                verbose_name=_("dossier"), db_index=False)
    seq = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=12, blank=True)
    to_status = models.CharField(_("to status"), max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              verbose_name=_("by"))
    actor_name = models.CharField(_("by (name)"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    agency = models.ForeignKey(Agency, models.SET_NULL, null=True, blank=True,
                               verbose_name=_("unit"))
    at = models.DateTimeField(_("at"))
    step_due_at = models.DateTimeField(_("step due at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="unique_event_seq")]

    def __str__(self):
        return f"{self.dossier.code} #{self.seq} {self.action}"


class FeeLine(models.Model):
    """A fee (phí) or charge (lệ phí) the applicant owes on this dossier (DanhSachLePhi): from the
    procedure's fees valid on the submission date or written by the officer, due at a stage,
    possibly exempt with the reason. Paid through payments.Payment (each with its receipt)."""

    class Stage(models.TextChoices):
        RECEPTION = "reception", _("at reception")
        PROCESSING = "processing", _("during processing")  # financial obligation (status 6)
        RESULT = "result", _("when the result is returned")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="fee_lines",
                                verbose_name=_("dossier"))
    fee = models.ForeignKey("catalog.Fee", models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name=_("catalog fee"))
    kind = models.CharField(_("kind"), max_length=10)
    description = models.CharField(_("description"), max_length=500)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    stage = models.CharField(_("due"), max_length=12, choices=Stage.choices)
    exempt = models.BooleanField(_("exempt"), default=False)
    exemption_reason = models.CharField(_("exemption reason"), max_length=500, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # Paid through an online payment platform (HinhThucThu online), not at the counter: the
    # full-online rule asks that every fee a dossier owes was paid online.
    paid_online = models.BooleanField(_("paid online"), default=False, db_default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee line")
        verbose_name_plural = _("fee lines")
        ordering = ["dossier", "id"]

    def __str__(self):
        return f"{self.description}: {self.amount}"

    @property
    def outstanding(self):
        return not self.exempt and self.amount > 0 and self.paid_at is None


class Pause(models.Model):
    """An interval during which the clock stopped (supplement or payment request), with the due
    dates around it (DanhSachHoSoBoSung: NgayHenTraTruoc, NgayHenTraMoi): the appointment before
    the pause and the one after it (the law's reading), and the 766 reading before it, so a
    dossier can be judged at any moment (indicators/engine.py)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="pauses",
                                verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=12)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("to"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    due_before = models.DateTimeField(_("appointment before"), null=True, blank=True)
    due_after = models.DateTimeField(_("new appointment"), null=True, blank=True)
    index_due_before = models.DateTimeField(_("due before (766 reading)"), null=True,
                                            blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["dossier", "started_at"]


class StoredFile(models.Model):
    """A document file as dossiers.documents checked and stored it."""

    file = models.FileField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        abstract = True

    def file_fields(self):
        """The stored file's fields, to give the same file to another record."""
        return {"file": self.file.name, "original_name": self.original_name,
                "content_type": self.content_type, "size": self.size, "sha256": self.sha256}


# The dossier's copy of a result is listed among its documents under this prefix and the
# result's title; the national record (sync.payloads) reads the title back. Stored data, in the
# dossier's language: not translated.
RESULT_DOCUMENT_PREFIX = "Kết quả: "


class DossierDocument(StoredFile):
    """A document of the dossier: uploaded by the applicant, taken from their data store, or
    scanned at the counter (digitised, signed by the officer). Reuse is recorded for the
    766 index and the national sync (DOMAIN.md §6–7)."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("uploaded by the applicant")
        STORE = "store", _("taken from the data store")
        COUNTER_SCAN = "counter_scan", _("scanned at the counter")
        RESULT = "result", _("electronic result, signed")
        # Recorded by the previous one-stop system (import_dossiers): the flags, no file.
        LEGACY = "legacy", _("listed by the previous system")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="documents",
                                verbose_name=_("dossier"))
    component_name = models.CharField(_("document"), max_length=600)
    source = models.CharField(_("source"), max_length=15, choices=Source.choices,
                              default=Source.UPLOAD)
    # Reused: the document existed before this dossier (data store, earlier result).
    reused = models.BooleanField(_("reused"), default=False)
    from_store = models.BooleanField(_("taken from the data store"), default=False)
    digitisation_code = models.CharField(_("digitisation code"), max_length=80, blank=True)
    # A previous system's document held as an electronic file there (import_dossiers): it
    # counts as attached like a file here (766 indicator 4.2).
    electronic = models.BooleanField(_("electronic file elsewhere"), default=False,
                                     db_default=False)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("signed by"))
    # 0 for the documents filed with the dossier, n for the answer to the n-th supplement.
    supplement_round = models.PositiveSmallIntegerField(_("supplement round"), default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "supplement_round", "id"]

    def __str__(self):
        return self.component_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_document_flags([self.dossier_id])

    def delete(self, *args, **kwargs):
        dossier_id = self.dossier_id
        result = super().delete(*args, **kwargs)
        refresh_document_flags([dossier_id])
        return result


# What a dossier's documents say for the indexes (766 indicators 3.x, 4.1–4.4), one bit each:
# set when any of its documents is so. Kept on the dossier (document_flags), so a month's
# index reads a column, not every document of every dossier.
DOCUMENT_FLAGS = {
    "e_result": Q(source=DossierDocument.Source.RESULT),
    # A component held as an electronic file: uploaded, taken from the store, scanned, or
    # listed as electronic by a previous system.
    "attached": ~Q(source=DossierDocument.Source.RESULT)
    & (Q(file__gt="") | Q(digitisation_code__gt="") | Q(electronic=True)),
    "reused": ~Q(source=DossierDocument.Source.RESULT) & Q(reused=True),
    "from_store": ~Q(source=DossierDocument.Source.RESULT) & Q(from_store=True),
    # An electronic result filed in the person's data store.
    "result_in_store": Q(source=DossierDocument.Source.RESULT, from_store=True),
}
DOCUMENT_BITS = {name: 1 << i for i, name in enumerate(DOCUMENT_FLAGS)}


def refresh_document_flags(dossier_ids):
    """Recompute document_flags of these dossiers from their documents (one UPDATE). Called
    by every document written: DossierDocument.save() and delete(), and the bulk writers."""
    from django.db.models import Case, IntegerField, Max, OuterRef, Subquery, Value, When
    from django.db.models.functions import Coalesce

    mask = None
    for name, condition in DOCUMENT_FLAGS.items():
        bit = Max(Case(When(condition, then=Value(DOCUMENT_BITS[name])), default=Value(0)))
        mask = bit if mask is None else mask + bit
    flags = Subquery(DossierDocument.objects.filter(dossier_id=OuterRef("pk")).order_by()
                     .values("dossier_id").annotate(mask=mask).values("mask"),
                     output_field=IntegerField())
    ids = list(dossier_ids)
    for i in range(0, len(ids), 5000):
        Dossier.objects.filter(pk__in=ids[i:i + 5000]).update(
            document_flags=Coalesce(flags, Value(0)))


class Notice(models.Model):
    """A warning for a staff member about a dossier (at risk, overdue), shown in the office."""

    class Kind(models.TextChoices):
        AT_RISK = "at_risk", _("due soon")
        OVERDUE = "overdue", _("overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices",
                             verbose_name=_("account"))
    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="notices",
                                verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_at = models.DateTimeField(_("due at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "dossier", "kind", "due_at"],
                                               name="one_notice_per_term")]
