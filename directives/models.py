"""Directing documents (văn bản chỉ đạo), the tasks they assign (nhiệm vụ giao) and civil
servants' monthly KPI (DOMAIN.md §8). The lifecycle is directives/lifecycle.py; the rules
live in directives/actions.py and directives/scores.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Agency


class Directive(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("decision (quyết định)")
        PLAN = "plan", _("plan (kế hoạch)")
        CONCLUSION = "conclusion", _("conclusion notice (thông báo kết luận)")
        LETTER = "letter", _("official letter (công văn)")
        DIRECTIVE = "directive", _("directive (chỉ thị)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date"))
    title = models.CharField(_("summary (trích yếu)"), max_length=500)
    signer_name = models.CharField(_("signer"), max_length=120)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    issuer = models.ForeignKey(Agency, models.PROTECT, related_name="directives",
                               verbose_name=_("issuing office"))
    file = models.FileField(_("file"), upload_to="directives/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("directing document")
        verbose_name_plural = _("directing documents")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "number"],
                                               name="one_directive_per_number")]

    def __str__(self):
        return f"{self.number}: {self.title}"


class Task(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        IN_PROGRESS = "in_progress", _("in progress")
        PROPOSED_DONE = "proposed_done", _("reported done, to confirm")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    class Category(models.TextChoices):
        GOVERNMENT = "government", _("assigned by the Government")
        PRIME_MINISTER = "prime_minister", _("assigned by the Prime Minister")
        COMMITTEE = "committee", _("assigned by the People's Committee")
        CHAIRMAN = "chairman", _("assigned by the Chairman")
        REFORM = "reform", _("administrative reform")

    class Priority(models.TextChoices):
        HIGH = "high", _("high")
        NORMAL = "normal", _("normal")
        LOW = "low", _("low")

    class Recurrence(models.TextChoices):
        NONE = "", _("once")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        YEARLY = "yearly", _("yearly")

    code = models.CharField(_("code"), max_length=40, unique=True)
    directive = models.ForeignKey(Directive, models.PROTECT, related_name="tasks",
                                  verbose_name=_("directing document"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="subtasks", verbose_name=_("parent task"))
    content = models.TextField(_("content"))
    lead = models.ForeignKey(Agency, models.PROTECT, related_name="led_tasks",
                             verbose_name=_("lead unit (chủ trì)"))
    supporting = models.ManyToManyField(Agency, blank=True, related_name="supported_tasks",
                                        verbose_name=_("supporting units (phối hợp)"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                 blank=True, related_name="tasks",
                                 verbose_name=_("civil servant in charge"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices,
                                default=Category.COMMITTEE)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices,
                                default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.ASSIGNED)
    # The deadline: a number of working days from assignment, or a fixed date; stored.
    due_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    due_on = models.DateField(_("deadline date"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"))
    original_due_at = models.DateTimeField(_("first deadline"))
    warn_at = models.DateTimeField(_("warn from"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    next_reminder_at = models.DateTimeField(_("next reminder"), null=True, blank=True)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence.choices,
                                  default=Recurrence.NONE, blank=True)
    series = models.ForeignKey("self", models.SET_NULL, null=True, blank=True,
                               related_name="occurrences", verbose_name=_("first of the series"))
    period_label = models.CharField(_("reporting period"), max_length=10, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    assigned_at = models.DateTimeField(_("assigned at"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result_summary = models.TextField(_("result"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["lead", "due_at"], name="tasks_by_lead_due"),
            models.Index(fields=["due_at"], name="tasks_open_due",
                         condition=Q(closed_at__isnull=True)),
            models.Index(fields=["warn_at"], name="tasks_open_warn",
                         condition=Q(closed_at__isnull=True)),
            models.Index(fields=["overdue_since"], name="tasks_overdue",
                         condition=Q(overdue_since__isnull=False)),
            models.Index(fields=["next_reminder_at"], name="tasks_reminders",
                         condition=Q(closed_at__isnull=True, next_reminder_at__isnull=False)),
            models.Index(fields=["directive", "status"], name="tasks_by_directive"),
            models.Index(fields=["assignee", "due_at"], name="tasks_by_assignee"),
        ]

    def __str__(self):
        return f"{self.code}: {self.content[:60]}"

    @property
    def is_open(self):
        return self.closed_at is None

    def outcome(self, at=None):
        """How the task stands: done_on_time, done_late, overdue (open, past due), at_risk,
        in_time, cancelled (directives/scores.py reads the same)."""
        from directives.scores import outcome

        return outcome(self, at)


class TaskEvent(models.Model):
    """Append-only: who did what to a task, in which role and unit, when."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    agency = models.ForeignKey(Agency, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["task", "seq"]
        constraints = [models.UniqueConstraint(fields=["task", "seq"], name="one_task_event_seq")]


class TaskFile(models.Model):
    """Evidence of a progress report, or the result document of a task reported done."""

    event = models.ForeignKey(TaskEvent, models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(upload_to="tasks/%Y/%m/")
    content_type = models.CharField(max_length=40)
    is_result = models.BooleanField(_("result document"), default=False)


class Extension(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")

    task = models.ForeignKey(Task, models.CASCADE, related_name="extensions")
    reason = models.TextField(_("reason"))
    requested_due = models.DateTimeField(_("deadline asked"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     related_name="+")
    requested_at = models.DateTimeField(_("asked at"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.PENDING)
    granted_due = models.DateTimeField(_("new deadline"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [models.UniqueConstraint(
            fields=["task"], condition=Q(status="pending"), name="one_pending_extension")]


class UnitTaskScore(models.Model):
    """A unit's task score for a month (directives/scores.py): a time series, one criterion
    of the reform index."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="task_scores")
    period = models.CharField(_("period"), max_length=7)  # YYYY-MM
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True)
    tasks = models.PositiveIntegerField(_("tasks counted"), default=0)
    counts = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit task score")
        verbose_name_plural = _("unit task scores")
        constraints = [models.UniqueConstraint(fields=["agency", "period"],
                                               name="one_task_score_per_month")]


class MonthlyKPI(models.Model):
    """A civil servant's month: measured from MotCua's data, with the leader's qualitative
    score and comment, acknowledged by the civil servant."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="kpis")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    month = models.CharField(_("month"), max_length=7)  # YYYY-MM
    measured = models.DecimalField(_("measured score"), max_digits=6, decimal_places=2,
                                   null=True)
    criteria = models.JSONField(default=dict)
    qualitative = models.DecimalField(_("leader's score"), max_digits=6, decimal_places=2,
                                      null=True, blank=True)
    leader_comment = models.TextField(_("leader's comment"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    scored_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(_("month's score"), max_digits=6, decimal_places=2, null=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement = models.TextField(_("civil servant's remark"), blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("monthly KPI")
        verbose_name_plural = _("monthly KPI")
        ordering = ["-month", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "month"],
                                               name="one_kpi_per_month")]


class YearEvaluation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    monthly_mean = models.DecimalField(max_digits=6, decimal_places=2)
    general = models.DecimalField(_("general criteria"), max_digits=6, decimal_places=2)
    total = models.DecimalField(max_digits=6, decimal_places=2)
    band = models.CharField(max_length=60)
    comment = models.TextField(blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     related_name="+")
    evaluated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "year"],
                                               name="one_evaluation_per_year")]
