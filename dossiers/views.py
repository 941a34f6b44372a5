from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dossiers.actions import get_dossier_for_user
from dossiers.documents import private_file_response
from dossiers.tracking import LOCKED, NOT_FOUND, TrackingLocked, TrackingThrottle, track


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
        try:
            found = track(code, last4)
        except TrackingLocked:
            return render(request, "dossiers/tracking.html", {**context, "error": LOCKED},
                          status=429)
        context["found"] = found
        if found is None:
            context["error"] = NOT_FOUND
    return render(request, "dossiers/tracking.html", context)


@require_GET
def document(request, code, pk):
    """A document of a dossier, for its applicant and the staff who may see the dossier only."""
    if not request.user.is_authenticated:
        raise Http404
    return document_response(request.user, code, pk)


def document_response(user, code, pk):
    """The file of a dossier's document, through the one gate (get_dossier_for_user)."""
    dossier = get_dossier_for_user(user, code)
    doc = dossier.documents.filter(pk=pk).first()
    if doc is None:
        raise Http404
    extension = doc.file.name.rsplit(".", 1)[-1]
    return private_file_response(doc, f"{dossier.code}-{doc.pk}.{extension}")
