"""Citizen pages: sign in, apply online, my dossiers (status, timeline, what is asked of me).

Thin views over portal.actions and dossiers.actions; everything works without JavaScript.
"""

from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from catalog.formfields import answers
from catalog.models import Procedure
from dossiers import slips
from dossiers import transitions as t
from dossiers.actions import (
    DossierConflict,
    available_actions,
    do_action,
    dossiers_for_user,
    get_dossier_for_user,
)
from dossiers.documents import private_file_response
from feedback import ratings
from feedback.models import FACTORS, Level, Rating
from integrations.identity.base import IdentityError
from integrations.identity.registry import providers
from payments import actions as payment_actions
from payments.contrib.demo import DemoPayments
from payments.models import Payment
from payments.registry import providers as payment_providers
from portal import actions
from portal.accounts import sign_in
from portal.forms import ApplyForm
from portal.store import stored_for
from portal.supplements import check_supplement_answer, do_answer_supplement, missing_documents


def person_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        return view(request, *args, **kwargs)
    return wrapper


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("portal:my_dossiers")


# ----------------------------------------------------------------------------- sign in


def login_page(request):
    return render(request, "portal/login.html", {
        "providers": providers().values(), "next": request.GET.get("next", "")})


def login_begin(request, provider):
    plugin = providers().get(provider)
    if plugin is None:
        raise Http404
    request.session["login_next"] = _safe_next(request, request.GET.get("next", ""))
    callback = request.build_absolute_uri(reverse("portal:login_callback", args=[provider]))
    try:
        return plugin.begin(request, callback)
    except IdentityError as exc:
        messages.error(request, str(exc))
        return redirect("portal:login")


@require_http_methods(["GET", "POST"])
def login_callback(request, provider):
    plugin = providers().get(provider)
    if plugin is None:
        raise Http404
    callback = request.build_absolute_uri(reverse("portal:login_callback", args=[provider]))
    try:
        identity = plugin.complete(request, callback)
    except IdentityError as exc:
        messages.error(request, str(exc))
        return redirect("portal:login")
    next_url = request.session.pop("login_next", "")
    sign_in(request, identity)
    messages.success(request, _("Signed in as %(name)s.") % {"name": identity.full_name})
    return redirect(_safe_next(request, next_url))


@require_POST
def logout_view(request):
    logout(request)
    return redirect("home")


# ----------------------------------------------------------------------------- apply


@person_required
@require_http_methods(["GET", "POST"])
def apply(request, code):
    procedure = Procedure.objects.prefetch_related("components", "form_fields", "publication_items") \
        .filter(code=code).first()
    if procedure is None:
        raise Http404
    if not (procedure.accepts_online and procedure.accepts_dossiers()):
        messages.error(request, _("This procedure is not offered online: apply at a counter."))
        return redirect("catalog:detail", code=code)
    draft = actions.draft_for(request.user, procedure)
    form = ApplyForm(request.POST or None, request.FILES or None, procedure=procedure,
                     initial=draft.data, stored=list(request.user.stored_documents.all()))
    if request.method == "POST" and form.is_valid():
        asked = {form.file_field(c): c for c in form.asked}
        try:
            checked = actions.check_files(request.FILES, asked)
            reused = actions.check_store_choices(request.user, form.store_choices())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(form.field_for_error(field), error)
        else:
            actions.do_save_draft(draft, form.text_data(), checked, reused)
            if "submit" not in request.POST:
                messages.success(request, _("Draft saved. You can come back to it later."))
                return redirect("portal:apply", code=code)
            try:
                cleaned = actions.check_submit_draft(request.user, draft,
                                                     vneid=request.session.get("vneid"))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(form.field_for_error(field), error)
            else:
                dossier = actions.do_submit_draft(draft, cleaned, request.user)
                messages.success(request, _(
                    "Your dossier %(code)s was filed. The one-stop desk will check it and "
                    "send you the receipt.") % {"code": dossier.code})
                return redirect("portal:my_dossier", code=dossier.code)
    return render(request, "portal/apply.html", {
        "procedure": procedure, "form": form, "draft": draft,
        "draft_files": {f.component_name: f for f in draft.files.select_related("from_store")},
    })


# ----------------------------------------------------------------------------- my dossiers


@person_required
def my_dossiers(request):
    mine = dossiers_for_user(request.user).filter(applicant=request.user)
    shown = request.GET.get("trang_thai", "")
    if shown not in MY_FILTERS:
        shown = ""
    dossiers = (mine.filter(**MY_FILTERS[shown][1]) if shown else mine) \
        .select_related("procedure", "agency").order_by("-submitted_at") \
        .annotate(rated=Exists(Rating.objects.filter(dossier=OuterRef("pk"))))
    drafts = request.user.drafts.select_related("procedure").order_by("-updated_at")
    from integrations.models import Notification

    # What MotCua told the person (one line per news, whatever the channels it went by).
    news, seen = [], set()
    for note in (Notification.objects.filter(dossier__in=mine).select_related("dossier")
                 .order_by("-created_at")[:60]):
        if note.event_id not in seen:
            seen.add(note.event_id)
            news.append(note)
    return render(request, "portal/my_dossiers.html", {
        "dossiers": dossiers, "drafts": drafts, "news": news[:20], "shown": shown,
        "filters": [(key, label) for key, (label, _) in MY_FILTERS.items()]})


