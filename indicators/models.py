"""The index stored as a time series: one snapshot per unit and month (or any period asked
for), written by `manage.py compute_766`, so the dashboards read a unit's history and a
ranking in one query each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Agency


class IndexSnapshot(models.Model):
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="index_snapshots",
                               verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=30)
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))
    computed_at = models.DateTimeField(_("computed at"))
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    band = models.CharField(_("rating"), max_length=30)
    groups = models.JSONField(_("groups"))
    indicators = models.JSONField(_("indicators"))
    # None for a unit with no dossier in the period (listed after the ranked ones).
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    dossiers = models.PositiveIntegerField(_("dossiers received"), default=0)

    class Meta:
        verbose_name = _("index snapshot")
        verbose_name_plural = _("index snapshots")
        constraints = [models.UniqueConstraint(fields=["agency", "period"],
                                               name="one_snapshot_per_unit_period")]
        indexes = [models.Index(fields=["period", "total"], name="snapshots_by_period")]

    @property
    def band_label(self):
        """The rating in the reader's language (`band` keeps the computing process's)."""
        from indicators.engine import band_for

        return band_for(self.total, self.dossiers)
