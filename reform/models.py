"""The administrative reform index (PAR) of departments and communes as configuration
(DOMAIN.md §8): a framework per year and unit type holds areas (lĩnh vực), their criteria
(tiêu chí) and the criteria's sub-criteria (tiêu chí thành phần), each with its maximum points,
how it is scored and by which rule. The rules are reform/scoring.py; the checks and the yearly
copy are reform/actions.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    class UnitType(models.TextChoices):
        DEPARTMENT = "department", _("departments and equivalent agencies")
        COMMUNE = "commune", _("communes, wards and special zones")

    year = models.PositiveSmallIntegerField(_("year"))
    unit_type = models.CharField(_("unit type"), max_length=12, choices=UnitType.choices)
    name = models.CharField(_("name"), max_length=300)
    # The decision the framework follows (Hải Phòng's yearly decision on its reform index).
    source = models.CharField(_("issued by"), max_length=300, blank=True)
    copied_from = models.ForeignKey("self", models.SET_NULL, null=True, blank=True,
                                    related_name="copies", verbose_name=_("copied from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reform index framework")
        verbose_name_plural = _("reform index frameworks")
        ordering = ["-year", "unit_type"]
        constraints = [models.UniqueConstraint(fields=["year", "unit_type"],
                                               name="one_framework_per_year_and_unit_type")]

    def __str__(self):
        return f"{self.year} · {self.get_unit_type_display()}"

    def sub_criteria(self):
        return SubCriterion.objects.filter(criterion__area__framework=self) \
            .select_related("criterion__area").order_by("criterion__area__number",
                                                        "criterion__number", "number")


class Area(models.Model):
    """A field of the index (lĩnh vực), e.g. administrative procedure reform."""

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("field of the index")
        verbose_name_plural = _("fields of the index")
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"],
                                               name="one_area_per_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    area = models.ForeignKey(Area, models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=500)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["area", "number"]
        constraints = [models.UniqueConstraint(fields=["area", "number"],
                                               name="one_criterion_per_number")]

    def __str__(self):
        return f"{self.area.number}.{self.number}. {self.name}"


class SubCriterion(models.Model):
    class Method(models.TextChoices):
        SELF = "self", _("scored by the unit, with evidence")
        AUTO = "auto", _("scored from a MotCua measure")
        SURVEY = "survey", _("scored by the survey")

    class Rule(models.TextChoices):
        FULL_OR_NONE = "full_or_none", _("full points or none")
        PROPORTIONAL = "proportional", _("proportional to a target")
        BANDS = "bands", _("bands")
        DEDUCTIONS = "deductions", _("deductions from the maximum")

    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="sub_criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    method = models.CharField(_("scored"), max_length=8, choices=Method.choices,
                              default=Method.SELF)
    rule = models.CharField(_("rule"), max_length=14, choices=Rule.choices,
                            default=Rule.FULL_OR_NONE)
    # PROPORTIONAL: full points at this % (100 when empty); FULL_OR_NONE: full points from it.
    target = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2, null=True,
                                 blank=True)
    # BANDS: [[from %, points], ...], the first band the value reaches gives its points.
    bands = models.JSONField(_("bands"), default=list, blank=True)
    # DEDUCTIONS: points taken off per item counted (a late task, a late report).
    deduction = models.DecimalField(_("points off per item"), max_digits=6, decimal_places=2,
                                    null=True, blank=True)
    # AUTO: the measure's key in reform.measures.MEASURES.
    measure = models.CharField(_("measure"), max_length=40, blank=True)
    evidence = models.CharField(_("evidence required"), max_length=500, blank=True)
    evidence_min = models.PositiveSmallIntegerField(_("evidence files at least"), default=0)

    class Meta:
        verbose_name = _("sub-criterion")
        verbose_name_plural = _("sub-criteria")
        ordering = ["criterion", "number"]
        constraints = [models.UniqueConstraint(fields=["criterion", "number"],
                                               name="one_sub_criterion_per_number")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def code(self):
        """"2.3.1": area, criterion and sub-criterion numbers."""
        return f"{self.criterion.area.number}.{self.criterion.number}.{self.number}"


class Assessment(models.Model):
    """One year's assessment of one unit type, opened by the Department of Home Affairs on a
    framework: each unit scores itself by `self_due`, appraisers appraise by `appraisal_due`,
    a unit answers an appraisal within `answer_days` working days, then results are published.
    The cycle is reform/cycle.py (transitions) and reform/assess.py (check_/do_)."""

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        PUBLISHED = "published", _("published")

    framework = models.OneToOneField(Framework, models.PROTECT, related_name="assessment",
                                     verbose_name=_("framework"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  related_name="+", verbose_name=_("opened by"))
    # Stored deadlines, computed once in working days when the assessment opens.
    self_days = models.PositiveSmallIntegerField(_("working days to score itself"))
    self_due = models.DateTimeField(_("self-assessment due"))
    appraisal_days = models.PositiveSmallIntegerField(_("working days to appraise"))
    appraisal_due = models.DateTimeField(_("appraisal due"))
    answer_days = models.PositiveSmallIntegerField(_("working days to answer an appraisal"))
    version = models.PositiveSmallIntegerField(_("published version"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reform index assessment")
        verbose_name_plural = _("reform index assessments")
        ordering = ["-framework__year", "framework__unit_type"]

    def __str__(self):
        return str(self.framework)


class UnitAssessment(models.Model):
    """A unit's assessment of one year: its self-scores, their appraisal and the result."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("self-assessing")
        SUBMITTED = "submitted", _("submitted, being appraised")
        APPRAISED = "appraised", _("appraised, the unit may answer")
        ANSWERED = "answered", _("answered, to settle")
        SETTLED = "settled", _("settled")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="units")
    agency = models.ForeignKey("units.Agency", models.PROTECT, related_name="+",
                               verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    appraisers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                        related_name="appraised_units",
                                        verbose_name=_("appraisers"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("appraisal sent at"), null=True, blank=True)
    answer_due = models.DateTimeField(_("answers due"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    # The unit's satisfaction (0–1) from the survey, with where it comes from.
    survey = models.DecimalField(_("survey result"), max_digits=7, decimal_places=6,
                                 null=True, blank=True)
    survey_source = models.CharField(_("survey source"), max_length=200, blank=True)
    # Derived, stored by reform.assess.refresh whenever a settled point or the survey moves.
    appraised = models.DecimalField(_("appraised points"), max_digits=6, decimal_places=2,
                                    null=True, blank=True)
    total = models.DecimalField(_("index (%)"), max_digits=5, decimal_places=2, null=True,
                                blank=True)

    class Meta:
        verbose_name = _("unit's assessment")
        verbose_name_plural = _("units' assessments")
        ordering = ["assessment", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["assessment", "agency"],
                                               name="one_assessment_per_unit")]

    def __str__(self):
        return f"{self.assessment} · {self.agency}"


class Score(models.Model):
    """One sub-criterion of a unit's assessment: the unit's points, explanation and evidence;
    for an automatic one, the measure frozen when the unit submitted; the appraisal, the
    unit's one answer, and the settled points."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("kept")
        LOWER = "lower", _("lowered")
        RAISE = "raise", _("raised")

    unit = models.ForeignKey(UnitAssessment, models.CASCADE, related_name="scores")
    sub = models.ForeignKey(SubCriterion, models.PROTECT, related_name="+",
                            verbose_name=_("sub-criterion"))
    # The figure the unit declares (a % for a proportional or banded rule, a count for
    # deductions) when its points follow from the rule; empty when it gives points directly.
    value = models.DecimalField(_("declared figure"), max_digits=9, decimal_places=2,
                                null=True, blank=True)
    self_points = models.DecimalField(_("self-assessed points"), max_digits=6,
                                      decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    # Links to MotCua records or published pages: [{"kind": "task"|"dossier"|"url", "ref"}].
    links = models.JSONField(_("linked records"), default=list, blank=True)
    # AUTO: the measure at submission — value, counts, detail, points, drill-down, when.
    measured = models.JSONField(_("measured evidence"), default=dict, blank=True)
    decision = models.CharField(_("appraisal"), max_length=6, choices=Decision.choices,
                                blank=True)
    appraised_points = models.DecimalField(_("appraised points"), max_digits=6,
                                           decimal_places=2, null=True, blank=True)
    appraisal_reason = models.TextField(_("reason of the appraisal"), blank=True)
    answer = models.TextField(_("the unit's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    final_points = models.DecimalField(_("settled points"), max_digits=6, decimal_places=2,
                                       null=True, blank=True)
    settle_reason = models.TextField(_("reason of the settlement"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["unit", "sub__criterion__area__number", "sub__criterion__number",
                    "sub__number"]
        constraints = [models.UniqueConstraint(fields=["unit", "sub"],
                                               name="one_score_per_sub_criterion")]

    @property
    def changed(self):
        return self.decision in (self.Decision.LOWER, self.Decision.RAISE)


class EvidenceFile(models.Model):
    """A document the unit attached to a score (or to its answer to the appraisal)."""

    score = models.ForeignKey(Score, models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(upload_to="reform/%Y/")
    content_type = models.CharField(max_length=40)
    for_answer = models.BooleanField(_("attached to the answer"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+")


class AssessmentEvent(models.Model):
    """Append-only: every step of the cycle, who took it and when."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="events")
    unit = models.ForeignKey(UnitAssessment, models.CASCADE, null=True, blank=True,
                             related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["assessment", "seq"]
        constraints = [models.UniqueConstraint(fields=["assessment", "seq"],
                                               name="one_assessment_event_seq")]


class Publication(models.Model):
    """A published version of an assessment's results, frozen: the ranking as it was published.
    A change after publication is a new version with its reason; older versions stay."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="publications")
    version = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     related_name="+")
    reason = models.TextField(_("reason of the new version"), blank=True)
    # [{"agency", "name", "appraised", "appraised_max", "survey_points", "survey_max",
    #   "total", "rescaled", "rank", "areas": [[number, name, points, max]]}], best first.
    results = models.JSONField(default=list)

    class Meta:
        verbose_name = _("publication of results")
        verbose_name_plural = _("publications of results")
        ordering = ["assessment", "-version"]
        constraints = [models.UniqueConstraint(fields=["assessment", "version"],
                                               name="one_publication_per_version")]