MY_FILTERS = {
    "dang-xu-ly": (gettext_lazy("In progress"), {"status__in": ["submitted", "received",
                                                               "processing"]}),
    "can-bo-sung": (gettext_lazy("Waiting for me"), {"status__in": ["supplement", "payment"]}),
    "co-ket-qua": (gettext_lazy("Result ready or returned"), {"status__in": ["resolved",
                                                                            "returned"]}),
    "da-dong": (gettext_lazy("Closed"), {"status__in": ["refused", "withdrawn", "stopped"]}),
}


@person_required
@require_http_methods(["GET", "POST"])
def my_dossier(request, code):
    dossier = get_dossier_for_user(request.user, code)
    if dossier.applicant_id != request.user.pk:
        raise Http404  # staff use the office pages
    if request.method == "POST":
        return _act(request, dossier) or redirect("portal:my_dossier", code=code)
    allowed = available_actions(request.user, dossier)
    return render(request, "portal/my_dossier.html", {
        "dossier": dossier,
        "events": dossier.events.select_related("agency").order_by("seq"),
        "answers": answers(dossier.procedure.form_fields.all(), dossier.form_data),
        "documents": dossier.documents.all(),
        "missing": missing_documents(dossier) if dossier.status == t.SUPPLEMENT else None,
        "can_withdraw": "withdraw" in allowed,
        **_payments(dossier),
        "can_answer": bool({"resume", "resubmit"} & set(allowed)),
        **_rating(dossier),
        "levels": Level.choices, "factors": [(k, label, "") for k, label in FACTORS.items()],
        "slips": [(k, slips.TITLES[k].capitalize()) for k in slips.KINDS
                  if slips.for_applicant(k) and slips.available(dossier, k)],
    })


def _rating(dossier):
    rating = dossier.ratings.first()
    return {"rating": rating, "can_rate": ratings.can_rate(dossier, rated=rating is not None)}


def _payments(dossier):
    lines = list(dossier.fee_lines.all())
    return {"fee_lines": lines, "owed": sum(line.amount for line in lines if line.outstanding),
            "pay_methods": list(payment_providers().values()),
            "receipts": dossier.payments.filter(status=Payment.Status.PAID)}


@person_required
@require_http_methods(["GET", "POST"])
def payment_page(request, reference):
    """How to pay: the VietQR code to scan, or the demo provider's button."""
    payment = Payment.objects.select_related("dossier").filter(reference=reference).first()
    if payment is None or payment.dossier.applicant_id != request.user.pk:
        raise Http404
    provider = payment_providers().get(payment.provider)
    if request.method == "POST":
        if isinstance(provider, DemoPayments):
            payment_actions.do_demo_pay(payment, provider)
        return redirect("portal:payment", reference=reference)
    payment.refresh_from_db()
    qr_svg = None
    if payment.instructions.get("kind") == "vietqr" and payment.status == Payment.Status.PENDING:
        qr_svg = segno.make(payment.instructions["qr"], error="m").svg_inline(scale=5)
    return render(request, "portal/payment.html", {
        "payment": payment, "provider": provider, "qr_svg": qr_svg,
        "demo": isinstance(provider, DemoPayments)})


@person_required
def data_store(request):
    documents = request.user.stored_documents.select_related("source_dossier")
    return render(request, "portal/store.html", {"documents": documents})


@person_required
def stored_file(request, pk):
    document = stored_for(request.user, pk)
    if document is None:
        raise Http404
    return private_file_response(document)


def _act(request, dossier):
    what = request.POST.get("do")
    try:
        if what == "withdraw":
            do_action(request.user, dossier.code, "withdraw",
                      {"reason": request.POST.get("reason", "")})
            messages.success(request, _("Your dossier was withdrawn."))
        elif what == "supplement":
            checked = check_supplement_answer(dossier, request.FILES)
            do_answer_supplement(request.user, dossier, checked,
                                 note=request.POST.get("note", "")[:2000])
            messages.success(request, _("Thank you: the documents were sent and processing "
                                        "goes on."))
        elif what == "pay":
            provider, lines = payment_actions.check_start(request.user, dossier,
                                                         request.POST.get("provider"))
            payment = payment_actions.do_start(dossier, provider, lines, request.user)
            return redirect("portal:payment", reference=payment.reference)
        else:
            messages.error(request, _("Choose what to do."))
    except DossierConflict as exc:
        messages.error(request, str(exc))
    except (ValidationError, PermissionDenied) as exc:
        for error in getattr(exc, "messages", [str(exc)]):
            messages.error(request, error)
