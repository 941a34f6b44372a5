"""The office's list of money to give back (overpayments, payments of replaced requests)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from office.views import staff_required
from payments import actions
from payments.models import Refund
from units.access import visible_agency_ids


@staff_required
@require_http_methods(["GET", "POST"])
def refunds(request):
    ids = visible_agency_ids(request.user)
    if request.method == "POST":
        refund = get_object_or_404(actions.open_refunds(ids), pk=request.POST.get("refund"))
        try:
            cleaned = actions.check_refunded(request.user, refund, request.POST)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            actions.do_refunded(refund, cleaned, request.user)
            messages.success(request, _("The refund of %(amount)s đồng on %(code)s is recorded.")
                             % {"amount": f"{refund.amount:,}".replace(",", "."),
                                "code": refund.dossier.code})
        return redirect("payments_office:refunds")
    done = Refund.objects.filter(refunded_at__isnull=False).select_related("dossier")
    if ids is not None:
        done = done.filter(dossier__agency_id__in=ids)
    return render(request, "payments/refunds.html", {
        "open": actions.open_refunds(ids)[:200], "done": done.order_by("-refunded_at")[:20]})
