from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.utils.translation import gettext as _
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


@require_GET
def home(request):
    active = Procedure.objects.active_on()
    fields = Field.objects.filter(procedures__in=active).annotate(count=Count("procedures"))
    return render(request, "home.html", {
        "fields": sorted(fields, key=lambda f: sort_key(f.name)),
        "procedure_count": active.count(),
    })


def api_not_found(request, *args, **kwargs):
    return JsonResponse({"error": "not_found", "detail": _("This API address does not exist.")},
                        status=404, json_dumps_params={"ensure_ascii": False})


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "server_error", "detail": _("Server error.")}, status=500,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "500.html", status=500)
