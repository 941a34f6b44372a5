"""Feedback pages: rating by link, from "Hồ sơ của tôi" and at the counter kiosk; PAKN for
the person (send, follow, answer questions, say if the answer satisfied) and for the office
(classify, assign, answer, publish), and the published answers. Thin views over
feedback.ratings and feedback.petitions; everything works without JavaScript."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import Procedure
from dossiers.actions import dossiers_for_user, get_dossier_for_user
from dossiers.validation import normalise_phone
from feedback import petitions, ratings
from feedback.models import FACTORS, Level, Petition, Rating
from integrations.models import ContactCheck
from integrations.notify import codes
from integrations.notify.base import Message
from office.views import staff_required
from portal.views import person_required
from units.access import is_staff_member
from units.models import StaffRole

RATING_FIELDS = ("overall", *FACTORS, "comment")
log = logging.getLogger("motcua.feedback")


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


PETITION_FIELDS = ("subject", "kind", "title", "content", "dossier", "procedure",
                   "officer_name", "submitter_name", "submitter_phone", "submitter_email")
PENDING = "motcua_pakn_pending"  # session: a petition sent without an account, until its code
FOLLOWS = "motcua_pakn_follows"  # session: the petitions this browser sent without an account


def follows(request, petition):
    """The person sent it without an account, from this browser (its code answered here) or
    with the follow link sent to their phone or e-mail."""
    return bool(petition.follow_token) and petition.code in request.session.get(FOLLOWS, [])


def _follow(request, petition):
    request.session[FOLLOWS] = [*request.session.get(FOLLOWS, [])[-19:], petition.code]


@require_http_methods(["GET", "POST"])
def petition_new(request):
    """Send a complaint or suggestion: signed in, as oneself; or without an account, with a
    name and a phone or e-mail that a one-time code then proves (petition_verify)."""
    if is_staff_member(request.user):
        return redirect("office_feedback:petitions")
    anonymous = not request.user.is_authenticated
    data = {k: request.GET.get(k, "") for k in ("subject", "dossier", "procedure")}
    pending = request.session.get(PENDING) if anonymous else None
    if isinstance(pending, dict) and not any(data.values()):
        data = {k: str(v) for k, v in (pending.get("data") or {}).items()}  # to change it
    errors = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in PETITION_FIELDS}
        try:
            cleaned = petitions.check_submit(request.user, data)
            if anonymous:
                return _send_petition_code(request, data, cleaned)
        except ValidationError as exc:
            errors = _errors(exc)
        except codes.CodeRefused as exc:
            errors = {"submitter_phone": [str(exc)]}
        else:
            return _received(request, petitions.do_submit(request.user, cleaned))
    if data.get("dossier") and not data.get("subject"):
        data["subject"] = Petition.Subject.DOSSIER
    return render(request, "feedback/petition_new.html", {
        "data": data, "errors": errors, "subjects": Petition.Subject.choices,
        "kinds": Petition.Kind.choices, "anonymous": anonymous,
        "my_dossiers": [] if anonymous else dossiers_for_user(request.user)
        .filter(applicant=request.user).select_related("procedure")
        .order_by("-submitted_at")[:50],
        "procedure": Procedure.objects.filter(code=data.get("procedure") or "").first(),
    }, status=400 if errors else 200)


def _received(request, petition):
    messages.success(request, _(
        "Your petition %(code)s was received. The answer is due by %(due)s.")
        % {"code": petition.code,
           "due": timezone.localtime(petition.due_at).strftime("%d/%m/%Y")})
    return redirect("feedback:petition", code=petition.code)


def _contact(cleaned):
    """The address the code goes to: the phone when given, else the e-mail."""
    if cleaned["submitter_phone"]:
        return ContactCheck.Kind.PHONE, cleaned["submitter_phone"]
    return ContactCheck.Kind.EMAIL, cleaned["submitter_email"].lower()


def _send_petition_code(request, data, cleaned):
    kind, address = _contact(cleaned)
    check = codes.send_code(request, "pakn", kind, address, _("send your complaint or suggestion"))
    request.session[PENDING] = {"data": data, "check": check.pk}
    return redirect("feedback:petition_verify")


@require_http_methods(["GET", "POST"])
def petition_verify(request):
    """The code sent to the phone or e-mail: typed back, the petition is received."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or request.user.is_authenticated:
        return redirect("feedback:petition_new")
    data = pending.get("data") or {}
    error = None
    if request.method == "POST":
        try:
            cleaned = petitions.check_submit(AnonymousUser(), data)
            if request.POST.get("action") == "resend":
                check = codes.send_code(request, "pakn", *_contact(cleaned),
                                        _("send your complaint or suggestion"))
                request.session[PENDING] = {"data": data, "check": check.pk}
                messages.success(request, _("A new code was sent."))
                return redirect("feedback:petition_verify")
            check = codes.confirm(pending.get("check"), "pakn", request.POST.get("code"))
        except ValidationError:  # what was checked before no longer holds (a dossier closed)
            del request.session[PENDING]
            messages.error(request, _("Please check your petition again."))
            return redirect("feedback:petition_new")
        except codes.CodeRefused as exc:
            error = str(exc)
        else:
            petition = petitions.do_submit(None, cleaned, verified=check.kind)
            del request.session[PENDING]
            _follow(request, petition)
            _send_follow_link(check, petition)
            return _received(request, petition)
    kind, address = _contact({"submitter_phone": normalise_phone(data.get("submitter_phone")
                                                                 or ""),
                              "submitter_email": data.get("submitter_email") or ""})
    return render(request, "feedback/petition_verify.html", {
        "where": codes.mask(kind, address), "error": error, "title": data.get("title", ""),
        "minutes": settings.MOTCUA_CODE_TTL_SECONDS // 60}, status=400 if error else 200)


def _send_follow_link(check, petition):
    """The link to follow the petition, to the address just proven (best effort: the person
    follows it in this browser anyway)."""
    link = settings.MOTCUA_PUBLIC_URL + reverse("feedback:petition_follow",
                                                args=[petition.code, petition.follow_token])
    channel = codes.channel_for(check.kind)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("MotCua: your petition %(code)s was received. Follow it and read the answer "
                 "at %(link)s") % {"code": petition.code, "link": link}
        subject = _("Petition %(code)s") % {"code": petition.code}
    try:
        channel.send(check.address, Message(kind="petition", dossier_code="", subject=subject,
                                            text=text))
    except Exception as exc:  # the gateway failed: nothing is lost, the page shows it all
        log.warning("follow link of %s not sent: %s", petition.code, exc)


@require_GET
def petition_follow(request, code, token):
    """The link sent to the person: it opens their petition in any browser."""
    petition = Petition.objects.filter(code=code).exclude(follow_token="").first()
    if petition is None or not constant_time_compare(petition.follow_token, token[:64]):
        raise Http404
    _follow(request, petition)
    return redirect("feedback:petition", code=code)


@require_http_methods(["GET", "POST"])
def petition_page(request, code):
    """The person's own petition (all of it, and what they can do), or a published answer."""
    petition = Petition.objects.select_related("agency", "dossier", "procedure") \
        .filter(code=code).first()
    if petition is None:
        raise Http404
    follower = follows(request, petition)
    own = follower or request.user.is_authenticated and petition.submitter_id == request.user.pk
    if not own:
        if is_staff_member(request.user) and petitions.staff_sees(request.user, petition):
            return redirect("office_feedback:petition", code=code)
        if petition.status != Petition.Status.PUBLISHED:
            raise Http404
        return render(request, "feedback/petition_public.html", {"petition": petition})
    if request.method == "POST":
        _petition_act(request, code, ("provide_info", "rate"), follower=follower)
        return redirect("feedback:petition", code=code)
    return render(request, "feedback/petition_mine.html", {
        "petition": petition, "events": petition.events.all(),
        "actions": petitions.available_actions(request.user, petition, follower=follower),
        "levels": Level.choices})


def _petition_act(request, code, allowed, *, follower=False):
    action = request.POST.get("action", "")
    if action not in allowed:
        messages.error(request, _("Choose what to do."))
        return
    data = {k: request.POST.get(k, "").strip() for k in (
        "kind", "topic", "agency", "handler", "reason", "request", "reply", "answer", "summary",
        "satisfaction", "comment")}
    data = {k: v for k, v in data.items() if v}
    try:
        petitions.do_action(request.user, code, action, data, follower=follower)
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
