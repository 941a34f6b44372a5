"""Citizens' feedback: ratings of the service and complaints or suggestions (PAKN).

Both feed the satisfaction group of the Decision 766 index (DOMAIN.md §5: 5.2 PAKN handled on
time, 5.3 satisfaction with PAKN handling, 5.4 satisfaction with dossier handling) and the
SIPAS survey's five factors (Decision 1001/QĐ-BNV 2023, DOMAIN.md §8).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier
from units.models import Agency, ServiceCenter


class Level(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    NEUTRAL = "neutral", _("neutral")
    DISSATISFIED = "dissatisfied", _("dissatisfied")


# The five SIPAS factors (Decision 1001/QĐ-BNV 2023), each an optional answer of a rating.
FACTORS = {
    "access": _("Access to the service"),
    "procedure": _("The administrative procedure"),
    "officials": _("The civil servants"),
    "result": _("The result"),
    "feedback_handling": _("The handling of feedback"),
}


def _level_field(label):
    return models.CharField(label, max_length=12, choices=Level.choices, blank=True)


class RatingLink(models.Model):
    """A link sent to the applicant when the result is returned. It works once: the token is
    kept only as its SHA-256, and `used_at` is set in the transaction that saves the rating."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="rating_links",
                                verbose_name=_("dossier"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating link")
        verbose_name_plural = _("rating links")


class Rating(models.Model):
    """How a person rated the service: overall, and on any of the SIPAS factors. At most one
    rating per dossier, whatever the channel; a kiosk may also take a rating of a counter visit
    without a dossier."""

    class Channel(models.TextChoices):
        LINK = "link", _("rating link")
        PORTAL = "portal", _("online portal")
        KIOSK = "kiosk", _("counter kiosk")

    dossier = models.ForeignKey(Dossier, models.CASCADE, null=True, blank=True,
                                related_name="ratings", verbose_name=_("dossier"))
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="ratings",
                               verbose_name=_("agency"))
    service_center = models.ForeignKey(ServiceCenter, models.SET_NULL, null=True, blank=True,
                                       related_name="ratings", verbose_name=_("service center"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    overall = models.CharField(_("overall"), max_length=12, choices=Level.choices)
    access = _level_field(FACTORS["access"])
    procedure = _level_field(FACTORS["procedure"])
    officials = _level_field(FACTORS["officials"])
    result = _level_field(FACTORS["result"])
    feedback_handling = _level_field(FACTORS["feedback_handling"])
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("kiosk account"))
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["dossier"],
                                               condition=models.Q(dossier__isnull=False),
                                               name="one_rating_per_dossier")]
        indexes = [models.Index(fields=["agency", "created_at"], name="ratings_by_agency")]

    def __str__(self):
        return f"{self.dossier or self.service_center}: {self.get_overall_display()}"


class Petition(models.Model):
    """A complaint or suggestion (phản ánh, kiến nghị: PAKN) about a dossier, a procedure, an
    officer or the service. Its lifecycle is petitions.TRANSITIONS; its deadlines are stored at
    reception in the handling agency's working calendar and moved only by a wait for the
    person's information."""

    class Subject(models.TextChoices):
        DOSSIER = "dossier", _("a dossier")
        PROCEDURE = "procedure", _("a procedure")
        OFFICER = "officer", _("an officer")
        OTHER = "other", _("the service in general")

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("complaint (phản ánh)")
        SUGGESTION = "suggestion", _("suggestion (kiến nghị)")

    class Topic(models.TextChoices):
        LATE = "late", _("late or slow handling")
        CONDUCT = "conduct", _("conduct of officials")
        REQUIREMENTS = "requirements", _("papers or conditions asked")
        FEES = "fees", _("fees and charges")
        REGULATION = "regulation", _("the regulation itself")
        SYSTEM = "system", _("the online system")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        CLASSIFIED = "classified", _("classified")
        ASSIGNED = "assigned", _("being handled")
        MORE_INFO = "more_info", _("waiting for your information")
        REJECTED = "rejected", _("not accepted")
        ANSWERED = "answered", _("answered")
        PUBLISHED = "published", _("answered and published")

    code = models.CharField(_("code"), max_length=40, unique=True)
    subject = models.CharField(_("about"), max_length=10, choices=Subject.choices)
    dossier = models.ForeignKey(Dossier, models.SET_NULL, null=True, blank=True,
                                related_name="petitions", verbose_name=_("dossier"))
    procedure = models.ForeignKey("catalog.Procedure", models.SET_NULL, null=True, blank=True,
                                  related_name="petitions", verbose_name=_("procedure"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="petitions_about",
                                verbose_name=_("officer"))
    officer_name = models.CharField(_("officer (as named)"), max_length=200, blank=True)
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="petitions",
                               verbose_name=_("handling agency"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="petitions",
                                  verbose_name=_("submitted by"))
    submitter_name = models.CharField(_("name"), max_length=200)
    submitter_phone = models.CharField(_("phone"), max_length=15, blank=True)
    submitter_email = models.EmailField(_("e-mail"), blank=True)
    # Sent without an account: the phone or e-mail proven by a one-time code, and the secret
    # of the link that lets the person follow it (sent to that address).
    contact_verified = models.CharField(_("contact verified by a code"), max_length=5,
                                        blank=True)
    follow_token = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RECEIVED)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                related_name="petitions_handled", verbose_name=_("handled by"))
    received_at = models.DateTimeField(_("received at"))
    reject_by = models.DateTimeField(_("may be rejected until"))
    more_info_by = models.DateTimeField(_("may ask for information until"))
    due_at = models.DateTimeField(_("answer due at"))
    info_request = models.TextField(_("information asked"), blank=True)
    info_requested_at = models.DateTimeField(_("information asked at"), null=True, blank=True)
    info_reply = models.TextField(_("information given"), blank=True)
    resume_status = models.CharField(max_length=10, blank=True)
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("answered by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    on_time = models.BooleanField(_("handled on time"), null=True, blank=True)
    public_summary = models.TextField(_("published question"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    satisfaction = models.CharField(_("person's satisfaction"), max_length=12,
                                    choices=Level.choices, blank=True)
    satisfaction_comment = models.TextField(_("person's comment"), blank=True)
    satisfaction_at = models.DateTimeField(_("satisfaction given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint or suggestion")
        verbose_name_plural = _("complaints and suggestions")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="petitions_by_agency"),
            models.Index(fields=["status", "published_at"], name="petitions_published"),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"

    @property
    def is_open(self):
        return self.closed_at is None

    def timeliness(self, at=None):
        """'on_time' or 'late' once closed; 'overdue' or 'in_time' while open."""
        if self.closed_at is not None:
            return "on_time" if self.on_time else "late"
        if self.status == self.Status.MORE_INFO:
            return "in_time"  # the clock waits for the person
        return "overdue" if (at or timezone.now()) > self.due_at else "in_time"


class PetitionEvent(models.Model):
    """What happened to a petition, in order: its history for the person and the supervisor."""

    petition = models.ForeignKey(Petition, models.CASCADE, related_name="events",
                                 verbose_name=_("complaint or suggestion"))
    action = models.CharField(_("action"), max_length=20)
    to_status = models.CharField(_("to status"), max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    actor_name = models.CharField(_("by (name)"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]

    def get_action_label(self):
        from feedback.petitions import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)
