from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog.models import Field, Procedure
from motcua.text import sort_key


@require_GET
@never_cache
def healthz(request):
    """Liveness and readiness: 200 when the database answers, 503 naming the failing part."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure makes the instance not ready
        return JsonResponse(
            {"status": "error", "database": "error", "detail": exc.__class__.__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def _ready_checks():
    """{part: "ok" or what is wrong} for /readyz."""

    from django.conf import settings
    from django.core.cache import cache
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    parts = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        parts["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 (any failure makes the instance not ready)
        parts["database"] = f"error: {exc.__class__.__name__}"
        return parts
    try:
        cache.set("motcua:readyz", 1, 10)
        parts["cache"] = "ok" if cache.get("motcua:readyz") == 1 else "error: not kept"
    except Exception as exc:  # noqa: BLE001
        parts["cache"] = f"error: {exc.__class__.__name__}"
    oldest = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at") \
        .values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    parts["job_backlog_seconds"] = round(age)
    parts["jobs"] = "ok" if age <= settings.MOTCUA_READY_BACKLOG_SECONDS else \
        f"error: the oldest waiting job is {round(age)} s old (no worker running?)"
    from results import signing

    try:
        signing.signer_name()
        parts["signer"] = "ok"
    except Exception as exc:  # noqa: BLE001 (a missing certificate, an HSM not answering)
        parts["signer"] = f"error: {exc.__class__.__name__}"
    return parts


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the SVG icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)


@require_GET
@never_cache
def readyz(request):
    """Readiness: the database, the shared cache, the age of the job backlog, the signer. 503
    naming what fails, so a load balancer sends no traffic here until it is ready.
    (/healthz stays the liveness check.)"""
    parts = _ready_checks()
    ready = all(v == "ok" for k, v in parts.items() if k != "job_backlog_seconds")
    return JsonResponse({"status": "ok" if ready else "error", **parts},
                        status=200 if ready else 503)


@require_GET
def home(request):
    active = Procedure.objects.active_on()
    fields = Field.objects.filter(procedures__in=active).annotate(count=Count("procedures"))
    from units.models import Agency, ServiceCenter

    center = ServiceCenter.objects.filter(
        agency__kind=Agency.Kind.PROVINCE_COMMITTEE, is_active=True).first()
    return render(request, "home.html", {
        "fields": sorted(fields, key=lambda f: sort_key(f.name)),
        "procedure_count": active.count(),
        "most_used": most_used_procedures(),
        "center": center,
        # The working day the calendar counts (workcalendar), as people read it.
        "office_hours": ", ".join(part.replace("-", "–") for part in
                                  settings.MOTCUA_OFFICE_HOURS.split(",")),
    })


def most_used_procedures(days=90, limit=8):
    """The procedures people filed most in the last `days` (kept in the shared cache for an
    hour: a count over a city's months is not for every visit)."""
    from django.core.cache import cache

    key = f"motcua:home:most-used:{days}:{limit}"
    found = cache.get(key)
    if found is None:
        import datetime as dt

        from django.utils import timezone

        from dossiers.models import Dossier

        since = timezone.now() - dt.timedelta(days=days)
        codes = list(Dossier.objects.filter(submitted_at__gte=since).order_by()
                     .values("procedure_id").annotate(n=Count("id")).order_by("-n")
                     .values_list("procedure_id", flat=True)[:limit])
        named = {p.pk: (p.code, p.name) for p in Procedure.objects.filter(pk__in=codes)}
        found = [named[pk] for pk in codes if pk in named]
        cache.set(key, found, 3600)
    return found


def api_not_found(request, *args, **kwargs):
    return JsonResponse({"error": "not_found", "detail": _("This API address does not exist.")},
                        status=404, json_dumps_params={"ensure_ascii": False})


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return render(request, "404.html", status=404)


def _api_error(code, detail, status):
    return JsonResponse({"error": code, "detail": str(detail)}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception=None):
    """400, also for a body over DATA_UPLOAD_MAX_MEMORY_SIZE: JSON under /api/."""
    if request.path.startswith("/api/"):
        return _api_error("bad_request", _("The request cannot be read."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_error("permission_denied",
                          _("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """A form or API call without its CSRF token (settings.CSRF_FAILURE_VIEW)."""
    if request.path.startswith("/api/"):
        return _api_error("csrf_failed", _("The request lacks its security token (CSRF): "
                                           "reload the page, or call the API with a token."),
                          403)
    return csrf.csrf_failure(request, reason)


def locked_out(request, original_response=None, credentials=None):
    """Too many failed sign-ins (django-axes): JSON under /api/, a page elsewhere."""
    from motcua.signin import cool_off

    minutes = int(cool_off(request).total_seconds() // 60)
    detail = _("Too many failed sign-ins: sign-in is locked for %(minutes)d minutes. An "
               "administrator can lift it.") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return _api_error("locked_out", detail, 429)
    return render(request, "office/locked_out.html", {"detail": detail}, status=429)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "server_error", "detail": _("Server error.")}, status=500,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "500.html", status=500)
