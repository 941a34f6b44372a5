"""Staff pages of assigned tasks and KPI: thin views over directives.actions, .report, .kpi."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from directives import actions, excel, kpi, report
from directives import lifecycle as life
from directives.models import Directive, Task, TaskFile
from directives.scores import OUTCOME_LABELS, OUTCOMES, band
from dossiers.documents import private_file_response
from motcua.db import report_view
from office.views import staff_required


def _messages(request, exc):
    if isinstance(exc, ValidationError):
        for errors in (exc.message_dict.values() if hasattr(exc, "error_dict")
                       else [exc.messages]):
            for error in errors:
                messages.error(request, error)
    else:
        messages.error(request, str(exc))


def _year(request):
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def _unit(request):
    return actions.find_agency(request.GET.get("don_vi")) if request.GET.get("don_vi") else None


def _directive(request, user):
    value = request.GET.get("van_ban", "")
    if not value.isdigit():
        return None
    return actions.directives_for_user(user).filter(pk=int(value)).first()


@staff_required
@require_GET
def task_list(request):
    outcome = request.GET.get("ket_qua", "")
    outcome = outcome if outcome in OUTCOMES else None
    unit, directive, year = _unit(request), _directive(request, request.user), _year(request)
    qs = report.drilldown(request.user, outcome=outcome, unit=unit, directive=directive,
                          year=year)
    if request.GET.get("cua_toi"):
        qs = qs.filter(assignee=request.user)
    if request.GET.get("dinh_dang") == "xlsx":
        response = HttpResponse(excel.export(qs.prefetch_related("supporting")[:5000]),
                                content_type="application/vnd.openxmlformats-officedocument."
                                             "spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="nhiem-vu.xlsx"'
        return response
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(request, "directives/tasks.html", {
        "page": page, "outcome": outcome, "unit": unit, "directive": directive, "year": year,
        "labels": OUTCOME_LABELS, "now": now, "query": request.GET.urlencode(),
        "rows": [(t, t.outcome(now)) for t in page], "outcome_labels": OUTCOME_LABELS,
    })


@staff_required
@require_GET
@report_view
def summary(request):
    year = _year(request)  # every year unless one is chosen: open tasks may be due next year
    unit, directive = _unit(request), _directive(request, request.user)
    data = report.summary(request.user, year=year, unit=unit, directive=directive)
    fmt = request.GET.get("dinh_dang")
    if fmt in ("xlsx", "csv"):
        title = _("Assigned tasks, %(year)d") % {"year": year} if year else \
            _("Assigned tasks")
        body = report.export_xlsx(data, title) if fmt == "xlsx" else report.export_csv(data)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv"
                                else "application/vnd.openxmlformats-officedocument."
                                     "spreadsheetml.sheet")
        response["Content-Disposition"] = \
            f'attachment; filename="nhiem-vu-{year or "tat-ca"}.{fmt}"'
        return response
    return render(request, "directives/summary.html", {
        "data": data, "year": year, "unit": unit, "directive": directive,
        "labels": OUTCOME_LABELS, "outcomes": OUTCOMES, "chart": _chart(data["trend"]),
        "years": range(timezone.localdate().year - 2, timezone.localdate().year + 2),
        "query": request.GET.urlencode(),
    })


SERIES = [("done_on_time", "#15803d", gettext_lazy("done on time")),
          ("done_late", "#ca8a04", gettext_lazy("done late")),
          ("overdue", "#b91c1c", gettext_lazy("overdue"))]


def _chart(trend, height=120, slot=46):
    """Bars per month (done on time, done late, overdue), drawn on the server as SVG."""
    peak = max([max(row[key] for key, _c, _n in SERIES) for row in trend] or [0]) or 1
    bars, labels = [], []
    for i, row in enumerate(trend):
        x = 8 + i * slot
        for j, (key, colour, name) in enumerate(SERIES):
            h = round(row[key] * (height - 20) / peak)
            bars.append({"x": x + j * 11, "y": height - 16 - h, "w": 10, "h": h,
                         "colour": colour, "title": f"{row['month']}: {row[key]} {name}"})
        labels.append((x, row["month"]))
    return {"width": max(8 + len(trend) * slot, 100), "height": height, "bars": bars,
            "labels": labels, "legend": [(c, n) for _k, c, n in SERIES]}


@staff_required
@require_http_methods(["GET", "POST"])
def directive_list(request):
    errors, data = {}, {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in (
            "kind", "number", "issued_on", "title", "signer_name", "signer_title")}
        try:
            directive = actions.do_create_directive(actions.check_directive(
                request.user, data, request.FILES.get("file")), request.user)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Document %(number)s recorded: now assign its tasks.")
                             % {"number": directive.number})
            return redirect("directives:directive", pk=directive.pk)
    from django.db.models import Count

    documents = actions.directives_for_user(request.user).select_related("issuer") \
        .annotate(n=Count("tasks", distinct=True)).order_by("-issued_on", "-id")
    return render(request, "directives/directives.html", {
        "documents": Paginator(documents, 30).get_page(request.GET.get("page")),
        "kinds": Directive.Kind.choices, "errors": errors, "data": data,
        "may_record": actions.offices_of(request.user).exists(),
    }, status=400 if errors else 200)


TASK_FIELDS = ("content", "lead", "supporting", "due_days", "due_on", "recurrence", "until",
               "category", "priority", "assignee")


@staff_required
@require_http_methods(["GET", "POST"])
def directive_page(request, pk):
    directive = get_object_or_404(actions.directives_for_user(request.user)
                                  .select_related("issuer"), pk=pk)
    errors, data, import_errors = {}, {}, []
    if request.method == "POST" and request.POST.get("action") == "import":
        upload = request.FILES.get("workbook")
        try:
            if upload is None or upload.size > 5 * 1024 * 1024:
                raise ValidationError(_("Choose an Excel file (.xlsx) of at most 5 MB."))
            checked = excel.check_import(request.user, directive, upload.read())
            created = excel.do_import(checked, request.user)
        except ValidationError as exc:
            import_errors = exc.messages
        else:
            messages.success(request, _("%(n)d tasks imported.") % {"n": len(created)})
            return redirect("directives:directive", pk=pk)
    elif request.method == "POST":
        data = {k: request.POST.get(k, "") for k in TASK_FIELDS}
        data["supporting"] = [v for v in request.POST.getlist("supporting") if v.strip()]
        data["directive"] = str(directive.pk)
        try:
            created = actions.do_create_tasks(actions.check_new_task(request.user, data),
                                              request.user)
        except (ValidationError, PermissionDenied) as exc:
            errors = exc.message_dict if isinstance(exc, ValidationError) and hasattr(
                exc, "error_dict") else {"content": [str(exc)]}
        else:
            messages.success(request, _("Task %(code)s assigned to %(unit)s.") % {
                "code": created[0].code, "unit": created[0].lead.name})
            return redirect("directives:directive", pk=pk)
    if request.GET.get("dinh_dang") == "xlsx":
        response = HttpResponse(excel.export(directive.tasks.select_related(
            "lead", "assignee").prefetch_related("supporting").order_by("id")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{directive.pk}.xlsx"'
        return response
    from units.models import Agency

    may_assign = actions.offices_of(request.user).filter(pk=directive.issuer_id).exists()
    now = timezone.now()
    tasks = actions.tasks_for_user(request.user).filter(directive=directive, parent=None) \
        .select_related("lead").order_by("due_at", "id")
    return render(request, "directives/directive.html", {
        "directive": directive, "rows": [(t, t.outcome(now)) for t in tasks],
        "errors": errors, "data": data, "import_errors": import_errors,
        "may_assign": may_assign, "categories": Task.Category.choices,
        "priorities": Task.Priority.choices, "recurrences": Task.Recurrence.choices,
        "agencies": Agency.objects.filter(is_active=True).exclude(
            kind=Agency.Kind.PROVINCE_COMMITTEE).order_by("kind", "name") if may_assign else [],
        "columns": excel.COLUMNS, "outcome_labels": OUTCOME_LABELS,
        "summary": report.summary(request.user, directive=directive)["total"],
    }, status=400 if errors or import_errors else 200)


ACTION_FIELDS = ("note", "percent", "text", "reason", "new_due", "result", "assignee",
                 "content", "lead", "due_on", "due_days", "priority", "category")


@staff_required
@require_http_methods(["GET", "POST"])
def task_page(request, code):
    if request.method == "POST":
        action = request.POST.get("action", "")
        data = {k: request.POST.get(k, "").strip() for k in ACTION_FIELDS}
        data = {k: v for k, v in data.items() if v}
        if action == "split":
            data["supporting"] = [v for v in request.POST.getlist("supporting") if v.strip()]
        try:
            actions.do_action(request.user, code, action, data, request.FILES.getlist("files"))
        except (actions.TaskConflict, ValidationError, PermissionDenied) as exc:
            _messages(request, exc)
        else:
            messages.success(request, str(life.LABELS.get(action, action)))
        return redirect("directives:task", code=code)
    task = actions.get_task_for_user(request.user, code)
    roles = actions.task_roles(request.user, task)
    now = timezone.now()
    from django.contrib.auth import get_user_model

    return render(request, "directives/task.html", {
        "task": task, "outcome": task.outcome(now), "outcome_labels": OUTCOME_LABELS,
        "events": task.events.select_related("agency").prefetch_related("files")
        .order_by("seq"),
        "actions": [(a, life.VERBS[a]) for a in actions.available_actions(request.user, task,
                                                                          roles)],
        "subtasks": [(t, t.outcome(now)) for t in task.subtasks.select_related("lead",
                                                                               "assignee")],
        "extensions": task.extensions.order_by("-requested_at"),
        "supporting": task.supporting.all(),
        "staff": get_user_model().objects.filter(staff_roles__agency=task.lead)
        .distinct().order_by("last_name", "first_name"),
        "subunits": [task.lead, *task.lead.children.filter(is_active=True)]
        if hasattr(task.lead, "children") else [task.lead],
    })


@staff_required
@require_GET
def task_file(request, pk):
    stored = get_object_or_404(TaskFile.objects.select_related("event__task"), pk=pk)
    actions.get_task_for_user(request.user, stored.event.task.code)  # the read gate
    return private_file_response(stored, filename=stored.name.encode("ascii", "ignore")
                                 .decode() or "tep")


@staff_required
@require_GET
def directive_file(request, pk):
    directive = get_object_or_404(actions.directives_for_user(request.user), pk=pk)
    if not directive.file:
        raise Http404
    return private_file_response(directive, filename=f"van-ban-{directive.pk}")


@staff_required
@require_http_methods(["GET", "POST"])
def kpi_page(request):
    month = request.GET.get("thang") or request.POST.get("thang") \
        or f"{timezone.localdate():%Y-%m}"
    month = month[:7] if len(month) >= 7 and month[4] == "-" else f"{timezone.localdate():%Y-%m}"
    if request.method == "POST":
        _kpi_post(request)
        return redirect(f"{request.path}?thang={month}")
    visible = kpi.visible(request.user).select_related("user", "agency")
    mine = visible.filter(user=request.user).order_by("-month")[:12]
    led = kpi.led_agencies(request.user)
    unit = visible.filter(month=month, agency_id__in=led).exclude(user=request.user) \
        .order_by("agency__name", "user__last_name") if led else []
    return render(request, "directives/kpi.html", {
        "month": month, "mine": mine, "unit": unit, "leader": bool(led),
        "this_month": next((k for k in mine if k.month == month), None),
        "band": band, "year": int(month[:4]),
        "criteria_labels": {"dossiers": _("Dossier steps on time"),
                            "tasks": _("Tasks in my charge"),
                            "supplements": _("Supplement requests"),
                            "ratings": _("Satisfied ratings")},
    })


def _kpi_post(request):
    action = request.POST.get("action")
    try:
        if action == "year":
            from django.contrib.auth import get_user_model

            person = get_user_model().objects.filter(
                username=request.POST.get("user", "")[:150]).first()
            if person is None:
                raise ValidationError({"user": _("Choose a civil servant.")})
            evaluation = kpi.do_year(request.user, person,
                                     kpi.check_year(request.user, person, request.POST))
            messages.success(request, _("%(year)d evaluation: %(total)s, %(band)s.") % {
                "year": evaluation.year, "total": evaluation.total, "band": evaluation.band})
            return
        record = kpi.visible(request.user).filter(pk=request.POST.get("kpi") or 0).first() \
            if str(request.POST.get("kpi", "")).isdigit() else None
        if record is None:
            raise ValidationError({"kpi": _("No month of yours or your unit's is chosen.")})
        if action == "score":
            kpi.do_qualitative(request.user, record,
                               kpi.check_qualitative(request.user, record, request.POST))
            messages.success(request, _("Score saved."))
        elif action == "acknowledge":
            kpi.do_acknowledge(request.user, record,
                               kpi.check_acknowledge(request.user, record, request.POST))
            messages.success(request, _("Month acknowledged."))
        else:
            raise ValidationError({"action": _("Choose what to do.")})
    except (ValidationError, PermissionDenied) as exc:
        _messages(request, exc)

