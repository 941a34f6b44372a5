"""Staff pages of the reform index (frameworks, the yearly cycle, appraisal, rankings,
publication) and the public page of published results: thin views over reform.assess."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dossiers.documents import private_file_response
from office.views import staff_required
from reform import actions, assess, charts, cycle, excel
from reform.models import Assessment, EvidenceFile, Framework, UnitAssessment
from units.access import roles_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _messages(request, exc):
    """Each error on the page, named by its sub-criterion's code when it has one."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            parts = key.split(".")
            code = ".".join(parts[1:4]) if parts[0] == "scores" and len(parts) >= 4 else ""
            for error in errors:
                messages.error(request, f"{code}: {error}" if code else error)
    elif isinstance(exc, ValidationError):
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.error(request, str(exc))


@staff_required
@require_http_methods(["GET", "POST"])
def home(request):
    """The office's frameworks and assessments; a unit's assessments; an appraiser's units."""
    office = assess.is_office(request.user)
    if request.GET.get("dinh_dang") == "xlsx" and office:
        framework = get_object_or_404(Framework, pk=request.GET.get("khung", "0")
                                      if request.GET.get("khung", "").isdigit() else 0)
        response = HttpResponse(excel.export(framework), content_type=XLSX)
        response["Content-Disposition"] = \
            f'attachment; filename="bo-chi-so-{framework.year}-{framework.unit_type}.xlsx"'
        return response
    errors, import_errors = {}, []
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        try:
            done = _office_post(request)
        except ValidationError as exc:
            if request.POST.get("action") == "import":
                import_errors = exc.messages
            else:
                errors = exc.message_dict if hasattr(exc, "error_dict") else \
                    {"__all__": exc.messages}
        except excel.FrameworkError as exc:
            import_errors = [f"{e['location'] or '-'}: {e['reason']}" for e in exc.errors]
        else:
            return done
    mine = {r.agency_id for r in roles_of(request.user)}
    open_units = UnitAssessment.objects.filter(
        agency_id__in=mine, assessment__status=Assessment.Status.OPEN) \
        .select_related("assessment__framework", "agency")
    assigned = UnitAssessment.objects.filter(appraisers=request.user).exclude(
        status=UnitAssessment.Status.SETTLED, assessment__status=Assessment.Status.PUBLISHED) \
        .select_related("assessment__framework", "agency").order_by("agency__name")
    return render(request, "reform/home.html", {
        "office": office, "errors": errors, "import_errors": import_errors,
        "frameworks": Framework.objects.select_related("assessment") if office else [],
        "assessments": assess.assessments_for_user(request.user),
        "open_units": open_units, "assigned": assigned,
        "unit_types": Framework.UnitType.choices,
        "next_year": timezone.localdate().year + 1, "data": request.POST,
    }, status=400 if errors or import_errors else 200)


def _office_post(request):
    action = request.POST.get("action")
    if action == "open":
        assessment = assess.do_open(assess.check_open(request.user, request.POST),
                                    request.user)
        messages.success(request, _("The assessment of %(framework)s is open.")
                         % {"framework": assessment.framework})
        return redirect("reform:assessment", pk=assessment.pk)
    if action == "copy":
        framework = Framework.objects.filter(pk=request.POST.get("framework", "0")).first() \
            if request.POST.get("framework", "").isdigit() else None
        year = request.POST.get("year", "")
        if framework is None or not year.isdigit() or not 2000 <= int(year) <= 2100:
            raise ValidationError({"copy": _("Choose a framework and a year.")})
        made = actions.copy_framework(framework, int(year))
        messages.success(request, _("Made %(framework)s.") % {"framework": made})
        return redirect("reform:home")
    if action == "import":
        upload = request.FILES.get("workbook")
        year, unit_type = request.POST.get("year", ""), request.POST.get("unit_type", "")
        if upload is None or upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("Choose an Excel file (.xlsx) of at most 5 MB."))
        if not year.isdigit() or not 2000 <= int(year) <= 2100 \
                or unit_type not in Framework.UnitType.values:
            raise ValidationError(_("Choose the year and the unit type."))
        made = excel.do_import(excel.check_import(upload.read(), int(year), unit_type,
                                                  request.POST.get("name", "")[:300]))
        messages.success(request, _("Made %(framework)s.") % {"framework": made})
        return redirect("reform:home")
    raise ValidationError({"action": _("Choose what to do.")})


