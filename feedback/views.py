"""Feedback pages: rating by link, from "Hồ sơ của tôi" and at the counter kiosk; PAKN for
the person (send, follow, answer questions, say if the answer satisfied) and for the office
(classify, assign, answer, publish), and the published answers. Thin views over
feedback.ratings and feedback.petitions; everything works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalog.models import Procedure
from dossiers.actions import dossiers_for_user, get_dossier_for_user
from feedback import petitions, ratings
from feedback.models import FACTORS, Level, Petition, Rating
from office.views import staff_required
from portal.views import person_required
from units.access import is_staff_member
from units.models import StaffRole

RATING_FIELDS = ("overall", *FACTORS, "comment")


KIOSK_SESSION = "motcua_kiosk"


@staff_required
@require_http_methods(["POST"])
def kiosk_exit(request):
    """Leave kiosk mode: only with the signed-in officer's password, so the person at the
    tablet cannot reach the office pages."""
    if not request.user.check_password(request.POST.get("password", "")):
        messages.error(request, _("The password is not right: kiosk mode stays on."))
        return redirect("office_feedback:kiosk")
    request.session.pop(KIOSK_SESSION, None)
    return redirect("office:inbox")


def _rating_context(data=None, errors=None):
    data = data or {}
    factors = [(key, label, data.get(key, "")) for key, label in FACTORS.items()]
    return {"levels": Level.choices, "factors": factors,
            "factors_answered": any(chosen for _k, _l, chosen in factors),
            "rating_data": data, "rating_errors": errors or {}}


def _errors(exc):
    return {k: v for k, v in exc.message_dict.items()}


# ----------------------------------------------------------------------------- ratings


@require_http_methods(["GET", "POST"])
def rate_by_link(request, token):
    """The page the rating link opens; no sign-in needed, the token is the key (once)."""
    try:
        link = ratings.link_for(token)
    except ratings.RatingRefused as exc:
        return render(request, "feedback/rating_refused.html", {"message": str(exc)},
                      status=exc.status)
    data, errors = {}, {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in RATING_FIELDS}
        try:
            ratings.do_rate_by_link(token, ratings.check_rating(data))
        except ValidationError as exc:
            errors = _errors(exc)
        except ratings.RatingRefused as exc:
            return render(request, "feedback/rating_refused.html", {"message": str(exc)},
                          status=exc.status)
        else:
            return render(request, "feedback/rating_thanks.html", {"dossier": link.dossier})
    return render(request, "feedback/rate.html", {
        "dossier": link.dossier, **_rating_context(data, errors)},
        status=400 if errors else 200)


@person_required
@require_POST
def rate_my_dossier(request, code):
    dossier = get_dossier_for_user(request.user, code)
    if dossier.applicant_id != request.user.pk:
        raise Http404
    data = {k: request.POST.get(k, "") for k in RATING_FIELDS}
    try:
        ratings.check_portal_rating(request.user, dossier)
        ratings.do_rate(dossier, ratings.check_rating(data), Rating.Channel.PORTAL)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    except ratings.RatingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you for rating our service."))
    return redirect("portal:my_dossier", code=code)


@staff_required
@require_http_methods(["GET", "POST"])
def kiosk(request):
    """The counter's tablet: the person types the code on their receipt (or leaves it empty
    to rate the visit) and rates; the page clears for the next person. Opening it puts the
    browser in kiosk mode (motcua.middleware.KioskModeMiddleware): every other page leads
    back here until an officer leaves it with their password."""
    center = ratings.kiosk_center(request.user)
    if center is not None:
        request.session[KIOSK_SESSION] = center.pk
    data, errors = {}, {}
    if request.method == "POST" and center is not None:
        data = {k: request.POST.get(k, "") for k in (*RATING_FIELDS, "dossier")}
        code = data["dossier"].strip()[:64]
        try:
            dossier = get_dossier_for_user(request.user, code) if code else None
        except Http404:
            errors = {"dossier": [_("No dossier of this center has this code.")]}
        else:
            try:
                ratings.check_kiosk(request.user, dossier)
                ratings.do_rate(dossier, ratings.check_rating(data), Rating.Channel.KIOSK,
                                by=request.user, center=center)
            except ValidationError as exc:
                errors = _errors(exc)
            except ratings.RatingRefused as exc:
                errors = {"dossier": [str(exc)]}
            else:
                messages.success(request, _("Thank you for rating our service."))
                return redirect("office_feedback:kiosk")
    return render(request, "feedback/kiosk.html", {
        "center": center, **_rating_context(data, errors)}, status=400 if errors else 200)


# ----------------------------------------------------------------------------- PAKN, public


def petition_list(request):
    page = Paginator(petitions.published().select_related("agency"), 20) \
        .get_page(request.GET.get("page"))
    mine = (petitions.petitions_for_user(request.user).order_by("-received_at")[:50]
            if request.user.is_authenticated and not is_staff_member(request.user) else [])
    return render(request, "feedback/petitions.html", {"page": page, "mine": mine})


@person_required
@require_http_methods(["GET", "POST"])
def petition_new(request):
    if is_staff_member(request.user):
        return redirect("office_feedback:petitions")
    data = {k: request.GET.get(k, "") for k in ("subject", "dossier", "procedure")}
    errors = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in (
            "subject", "kind", "title", "content", "dossier", "procedure", "officer_name",
            "submitter_phone", "submitter_email")}
        try:
            petition = petitions.do_submit(request.user,
                                           petitions.check_submit(request.user, data))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _(
                "Your petition %(code)s was received. The answer is due by %(due)s.")
                % {"code": petition.code,
                   "due": timezone.localtime(petition.due_at).strftime("%d/%m/%Y")})
            return redirect("feedback:petition", code=petition.code)
    if data.get("dossier") and not data.get("subject"):
        data["subject"] = Petition.Subject.DOSSIER
    return render(request, "feedback/petition_new.html", {
        "data": data, "errors": errors, "subjects": Petition.Subject.choices,
        "kinds": Petition.Kind.choices,
        "my_dossiers": dossiers_for_user(request.user).filter(applicant=request.user)
        .select_related("procedure").order_by("-submitted_at")[:50],
        "procedure": Procedure.objects.filter(code=data.get("procedure") or "").first(),
    }, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def petition_page(request, code):
    """The person's own petition (all of it, and what they can do), or a published answer."""
    petition = Petition.objects.select_related("agency", "dossier", "procedure") \
        .filter(code=code).first()
    if petition is None:
        raise Http404
    own = request.user.is_authenticated and petition.submitter_id == request.user.pk
    if not own:
        if is_staff_member(request.user) and petitions.staff_sees(request.user, petition):
            return redirect("office_feedback:petition", code=code)
        if petition.status != Petition.Status.PUBLISHED:
            raise Http404
        return render(request, "feedback/petition_public.html", {"petition": petition})
    if request.method == "POST":
        _petition_act(request, code, ("provide_info", "rate"))
        return redirect("feedback:petition", code=code)
    return render(request, "feedback/petition_mine.html", {
        "petition": petition, "events": petition.events.all(),
        "actions": petitions.available_actions(request.user, petition),
        "levels": Level.choices})


