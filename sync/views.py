"""The supervisor's list of dossiers the national portal has not taken, with the reason, and
the retry once the cause is fixed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dossiers.actions import dossiers_for_user, get_dossier_for_user
from office.views import staff_required
from sync import outbox
from sync.models import DossierSync, SyncMessage
from units.access import roles_of
from units.models import StaffRole

RETRY_ROLES = {StaffRole.Role.SUPERVISOR, StaffRole.Role.LEADER, StaffRole.Role.ADMINISTRATOR}
DELAYED_AFTER = 3  # attempts: a record still waiting after these is shown as delayed


def may_retry(user):
    return user.is_superuser or any(r.role in RETRY_ROLES for r in roles_of(user))


@staff_required
@require_http_methods(["GET", "POST"])
def failures(request):
    if request.method == "POST":
        if not may_retry(request.user):
            raise PermissionDenied
        try:
            dossier = get_dossier_for_user(request.user, request.POST.get("dossier", "")[:64])
        except Http404:
            messages.error(request, _("No dossier you may see has this code."))
            return redirect("sync:failures")
        if not DossierSync.objects.filter(dossier=dossier).exists():
            messages.error(request, _("This dossier has nothing to send."))
        else:
            outbox.retry(dossier)
            messages.success(request, _("Dossier %(code)s will be sent again.")
                             % {"code": dossier.code})
        return redirect("sync:failures")
    delayed = SyncMessage.objects.filter(dossier_id=OuterRef("dossier_id"), status="pending",
                                         attempts__gte=DELAYED_AFTER)
    rows = (DossierSync.objects
            .filter(dossier__in=dossiers_for_user(request.user))
            .annotate(delayed=Exists(delayed))
            .filter(Q(state=DossierSync.State.FAILED) | Q(delayed=True))
            .select_related("dossier__procedure", "dossier__agency")
            .order_by("-failed_at", "dossier__code"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "sync/failures.html", {
        "page": page, "can_retry": may_retry(request.user),
        "waiting": DossierSync.objects.filter(dossier__in=dossiers_for_user(request.user),
                                              state=DossierSync.State.PENDING).count()})
