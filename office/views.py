"""Staff pages: inboxes, counter intake, the dossier page with the actions allowed to me.

Thin views over dossiers.actions (check_* / do_*); every rule lives there, so the pages and
the API behave the same.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog import search
from catalog.formfields import answers
from catalog.models import Procedure
from dossiers import fees, register, slips
from dossiers import transitions as t
from dossiers.actions import (
    DossierConflict,
    available_actions,
    check_create,
    do_action,
    do_create,
    dossiers_for_user,
    get_dossier_for_user,
    user_roles,
)
from dossiers.models import FeeLine, Notice
from motcua.templatetags.motcua import vnd
from office.forms import DossierSearchForm, IntakeForm, RegisterForm
from payments import actions as payment_actions
from payments.models import Payment
from portal.store import check_digitise, do_digitise
from results import actions as result_actions
from results.models import Result
from sync import outbox as sync_outbox
from units.access import agencies_for_user, is_staff_member, roles_of, visible_agency_ids
from units.models import ServiceCenter, StaffRole

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INBOXES = {
    "mine": gettext_lazy("Assigned to me"),
    "unit": gettext_lazy("My units, open"),
    "at_risk": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "approval": gettext_lazy("Waiting for my approval"),
    "to_transfer": gettext_lazy("Received, to send on"),
    "to_return": gettext_lazy("Results to return"),
}
TRANSFER_AT_ONCE = 100  # dossiers sent on in one press (a page of the tab is 30)


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper


COUNT_CAP = 1000  # a tab shows "999+" past this: counting further costs and tells nothing


def _box(user, box, now):
    """The dossiers of one inbox tab (one definition for the list and its count): open ones,
    or those decided whose result the counter has still to return (trả kết quả)."""
    if box == "to_return":
        return dossiers_for_user(user).filter(status=t.RESOLVED)
    if box == "to_transfer":  # received at the counter, not yet sent to the competent unit
        return dossiers_for_user(user).filter(status=t.RECEIVED)
    qs = dossiers_for_user(user).open()
    if box == "mine":
        return qs.filter(assignee=user)
    if box == "at_risk":
        return qs.at_risk(now)
    if box == "overdue":
        return qs.overdue(now)
    if box == "approval":
        # What was submitted for my signature (trình ký) in the units I lead.
        return qs.filter(status=t.PROCESSING, current_agency_id=F("agency_id"),
                         proposal__gt="", agency_id__in=[
                             r.agency_id for r in roles_of(user)
                             if r.role == StaffRole.Role.LEADER])
    return qs


def _count(qs):
    count = qs.order_by()[:COUNT_CAP].count()
    return f"{COUNT_CAP - 1}+" if count >= COUNT_CAP else count


@staff_required
def inbox(request, box="unit"):
    if box not in INBOXES:
        box = "unit"
    now = timezone.now()
    # The center too: whether a row may be sent on reads it (user_roles), once per row.
    qs = _box(request.user, box, now).select_related("procedure", "agency", "service_center")
    page = Paginator(qs.order_by("due_at", "id"), 30).get_page(request.GET.get("page"))
    counts = {key: _count(_box(request.user, key, now)) for key in INBOXES}
    return render(request, "office/inbox.html", {
        "box": box, "boxes": [(key, label, counts[key]) for key, label in INBOXES.items()],
        "page": page, "now": now,
        # The counter sends several received dossiers on at once (end of the day's reception).
        "select": box == "to_transfer" and any(
            "transfer" in available_actions(request.user, d) for d in page),
        "notices": Notice.objects.filter(user=request.user, read_at__isnull=True).count(),
        "kiosk": any(r.role == StaffRole.Role.COUNTER_OFFICER and r.service_center_id
                     for r in roles_of(request.user)),
    })


@staff_required
@require_POST
def transfer_many(request):
    """Chuyển xử lý for the dossiers ticked in "Received, to send on": each is sent on by the
    same action as its own page's button, in its own transaction, so one refused leaves the
    others sent; what was refused is said with its reason."""
    codes = list(dict.fromkeys(c.strip()[:64] for c in request.POST.getlist("code")
                               if c.strip()))
    if not codes:
        messages.error(request, _("Tick the dossiers to send on."))
    elif len(codes) > TRANSFER_AT_ONCE:
        messages.error(request, _("At most %(n)d dossiers at once.") % {"n": TRANSFER_AT_ONCE})
    else:
        sent = []
        for code in codes:
            try:
                do_action(request.user, code, "transfer", {})
            except Http404:
                messages.error(request, _("%(code)s: no dossier you may see has this code.")
                               % {"code": code})
            except (DossierConflict, PermissionDenied) as exc:
                messages.error(request, f"{code}: {exc}")
            except ValidationError as exc:
                messages.error(request, f"{code}: " + " ".join(
                    error for errors in exc.message_dict.values() for error in errors))
            else:
                sent.append(code)
        if sent:
            messages.success(request, ngettext(
                "%(n)d dossier sent to the competent unit.",
                "%(n)d dossiers sent to the competent unit.", len(sent)) % {"n": len(sent)})
    return redirect("office:box", box="to_transfer")


SEARCH_PAGE = 30


@staff_required
@require_GET
def search_dossiers(request):
    """Any dossier of my units, open or closed, found by its code (or the number at its end),
    the national portal's reference, the applicant's phone, identity number or name: the
    person at the counter asking after a dossier, a result to hand back, an old case."""
    units = list(agencies_for_user(request.user).order_by("name"))
    form = DossierSearchForm(request.GET or None, units=units if len(units) > 1 else ())
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        found = form.narrow(dossiers_for_user(request.user).matching(form.cleaned_data["q"]),
                            timezone.now())
        found = found.select_related("procedure", "agency").order_by("-submitted_at", "-id")
        page = Paginator(found, SEARCH_PAGE).get_page(request.GET.get("page"))
        query = form.cleaned_data["q"].casefold()
        if page.paginator.count == 1 and query in (
                page[0].code.casefold(), (page[0].national_reference or "").casefold()):
            # A whole code (typed, or scanned from the receipt's QR code) opens its dossier.
            return redirect("office:dossier", code=page[0].code)
    return render(request, "office/search.html", {
        "form": form, "page": page, "narrowed": bool(form.is_valid() and (
            form.cleaned_data.get("unit") or form.cleaned_data.get("state")))})


REGISTER_PAGE = 50


@staff_required
@require_GET
def register_page(request):
    """Sổ theo dõi hồ sơ of a service center I may see, for a period: shown, and as Excel."""
    ids = visible_agency_ids(request.user)
    centers = ServiceCenter.objects.filter(is_active=True).order_by("code")
    if ids is not None:
        centers = centers.filter(agency_id__in=ids)
    centers = list(centers)
    mine = next((r.service_center.code for r in roles_of(request.user) if r.service_center_id
                 and any(c.pk == r.service_center_id for c in centers)), None)
    form = RegisterForm(request.GET, centers=centers, mine=mine)
    page = None
    if centers and form.is_valid():
        center, first, last = (form.cleaned_data[key] for key in ("center", "first", "last"))
        found = register.dossiers(center, first, last)
        if request.GET.get("format") == "xlsx":
            if found.count() > register.MOST_LINES:
                messages.error(request, _(
                    "More than %(n)s dossiers in this period: take it in shorter periods.")
                    % {"n": f"{register.MOST_LINES:,}".replace(",", ".")})
            else:
                response = HttpResponse(
                    register.to_xlsx(center, first, last), content_type=XLSX)
                response["Content-Disposition"] = (
                    f'attachment; filename="so-theo-doi-ho-so-{center.code}-'
                    f'{first:%Y%m%d}-{last:%Y%m%d}.xlsx"')
                return response
        page = Paginator(found, REGISTER_PAGE).get_page(request.GET.get("page"))
        words = register.Words()
        page.lines = [_on_screen(register.line(page.start_index() + i, d, words))
                      for i, d in enumerate(page)]
    return render(request, "office/register.html", {
        "form": form, "page": page, "centers": centers,
        "columns": _on_screen([label for label, _w in register.COLUMNS])})


def _on_screen(cells):
    return [cell for i, cell in enumerate(cells) if i not in register.ON_PAPER]


@staff_required
@require_http_methods(["GET", "POST"])
def intake(request):
    if request.method == "POST" and "load" in request.POST:
        # Without scripts: "show the documents" reloads the form for the procedure typed in.
        form = IntakeForm(initial=_typed(request, "load"))
        return render(request, "office/intake.html", {"form": form})
    if request.method == "POST" and "lookup" in request.POST:
        return _intake_lookup(request)
    form = IntakeForm(request.POST or None,
                      initial={"procedure": request.GET.get("thu_tuc", "")[:40]})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the dossier and the fees it paid, or neither
                dossier = do_create(check_create(request.user, form.api_data()), request.user)
                payment = payment_actions.do_collect_at_reception(request.user, dossier) \
                    if form.cleaned_data.get("collect") else None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(form.field_for_error(field), error)
        else:
            messages.success(request, _("Dossier %(code)s created.") % {"code": dossier.code})
            if payment is not None:
                messages.success(request, _(
                    "%(amount)s collected, fee receipt %(number)s.") % {
                    "amount": vnd(payment.amount), "number": payment.receipt_number})
            return redirect("office:dossier", code=dossier.code)
    return render(request, "office/intake.html", {"form": form})


def _typed(request, button):
    """What the officer typed so far, to show the form again with it (ticked boxes kept)."""
    typed = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", button)}
    typed.update({k: request.POST.getlist(k) for k in ("components", "fees") if k in typed})
    return typed


def _intake_lookup(request):
    """The officer types the person's CCCD: name, address and contacts come from the
    population database (the registry plugins) instead of being typed from the paper."""
    from dossiers.validation import CCCD
    from integrations.registries.registry import applicant_from_record, lookup_person

    typed = _typed(request, "lookup")
    number = (typed.get("applicant_id_number") or "").replace(" ", "")
    if not CCCD.match(number):
        note = _("A citizen identity number has exactly 12 digits.")
    else:
        record, consulted = lookup_person(number)
        if record is None:
            note = _("The population database has no one with this number: type the "
                     "person's details from the paper.") if consulted else _(
                "No population database is connected: type the person's details.")
        else:
            typed = {**applicant_from_record(record, typed), "applicant_id_number": number}
            note = _("Filled in from %(source)s.") % {"source": ", ".join(consulted)}
    form = IntakeForm(initial=typed)
    return render(request, "office/intake.html", {"form": form, "looked_up": note})


def _receivable():
    return Procedure.objects.active_on().filter(publication_items__isnull=False).distinct()


@staff_required
@require_GET
def intake_procedures(request):
    """HTMX: procedures matching what the officer types, to pick one."""
    query = request.GET.get("q", "")[:100]
    found = list(search.search(_receivable(), query)[:15]) if query.strip() else []
    return render(request, "office/_procedure_choices.html", {"found": found, "q": query})


@staff_required
@require_GET
def intake_procedure(request):
    """HTMX: the chosen procedure's summary and the documents to tick."""
    form = IntakeForm(initial={"procedure": request.GET.get("procedure", "")[:40],
                               "receive": True})
    return render(request, "office/_intake_procedure.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def dossier_page(request, code):
    if request.method == "POST" and request.POST.get("action") == "digitise":
        _digitise(request, code)
        return redirect("office:dossier", code=code)
    if request.method == "POST" and request.POST.get("action") == "collect_payment":
        _collect_payment(request, code)
        return redirect("office:dossier", code=code)
    if request.method == "POST" and request.POST.get("action") == "sign_again":
        _sign_again(request, code)
        return redirect("office:dossier", code=code)
    if request.method == "POST":
        action = request.POST.get("action", "")
        data = {k: request.POST.get(k, "").strip() for k in
                ("reason", "note", "assignee", "new_due_at", "method", "decision")}
        data["missing"] = [m.strip() for m in request.POST.get("missing", "").splitlines()
                           if m.strip()]
        data = {k: v for k, v in data.items() if v}
        if action in FEE_ACTIONS:
            data["fees"] = [
                {"fee": int(pk), **({"exempt": request.POST[f"exempt_{pk}"].strip()[:500]}
                                    if request.POST.get(f"exempt_{pk}", "").strip() else {})}
                for pk in request.POST.getlist("fee") if pk.isdigit()]
        try:
            do_action(request.user, code, action, data)
        except DossierConflict as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, str(t.ACTION_LABELS.get(action, action)))
        return redirect("office:dossier", code=code)
    dossier = get_dossier_for_user(request.user, code)
    roles = user_roles(request.user, dossier)
    return render(request, "office/dossier.html", {
        "national_sync": sync_outbox.state_of(dossier),
        "fee_lines": dossier.fee_lines.all(),
        "catalog_fees": dossier.procedure.fees_on(timezone.localdate(dossier.submitted_at)),
        "fee_actions": FEE_ACTIONS,
        "can_collect": StaffRole.Role.COUNTER_OFFICER in roles
        and bool(fees.outstanding(dossier, [FeeLine.Stage.RECEPTION, FeeLine.Stage.RESULT])),
        "receipts": dossier.payments.filter(status=Payment.Status.PAID),
        "unsigned_results": dossier.results.exclude(status=Result.Status.SIGNED),
        "can_sign_again": StaffRole.Role.LEADER in roles,
        "dossier": dossier,
        "events": dossier.events.select_related("agency").order_by("seq"),
        "answers": answers(dossier.procedure.form_fields.all(), dossier.form_data),
        "documents": dossier.documents.select_related("signed_by"),
        "can_digitise": dossier.status in t.OPEN
        and StaffRole.Role.COUNTER_OFFICER in roles,
        "component_names": [c.name for c in dossier.procedure.components.all()],
        "actions": [(a, t.ACTION_VERBS.get(a, a)) for a in available_actions(request.user, dossier)],
        "proposal": dossier.events.filter(action="propose").order_by("-seq").first()
        if dossier.proposal else None,
        "specialists": StaffRole.objects.filter(
            agency=dossier.current_agency, role=StaffRole.Role.SPECIALIST).select_related("user"),
        "slips": [(k, slips.TITLES[k].capitalize()) for k in slips.KINDS
                  if slips.available(dossier, k)],
    })