@staff_required
@require_http_methods(["GET", "POST"])
def assessment_page(request, pk):
    assessment = assess.get_assessment_for_user(request.user, pk)
    office = assess.is_office(request.user)
    if request.method == "POST":
        _assessment_post(request, assessment)
        return redirect("reform:assessment", pk=pk)
    units = list(assess.units_for_user(request.user, assessment)
                 .prefetch_related("appraisers").order_by("agency__name"))
    subs = assess.subs_of(assessment.framework)
    progress = {s: 0 for s in UnitAssessment.Status.values}
    for unit in units:
        progress[unit.status] += 1
    rows = []
    if office:
        for unit in assessment.units.select_related("agency").prefetch_related(
                "scores", "appraisers").order_by("agency__name"):
            found = assess.result(unit, subs, unit.scores.all())
            rows.append({"unit": unit, "name": unit.agency.name, "total": found["total"],
                         "appraised": found["appraised"],
                         "survey_percent": None if unit.survey is None else
                         (unit.survey * 100).quantize(Decimal("0.01"))})
        rows = assess.ranking(rows)
    publications = list(assessment.publications.order_by("-version"))
    from surveys.models import Survey

    rounds = Survey.objects.exclude(status=Survey.Status.DRAFT) if office else []
    return render(request, "reform/assessment.html", {
        "assessment": assessment, "office": office, "units": units, "rows": rows,
        "progress": [(UnitAssessment.Status(s).label, n) for s, n in progress.items()],
        "publications": publications, "current": publications[0] if publications else None,
        "rounds": rounds,
        "may_publish": office and not any(u.status != UnitAssessment.Status.SETTLED
                                          for u in units),
    })


def _assessment_post(request, assessment):
    action, code = request.POST.get("action"), request.POST.get("agency", "")[:40]
    try:
        if action == "publish":
            assess.do_publish(assessment, assess.check_publish(request.user, assessment,
                                                               request.POST), request.user)
            messages.success(request, _("Results published."))
            return
        if action == "sipas":
            from surveys.models import Survey

            survey = Survey.objects.filter(pk=request.POST.get("survey", "0")).first() \
                if request.POST.get("survey", "").isdigit() else None
            if survey is None:
                raise ValidationError({"survey": _("Choose a survey round.")})
            done = assess.do_survey_from(request.user, assessment, survey)
            messages.success(request, _("Survey results of %(n)d units taken from %(name)s.")
                             % {"n": done, "name": survey.name})
            return
        unit = assess.get_unit_for_user(request.user, assessment.pk, code)
        if action == "assign":
            names = request.POST.get("appraisers", "").replace(",", " ").split()
            assess.do_assign(unit, assess.check_appraisers(request.user, unit, names),
                             request.user)
            messages.success(request, _("Appraisers assigned."))
        elif action == "survey":
            assess.do_survey(unit, assess.check_survey(request.user, unit, request.POST),
                             request.user)
            messages.success(request, _("Survey result recorded."))
        else:
            raise ValidationError({"action": _("Choose what to do.")})
    except (ValidationError, PermissionDenied, assess.Conflict) as exc:
        _messages(request, exc)


# The page's form fields for each score, by the step that reads them.
FIELDS = {"save": {"p": "points", "v": "value", "e": "explanation", "l": "links"},
          "appraise": {"d": "decision", "p": "points", "r": "reason"},
          "send_appraisal": {"d": "decision", "p": "points", "r": "reason"},
          "answer": {"a": "answer"}, "settle": {"p": "points", "r": "reason"}}


def _form_scores(request, action, codes):
    """{code: fields} from the form: fields named <letter>.<code>, empty ones left out (a
    decision left empty is not sent; links are one per line)."""
    scores = {}
    for code in codes:
        fields = {}
        for letter, name in FIELDS.get(action, {}).items():
            key = f"{letter}.{code}"
            if key not in request.POST:
                continue
            value = request.POST.get(key, "")
            if action == "save" and name in ("explanation", "links"):
                fields[name] = value
            elif value.strip():
                fields[name] = value.strip()
        if action in ("appraise", "send_appraisal") and "decision" not in fields:
            continue
        if action in ("answer", "settle") and not fields:
            continue
        if fields:
            scores[code] = fields
    files = {code: request.FILES.getlist(f"f.{code}") for code in codes
             if request.FILES.getlist(f"f.{code}")}
    return scores, files


