"""SIPAS: the satisfaction of people and organisations with the administrative service
(Decision 1001/QĐ-BNV of 11/12/2023; DOMAIN.md §8), measured by MotCua's own surveys.

- A questionnaire is configuration: the five factors, their questions on a 5-level scale,
  expectation questions and free text.
- A survey round (đợt khảo sát) draws a sample of the people who finished a dossier in its
  period, stratified by unit and field, sized for a chosen margin and confidence
  (surveys/sampling.py), and invites them by SMS, e-mail or Zalo; people also answer from the
  QR code at the counter (their code and phone) or at a kiosk. One answer per invitation.
- Answers are anonymous to staff: a response keeps its unit, field, channel and day, never
  the invitation or the dossier it came from.
- Scores (surveys/scoring.py) are computed live from the answers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The 5-level scale of Decision 1001/QĐ-BNV, 1 the lowest.
LEVELS = [(1, _("very dissatisfied")), (2, _("dissatisfied")), (3, _("neutral")),
          (4, _("satisfied")), (5, _("very satisfied"))]


class Questionnaire(models.Model):
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("issued by"), max_length=300, blank=True)
    # A criterion's score is the share answering at least this level (4: satisfied or very
    # satisfied), among those who answered it (DOMAIN.md §8, to verify against the annex).
    satisfied_from = models.PositiveSmallIntegerField(_("satisfied from level"), default=4)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class Factor(models.Model):
    """One of the five factors: access to the service, the procedure, the civil servants,
    the result, the handling of feedback."""

    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="factors")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    # SIPAS is the mean of the factors; a weight other than 1 makes it a weighted mean.
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["questionnaire", "number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"],
                                               name="one_factor_per_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("a criterion, on the 5-level scale")
        CHOICE = "choice", _("an expectation: choices")
        TEXT = "text", _("free text")

    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="questions")
    # SCALE questions belong to a factor; expectations and free text to none.
    factor = models.ForeignKey(Factor, models.CASCADE, null=True, blank=True,
                               related_name="questions", verbose_name=_("factor"))
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.SCALE)
    # CHOICE: the choices offered, several may be picked.
    options = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"],
                                               name="one_question_per_number")]

    def __str__(self):
        return f"{self.number}. {self.text}"


class Survey(models.Model):
    """A survey round: the people who finished a dossier in [start, end], sampled."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("taking answers")
        CLOSED = "closed", _("closed")

    questionnaire = models.ForeignKey(Questionnaire, models.PROTECT, related_name="surveys",
                                      verbose_name=_("questionnaire"))
    name = models.CharField(_("name"), max_length=300)
    start = models.DateField(_("dossiers finished from"))
    end = models.DateField(_("dossiers finished until"))
    margin = models.DecimalField(_("margin of error"), max_digits=4, decimal_places=3,
                                 default="0.050")
    confidence = models.PositiveSmallIntegerField(_("confidence (%)"), default=95)
    seed = models.PositiveIntegerField(_("random seed"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices,
                              default=Status.DRAFT)
    # {agency code: {"population", "sample", "fields": {field code: [population, sample]}}}
    plan = models.JSONField(_("sampling plan"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+")
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-end", "-id"]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """One invitation to answer, by a one-time link: sampled, or asked for at a kiosk or from
    the QR code at the counter. Only the link's hash is kept."""

    class Channel(models.TextChoices):
        SAMPLE = "sample", _("sampled: SMS, e-mail or Zalo")
        QR = "qr", _("QR code at the counter")
        KIOSK = "kiosk", _("kiosk at the counter")

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="+")
    agency = models.ForeignKey("units.Agency", models.PROTECT, related_name="+")
    field = models.ForeignKey("catalog.Field", models.PROTECT, null=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The day only: a time would let staff match an answer to its invitation.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["survey", "dossier"],
                                               name="one_invitation_per_dossier")]
        indexes = [models.Index(fields=["survey", "agency"])]


class Response(models.Model):
    """One anonymous answer: no link to its invitation or dossier. A random key, so the order
    of responses tells nothing either."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="responses")
    agency = models.ForeignKey("units.Agency", models.PROTECT, related_name="+")
    field = models.ForeignKey("catalog.Field", models.PROTECT, null=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=6, choices=Invitation.Channel.choices)
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["survey", "agency"])]


class Answer(models.Model):
    response = models.ForeignKey(Response, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True,
                                             choices=LEVELS)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="one_answer_per_question")]
