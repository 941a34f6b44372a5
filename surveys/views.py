"""SIPAS pages: answering by a one-time link, from the QR code at the counter (code and
phone), at the kiosk; the public results by unit; the office's rounds with their sample,
progress, scores and exports. Thin views over surveys.actions and surveys.scoring."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dossiers.tracking import TrackingLocked, TrackingThrottle, verified
from office.views import staff_required
from reform.assess import is_office
from surveys import actions, exports, scoring
from surveys.models import LEVELS, Invitation, Question, Questionnaire, Survey


def _form(questionnaire, data=None, errors=None):
    """The questionnaire grouped for the page: [(factor or None, [(question, answer)])]."""
    data, groups = data or {}, []
    for question in questionnaire.questions.select_related("factor").order_by("number"):
        key = f"q{question.number}"
        given = data.getlist(key) if hasattr(data, "getlist") and \
            question.kind == Question.Kind.CHOICE else data.get(key, "")
        if not groups or groups[-1][0] != question.factor:
            groups.append((question.factor, []))
        groups[-1][1].append((question, key, given, (errors or {}).get(key)))
    return groups


def _posted(request, questionnaire):
    out = {}
    for question in questionnaire.questions.all():
        key = f"q{question.number}"
        out[key] = request.POST.getlist(key) if question.kind == Question.Kind.CHOICE \
            else request.POST.get(key, "")
    return out


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """The survey by its one-time link: no sign-in, nothing asked about the person."""
    try:
        invitation = actions.invitation_for(token)
    except actions.Refused as exc:
        return render(request, "surveys/closed.html", {"message": str(exc)},
                      status=exc.status)
    questionnaire, errors = invitation.survey.questionnaire, {}
    if request.method == "POST":
        try:
            actions.do_answer(token, actions.check_answers(questionnaire,
                                                           _posted(request, questionnaire)))
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
        except actions.Refused as exc:
            return render(request, "surveys/closed.html", {"message": str(exc)},
                          status=exc.status)
        else:
            return render(request, "surveys/thanks.html", {
                "kiosk": invitation.channel == Invitation.Channel.KIOSK})
    general = errors.pop("__all__", "")
    return render(request, "surveys/answer.html", {
        "invitation": invitation, "questionnaire": questionnaire, "levels": LEVELS,
        "groups": _form(questionnaire, request.POST if errors or general else None, errors),
        "errors": errors, "general": general,
    }, status=400 if errors or general else 200)


@require_http_methods(["GET", "POST"])
def by_code(request):
    """The QR code at the counter leads here: the dossier's code and the phone's last four
    digits open the survey about it (the tracking page's rule and its lock)."""
    context = {"code": request.POST.get("code", "").strip()[:64]}
    if request.method == "POST":
        if not TrackingThrottle().allow_request(request, None):
            context["error"] = _locked()
            return render(request, "surveys/by_code.html", context, status=429)
        try:
            dossier = verified(context["code"], request.POST.get("phone_last4", ""))
            if dossier is None:
                context["error"] = _("No dossier has this code and phone number.")
            else:
                token = actions.do_invite(dossier, Invitation.Channel.QR)
                return redirect("surveys:answer", token=token)
        except TrackingLocked:
            context["error"] = _locked()
            return render(request, "surveys/by_code.html", context, status=429)
        except actions.Refused as exc:
            context["error"] = str(exc)
        return render(request, "surveys/by_code.html", context, status=400)
    return render(request, "surveys/by_code.html", context)


def _locked():
    return _("Too many tries: wait a while and try again.")


@staff_required
@require_http_methods(["GET", "POST"])
def kiosk(request):
    """At the kiosk of a service center: the officer's tablet in kiosk mode takes the code on
    the person's receipt and opens the survey about it."""
    from dossiers.actions import get_dossier_for_user
    from feedback import ratings
    from feedback.views import KIOSK_SESSION

    center = ratings.kiosk_center(request.user)
    if center is None:
        raise PermissionDenied
    request.session[KIOSK_SESSION] = center.pk
    context = {"center": center}
    if request.method == "POST":
        code = request.POST.get("code", "").strip()[:64]
        try:
            dossier = get_dossier_for_user(request.user, code)
            token = actions.do_invite(dossier, Invitation.Channel.KIOSK)
        except Http404:
            context["error"] = _("No dossier of this center has this code.")
        except actions.Refused as exc:
            context["error"] = str(exc)
        else:
            return redirect("surveys:answer", token=token)
        return render(request, "surveys/kiosk.html", context, status=400)
    return render(request, "surveys/kiosk.html", context)


def _latest():
    return Survey.objects.filter(status__in=[Survey.Status.OPEN, Survey.Status.CLOSED]) \
        .select_related("questionnaire").order_by("-end", "-id")


@require_GET
def public_results(request):
    """Satisfaction by unit, for everyone: the rounds taken, each figure with its answers,
    response rate and margin of error."""
    rounds = list(_latest()[:12])
    chosen = request.GET.get("dot", "")
    survey = next((s for s in rounds if str(s.pk) == chosen), rounds[0] if rounds else None)
    return render(request, "surveys/public.html", {
        "rounds": rounds, "survey": survey,
        "city": scoring.compute(survey) if survey else None,
        "units": scoring.by_unit(survey) if survey else [],
    })


def _office(request):
    if not is_office(request.user):
        raise PermissionDenied


@staff_required
@require_http_methods(["GET", "POST"])
def rounds(request):
    _office(request)
    errors = {}
    if request.method == "POST":
        try:
            survey = actions.do_create_round(actions.check_round(request.user, request.POST),
                                             request.user)
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
        else:
            messages.success(request, _("Sample drawn: %(n)d people.")
                             % {"n": survey.invitations.count()})
            return redirect("surveys:round", pk=survey.pk)
    return render(request, "surveys/rounds.html", {
        "rounds": Survey.objects.select_related("questionnaire"),
        "questionnaires": Questionnaire.objects.all(), "errors": errors, "data": request.POST,
    }, status=400 if errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def round_page(request, pk):
    _office(request)
    survey = get_object_or_404(Survey.objects.select_related("questionnaire"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "open":
                sent = actions.do_open(survey, request.user)
                messages.success(request, _("The round is open: %(n)d invitations sent.")
                                 % {"n": sent})
            elif request.POST.get("action") == "close":
                actions.do_close(survey, request.user)
                messages.success(request, _("The round is closed."))
        except actions.Refused as exc:
            messages.error(request, str(exc))
        return redirect("surveys:round", pk=pk)
    fmt = request.GET.get("dinh_dang")
    if fmt in ("xlsx", "csv"):
        body, kind = (exports.xlsx(survey), "application/vnd.openxmlformats-officedocument."
                      "spreadsheetml.sheet") if fmt == "xlsx" else (exports.csv_text(survey),
                                                                    "text/csv; charset=utf-8")
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="sipas-{survey.pk}.{fmt}"'
        return response
    progress = actions.progress(survey)
    plan = [(code, row, progress.get(row["agency_id"], {}))
            for code, row in sorted(survey.plan.get("units", {}).items(),
                                    key=lambda kv: kv[1]["name"])]
    return render(request, "surveys/round.html", {
        "survey": survey, "plan": plan, "city": scoring.compute(survey),
        "units": scoring.by_unit(survey), "fields": scoring.by_field(survey),
        "wishes": scoring.expectations(survey),
        "qr_url": request.build_absolute_uri(reverse("surveys:by_code")),
        "qr": exports.qr_svg(request.build_absolute_uri(reverse("surveys:by_code"))),
    })

