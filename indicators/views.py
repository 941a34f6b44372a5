"""The supervisors' and leaders' dashboard: the unit's Decision 766 score and its six groups,
the trend over the months, the rankings, the dossiers at risk or overdue now (the one
definition of dossiers.models), the average resolution time per procedure (2.2, from the
index itself), and the drill-down of every indicator. Charts are SVG
drawn here: no script, no CDN."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import NotFound

from dossiers.models import Dossier
from indicators import config, engine, periods
from indicators.api import find_agency
from indicators.models import IndexSnapshot
from indicators.store import compute_all
from motcua.db import report_view
from office.views import staff_required
from units.access import roles_of, visible_agency_ids
from units.models import Agency, StaffRole

TREND_MONTHS = 12


def _agency(request):
    unit = request.GET.get("unit", "").strip()
    if not unit:
        ids = visible_agency_ids(request.user)
        province = Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE)
        if ids is not None:
            province = province.filter(pk__in=ids)
        agency = province.order_by("pk").first()
        if agency is None:
            roles = [r for r in roles_of(request.user) if r.role in (
                StaffRole.Role.LEADER, StaffRole.Role.SUPERVISOR)] or roles_of(request.user)
            agency = roles[0].agency if roles else None
        if agency is None:
            raise Http404
        return agency
    try:
        return find_agency(request.user, unit[:40])
    except NotFound:
        raise Http404 from None


def _period(request):
    label = request.GET.get("period", "").strip() or f"{timezone.localdate():%Y-%m}"
    try:
        return periods.parse(label)
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        return periods.parse(f"{timezone.localdate():%Y-%m}")


TREND_COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490"]


def _trend(agency, province=None):
    """The last months' stored totals and each group's share of its maximum (0–100 %), as SVG
    polylines drawn on the server (no script, no CDN), with the province's total beside a
    unit's for comparison."""
    snapshots = list(IndexSnapshot.objects.filter(agency=agency, period__regex=r"^\d{4}-\d{2}$")
                     .order_by("-first_day")[:TREND_MONTHS])[::-1]
    step, height = 90, 180

    def y(pct):
        return f"{10 + height - max(0.0, min(100.0, pct)) * height / 100:.1f}"

    maxima = {code: sum(r["max"] for r in config.current()[0] if r["group"] == code)
              for code in config.GROUPS}
    lines = [{"name": _("Total"), "colour": "#111827", "dash": "",
              "points": " ".join(f"{40 + i * step},{y(float(s.total))}"
                                 for i, s in enumerate(snapshots))}]
    for colour, (code, name) in zip(TREND_COLOURS, config.GROUPS.items(), strict=False):
        if maxima[code]:
            lines.append({"name": f"{code} · {name}", "colour": colour, "dash": "",
                          "points": " ".join(
                              f"{40 + i * step},{y(100 * s.groups.get(code, 0) / maxima[code])}"
                              for i, s in enumerate(snapshots))})
    if province is not None and province.pk != agency.pk and snapshots:
        theirs = dict(IndexSnapshot.objects.filter(
            agency=province, period__in=[s.period for s in snapshots])
            .values_list("period", "total"))
        lines.append({"name": province.name, "colour": "#6b7280", "dash": "4 3",
                      "points": " ".join(f"{40 + i * step},{y(float(theirs[s.period]))}"
                                         for i, s in enumerate(snapshots)
                                         if s.period in theirs)})
    return {"rows": [(s.period, s.total) for s in snapshots], "lines": lines,
            "labels": [(40 + i * step, s.period[2:]) for i, s in enumerate(snapshots)],
            "grid": [(pct, y(pct)) for pct in (0, 50, 100)],
            "width": 60 + step * max(len(snapshots) - 1, 1), "height": height + 40}


def _province_total(province, period):
    snapshot = IndexSnapshot.objects.filter(agency=province, period=period.label).first()
    return float(snapshot.total) if snapshot else None


@staff_required
@require_http_methods(["GET", "POST"])
@report_view
def dashboard(request):
    agency, period = _agency(request), _period(request)
    scope = engine.scope_for(agency)
    if request.method == "POST":  # recompute and store the period (supervisors of the city)
        if scope.agency_ids is not None and not request.user.is_superuser:
            raise PermissionDenied
        count = compute_all(period)
        messages.success(request, _("The index of %(period)s was computed for %(n)d units.")
                         % {"period": period.label, "n": count})
        return redirect(f"{request.path}?unit={agency.code}&period={period.label}")
    snapshot = IndexSnapshot.objects.filter(agency=agency, period=period.label).first()
    index = engine.localised(snapshot) if snapshot else engine.compute(scope, period)
    now = timezone.now()
    open_qs = Dossier.objects.open()
    if scope.agency_ids is not None:
        open_qs = open_qs.filter(agency_id__in=scope.agency_ids)
    rankings = {}
    if scope.agency_ids is None:
        for kind, kinds in engine.RANKED.items():
            rankings[kind] = IndexSnapshot.objects.filter(
                period=period.label, agency__kind__in=kinds).select_related("agency") \
                .order_by(F("rank").asc(nulls_last=True), "agency__code")
    from units.models import Agency

    province = Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE).first() or agency
    groups = [(code, name, index["groups"].get(code, 0),
               sum(r["max"] for r in config.current()[0] if r["group"] == code))
              for code, name in config.GROUPS.items()]
    return render(request, "indicators/dashboard.html", {
        "agency": agency, "period": period, "index": index, "snapshot": snapshot,
        "groups": [(c, n, v, m, round(100 * v / m) if m else 0) for c, n, v, m in groups],
        "trend": _trend(agency, province), "rankings": rankings,
        "province": scope.agency_ids is None,
        "province_total": _province_total(province, period) if province.pk != agency.pk
        else None,
        "at_risk": open_qs.at_risk(now).count(), "overdue": open_qs.overdue(now).count(),
        "times": next((f.get("procedures", []) for f in index["indicators"]
                       if f["id"] == "2.2"), [])[:20],
    })


@staff_required
@report_view
def drilldown(request):
    agency, period = _agency(request), _period(request)
    ident = request.GET.get("indicator", "")
    if ident not in engine.CLASSES:
        raise Http404
    name = next(r["name"] for r in config.current()[0] if r["id"] == ident)
    return render(request, "indicators/drilldown.html", {
        "agency": agency, "period": period, "ident": ident, "name": name,
        "rows": engine.drilldown(ident, engine.scope_for(agency), period)})
