from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarException(models.Model):
    """A day that departs from the statutory calendar, entered with its legal basis.

    The Ministry of Home Affairs announces each year how civil servants take the holidays,
    often swapping a working day with a Saturday (e.g. Notice 9441/TB-BNV for Tết 2026); the
    province may add days off. The `holidays` package gives the statutory base and some swaps;
    these rows complete and override it for the whole deployment.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        WORKING_DAY = "working_day", _("working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    created_by = models.ForeignKey(
        "auth.User", models.SET_NULL, null=True, blank=True, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()} · {self.reason}"