def _digitise(request, code):
    """A counter officer scans a paper of the dossier (portal.store): it gets a digitisation
    code, the officer as signer, and lands in the applicant's data store."""
    dossier = get_dossier_for_user(request.user, code)
    try:
        cleaned = check_digitise(request.user, dossier, request.POST, request.FILES.get("file"))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return
    document = do_digitise(dossier, cleaned, request.user)
    messages.success(request, _("Digitised: %(name)s, code %(code)s.") % {
        "name": document.component_name, "code": document.digitisation_code})


def _sign_again(request, code):
    """The unit's leader signs again a result whose signing failed (the token was out, the
    certificate expired), once the cause is fixed."""
    dossier = get_dossier_for_user(request.user, code)
    if StaffRole.Role.LEADER not in user_roles(request.user, dossier):
        messages.error(request, _("Only a leader of the unit signs the result."))
        return
    raw = request.POST.get("result", "")
    result = dossier.results.filter(pk=int(raw)).first() \
        if raw.isdigit() and len(raw) < 12 else None
    if result is None:
        messages.error(request, _("That result is not on this dossier."))
        return
    try:
        result_actions.do_retry(result)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return
    messages.success(request, _("The result %(number)s is being signed again.")
                     % {"number": result.number})


FEE_ACTIONS = ("receive", "require_payment", "approve")  # actions that may charge fees


def _collect_payment(request, code):
    dossier = get_dossier_for_user(request.user, code)
    try:
        lines = payment_actions.check_counter_payment(request.user, dossier)
    except (ValidationError, PermissionDenied) as exc:
        for error in getattr(exc, "messages", [str(exc)]):
            messages.error(request, error)
        return
    payment = payment_actions.do_counter_payment(dossier, lines, request.user)
    messages.success(request, _("Payment recorded, receipt %(number)s.")
                     % {"number": payment.receipt_number})
