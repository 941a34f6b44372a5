"""The administrative reform index (PAR) of departments and communes as configuration
(DOMAIN.md §8): a framework per year and unit type holds areas (lĩnh vực), their criteria
(tiêu chí) and the criteria's sub-criteria (tiêu chí thành phần), each with its maximum points,
how it is scored and by which rule. The rules are reform/scoring.py; the checks and the yearly
copy are reform/actions.py."""

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
