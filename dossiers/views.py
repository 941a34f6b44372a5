from django.shortcuts import render
from django.views.decorators.http import require_GET

from dossiers.tracking import NOT_FOUND, TrackingThrottle, track


@require_GET
def tracking_page(request):
    """/tra-cuu/: the public tracking page, same rules as the API."""
    code = request.GET.get("code", "").strip()
    last4 = request.GET.get("phone_last4", "").strip()
    context = {"code": code, "phone_last4": last4}
    if code or last4:
        if not TrackingThrottle().allow_request(request, None):
            return render(request, "dossiers/tracking.html", {**context, "throttled": True},
                          status=429)
        found = track(code, last4)
        context["found"] = found
        if found is None:
            context["error"] = NOT_FOUND
    return render(request, "dossiers/tracking.html", context)