def _petition_act(request, code, allowed):
    action = request.POST.get("action", "")
    if action not in allowed:
        messages.error(request, _("Choose what to do."))
        return
    data = {k: request.POST.get(k, "").strip() for k in (
        "kind", "topic", "agency", "handler", "reason", "request", "reply", "answer", "summary",
        "satisfaction", "comment")}
    data = {k: v for k, v in data.items() if v}
    try:
        petitions.do_action(request.user, code, action, data)
    except petitions.PetitionConflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, str(petitions.ACTION_LABELS[action]))


# ----------------------------------------------------------------------------- PAKN, office


@staff_required
def office_petitions(request):
    qs = petitions.petitions_for_user(request.user).select_related("agency", "handler")
    box = request.GET.get("box", "open")
    if box == "overdue":
        qs = petitions.overdue(qs).order_by("due_at")
    elif box == "closed":
        qs = qs.filter(status__in=sorted(petitions.CLOSED)).order_by("-closed_at")
    elif box == "mine":
        qs = qs.filter(handler=request.user, status__in=sorted(petitions.OPEN)).order_by("due_at")
    else:
        box = "open"
        qs = qs.filter(status__in=sorted(petitions.OPEN)).order_by("due_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "feedback/office_petitions.html", {
        "page": page, "box": box, "now": timezone.now(),
        "summary": petitions.month_figures(request.user)})


@staff_required
@require_http_methods(["GET", "POST"])
def office_petition(request, code):
    if request.method == "POST":
        _petition_act(request, code, ("classify", "assign", "reject", "request_info", "answer",
                                      "publish"))
        return redirect("office_feedback:petition", code=code)
    petition = petitions.get_petition_for_user(request.user, code)
    return render(request, "feedback/office_petition.html", {
        "petition": petition, "events": petition.events.all(), "now": timezone.now(),
        "actions": petitions.available_actions(request.user, petition),
        "kinds": Petition.Kind.choices, "topics": Petition.Topic.choices,
        "handlers": StaffRole.objects.filter(
            agency=petition.agency, role__in=[StaffRole.Role.SPECIALIST, StaffRole.Role.LEADER])
        .select_related("user").order_by("user__username"),
        "labels": petitions.ACTION_LABELS,
    })