@staff_required
@require_http_methods(["GET", "POST"])
def unit_page(request, pk, agency):
    unit = assess.get_unit_for_user(request.user, pk, agency)
    if request.method == "POST":
        action = request.POST.get("action", "")
        codes = [s.sub.code for s in unit.scores.select_related("sub__criterion__area")]
        scores, files = _form_scores(request, action, codes)
        body = {"scores": scores, "reason": request.POST.get("reason", "")}
        try:
            assess.do_action(request.user, pk, agency, action, body, files)
        except (ValidationError, PermissionDenied, assess.Conflict) as exc:
            _messages(request, exc)
        else:
            messages.success(request, str(cycle.LABELS.get(action, action)))
        return redirect("reform:unit", pk=pk, agency=agency)
    from reform.api import masked

    hidden = masked(request.user, unit)
    found_roles = assess.roles(request.user, unit)
    allowed = assess.available(request.user, unit, found_roles)
    scores = list(unit.scores.select_related("sub__criterion__area").prefetch_related("files"))
    return render(request, "reform/unit.html", {
        "unit": unit, "assessment": unit.assessment, "hidden": hidden,
        "groups": _groups(scores), "allowed": allowed,
        "verbs": [(a, cycle.VERBS[a]) for a in allowed],
        "result": None if hidden else assess.result(unit, scores=scores),
        "events": unit.events.order_by("seq"), "labels": cycle.LABELS,
        "decisions": [("keep", _("keep")), ("lower", _("lower")), ("raise", _("raise"))],
        "missing": assess.missing(unit) if "submit" in allowed else {},
        "now": timezone.now(),
    })


def _groups(scores):
    """[(area, [(criterion, [score, ...]), ...]), ...] in the framework's order."""
    out = []
    for score in scores:
        criterion = score.sub.criterion
        if not out or out[-1][0] != criterion.area:
            out.append((criterion.area, []))
        if not out[-1][1] or out[-1][1][-1][0] != criterion:
            out[-1][1].append((criterion, []))
        out[-1][1][-1][1].append(score)
    return out


@staff_required
@require_GET
def evidence_file(request, pk):
    stored = get_object_or_404(EvidenceFile.objects.select_related(
        "score__unit__agency"), pk=pk)
    unit = stored.score.unit
    assess.get_unit_for_user(request.user, unit.assessment_id, unit.agency.code)  # the gate
    return private_file_response(stored, filename=stored.name.encode("ascii", "ignore")
                                 .decode() or "minh-chung")


def _results(request):
    unit_type = request.GET.get("loai", Framework.UnitType.DEPARTMENT)
    unit_type = unit_type if unit_type in Framework.UnitType.values else \
        Framework.UnitType.DEPARTMENT
    history = assess.latest_publications(unit_type)
    years = [p.assessment.framework.year for p in history]
    year = request.GET.get("nam", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    current = next((p for p in history if p.assessment.framework.year == year), None)
    return unit_type, history, year, current


@staff_required
@require_GET
def dashboard(request):
    """Supervisors' view of the published indexes: the ranking, the trend of a unit against
    the city across years, and its fields against the city's mean."""
    unit_type, history, year, current = _results(request)
    code = request.GET.get("don_vi", "")[:40]
    rows = current.results if current else []
    chosen = next((r for r in rows if r["agency"] == code), rows[0] if rows else None)
    return render(request, "reform/dashboard.html", {
        "unit_type": unit_type, "unit_types": Framework.UnitType.choices, "year": year,
        "years": [p.assessment.framework.year for p in history], "current": current,
        "rows": rows, "chosen": chosen,
        "trend": charts.trend(history, chosen["agency"]) if chosen else None,
        "fields": charts.fields(rows, chosen) if chosen else None,
        "mean": (sum(Decimal(r["total"]) for r in rows) / len(rows)).quantize(
            Decimal("0.01")) if rows else None,
    })


@require_GET
def public_results(request):
    """The published reform index of the city's departments and communes, for everyone."""
    unit_type, history, year, current = _results(request)
    return render(request, "reform/public.html", {
        "unit_type": unit_type, "unit_types": Framework.UnitType.choices, "year": year,
        "years": [p.assessment.framework.year for p in history], "current": current,
    })
