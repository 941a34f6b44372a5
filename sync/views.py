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
from sync.models import DossierSync, InboundRecord, SyncMessage
from units.access import roles_of, visible_agency_ids
from units.models import Agency, StaffRole

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


INBOUND_FILTERS = {"refused": InboundRecord.Status.REFUSED,
                   "waiting": InboundRecord.Status.WAITING,
                   "accepted": InboundRecord.Status.ACCEPTED}


def inbound_for_user(user):
    """Records from the national portal a supervisor may see: those of units in their scope,
    and, for the province's supervisors, those naming no unit of this province."""
    records = InboundRecord.objects.select_related("dossier", "agency")
    ids = visible_agency_ids(user)
    if ids is None:
        return records
    province_wide = Agency.objects.filter(pk__in=ids, kind=Agency.Kind.PROVINCE_COMMITTEE) \
        .exists()
    scope = Q(agency_id__in=ids)
    if province_wide:
        scope |= Q(agency__isnull=True)
    return records.filter(scope)


@staff_required
@require_http_methods(["GET"])
def inbound_records(request):
    """What the national portal sent that MotCua refused (the default), is still trying, or
    took; newest first, with the reason and the field it points at."""
    if not may_retry(request.user):
        raise PermissionDenied
    shown = request.GET.get("status", "refused")
    if shown not in INBOUND_FILTERS:
        shown = "refused"
    mine = inbound_for_user(request.user)
    rows = mine.filter(status=INBOUND_FILTERS[shown]).order_by("-received_at")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    counts = {key: mine.filter(status=value).count() for key, value in INBOUND_FILTERS.items()}
    return render(request, "sync/inbound.html", {
        "page": page, "shown": shown, "counts": counts,
        "unacknowledged": mine.filter(acknowledged_at__isnull=True)
        .exclude(status=InboundRecord.Status.WAITING).count()})
