"""Complaints and suggestions (phản ánh, kiến nghị: PAKN) about a dossier, a procedure, an
officer or the service: received, classified, routed and assigned, answered, published, and
the person's satisfaction with the answer.

Time limits (DOMAIN.md §5, settings MOTCUA_PAKN_*_DAYS) run in working days from reception,
in the handling agency's calendar, and are stored on the petition when it arrives:
- a petition may be rejected (not accepted, with reasons) only within `reject_by` (2 days);
- the person may be asked for more information only within `more_info_by` (5 days); the wait
  for the answer is added to the answer's due date;
- the answer is due by `due_at` (15 days). A late answer is still given, and counted late.
Rejections and requests made after their window are refused: past it, the agency must answer.
`on_time` is fixed when the petition closes (rejected or answered): indicator 5.2.

Who may do what is data (TRANSITIONS) over three roles a user has towards one petition:
"manager" (a leader, supervisor or administrator who sees the handling agency), "handler"
(the assigned officer) and "submitter" (the person who sent it).
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Procedure
from dossiers.codes import next_code
from dossiers.models import Dossier
from dossiers.validation import PHONE, normalise_phone
from feedback.models import Level, Petition, PetitionEvent, Rating
from feedback.ratings import COMMENT_MAX
from motcua.text import person_name
from units.access import (
    AGENCY_CODE_MAX,
    USERNAME_MAX,
    is_staff_member,
    roles_of,
    visible_agency_ids,
)
from units.models import Agency, StaffRole
from workcalendar import calendars

S = Petition.Status
MANAGER, HANDLER, SUBMITTER = "manager", "handler", "submitter"
MANAGER_ROLES = {StaffRole.Role.LEADER, StaffRole.Role.SUPERVISOR, StaffRole.Role.ADMINISTRATOR}
CLOSED = {S.REJECTED, S.ANSWERED, S.PUBLISHED}
OPEN = set(S.values) - CLOSED
# What a petition and the actions on it take: check_* applies each limit, and the API's
# request serializers (feedback/api.py) publish the same names in openapi.yaml.
TEXT_MAX = 5000  # the content, a reason, a request, a reply, an answer, a published summary
TITLE_MAX, NAME_MAX, OFFICER_MAX, PHONE_TEXT_MAX, EMAIL_MAX = (
    Petition._meta.get_field(name).max_length for name in (
        "title", "submitter_name", "officer_name", "submitter_phone", "submitter_email"))
DOSSIER_CODE_MAX = Dossier._meta.get_field("code").max_length
PROCEDURE_CODE_MAX = Procedure._meta.get_field("code").max_length

# {status: {action: (next status, roles)}}; None: back to where it was (resume_status).
TRANSITIONS = {
    S.RECEIVED: {"classify": (S.CLASSIFIED, {MANAGER}), "reject": (S.REJECTED, {MANAGER}),
                 "request_info": (S.MORE_INFO, {MANAGER})},
    S.CLASSIFIED: {"assign": (S.ASSIGNED, {MANAGER}), "reject": (S.REJECTED, {MANAGER}),
                   "request_info": (S.MORE_INFO, {MANAGER})},
    S.ASSIGNED: {"assign": (S.ASSIGNED, {MANAGER}), "reject": (S.REJECTED, {MANAGER}),
                 "request_info": (S.MORE_INFO, {MANAGER, HANDLER}),
                 "answer": (S.ANSWERED, {MANAGER, HANDLER})},
    S.MORE_INFO: {"provide_info": (None, {SUBMITTER})},
    S.ANSWERED: {"publish": (S.PUBLISHED, {MANAGER}), "rate": (S.ANSWERED, {SUBMITTER})},
    S.PUBLISHED: {"rate": (S.PUBLISHED, {SUBMITTER})},
    S.REJECTED: {},
}

ACTION_LABELS = {
    "submit": gettext_lazy("Received"),
    "classify": gettext_lazy("Classified"),
    "assign": gettext_lazy("Assigned"),
    "reject": gettext_lazy("Not accepted"),
    "request_info": gettext_lazy("More information asked"),
    "provide_info": gettext_lazy("Information given"),
    "answer": gettext_lazy("Answered"),
    "publish": gettext_lazy("Answer published"),
    "rate": gettext_lazy("Satisfaction with the answer given"),
}


# Actions allowed only within a time limit from reception: (deadline field, setting, message).
WINDOWS = {
    "reject": ("reject_by", "MOTCUA_PAKN_REJECT_DAYS", gettext_lazy(
        "The time to reject has passed (%(days)d working days from reception, until "
        "%(when)s): the petition must now be answered.")),
    "request_info": ("more_info_by", "MOTCUA_PAKN_MORE_INFO_DAYS", gettext_lazy(
        "The time to ask for more information has passed (%(days)d working days from "
        "reception, until %(when)s): the petition must now be answered.")),
}


class PetitionConflict(Exception):
    """The action is not open to this user in the petition's present state (HTTP 409)."""

    def __init__(self, petition, message, allowed):
        super().__init__(message)
        self.status, self.allowed = petition.status, allowed


# ----------------------------------------------------------------------------- reading


def petitions_for_user(user):
    """Staff: the petitions handled by agencies they see. Others: their own."""
    qs = Petition.objects.all()
    if is_staff_member(user):
        ids = visible_agency_ids(user)
        return qs if ids is None else qs.filter(agency_id__in=ids)
    return qs.filter(submitter_id=user.pk) if user.is_authenticated else qs.none()


def get_petition_for_user(user, code, *, for_update=False, follower=False):
    qs = Petition.objects.select_related("agency", "dossier", "procedure", "handler")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    petition = qs.filter(code=code).first()
    if petition is None or not roles_for(user, petition, follower=follower) \
            and not staff_sees(user, petition):
        raise Http404
    return petition


def staff_sees(user, petition):
    if not is_staff_member(user):
        return False
    ids = visible_agency_ids(user)
    return ids is None or petition.agency_id in ids


def roles_for(user, petition, *, follower=False):
    """`follower`: the person who sent it without an account, proven by its follow link or
    by the code they answered in this browser (feedback.views.follows)."""
    roles = set()
    if follower and petition.follow_token:
        roles.add(SUBMITTER)
    if not user.is_authenticated:
        return roles
    if petition.submitter_id == user.pk:
        roles.add(SUBMITTER)
    if staff_sees(user, petition):
        if user.is_superuser or any(r.role in MANAGER_ROLES for r in roles_of(user)):
            roles.add(MANAGER)
        if petition.handler_id == user.pk:
            roles.add(HANDLER)
    return roles


def available_actions(user, petition, *, follower=False):
    roles = roles_for(user, petition, follower=follower)
    actions = [a for a, (_, who) in TRANSITIONS[petition.status].items() if who & roles]
    if "rate" in actions and petition.satisfaction:
        actions.remove("rate")
    now = timezone.now()
    return [a for a in actions if a not in WINDOWS or now <= getattr(petition, WINDOWS[a][0])]


def published():
    return Petition.objects.filter(status=S.PUBLISHED).order_by("-published_at")


# ----------------------------------------------------------------------------- submitting


def _text(data, field, errors, *, label, required=True, least=1, most=TEXT_MAX):
    value = data.get(field)
    if value is None or value == "":
        if required:
            errors[field] = [_("%(label)s is required.") % {"label": label}]
        return ""
    if not isinstance(value, str):
        errors[field] = [_("%(label)s must be text.") % {"label": label}]
        return ""
    value = value.strip()
    if len(value) < least:
        errors[field] = [_("%(label)s is too short (at least %(n)d characters).")
                         % {"label": label, "n": least}]
    elif len(value) > most:
        errors[field] = [_("%(label)s is too long (at most %(n)d characters).")
                         % {"label": label, "n": most}]
    return value


def province_agency():
    """Where petitions without a unit go first: the provincial People's Committee, whose
    supervisors route them (classify) to the competent department or commune."""
    return Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE).order_by("pk").first()


def check_submit(user, data):
    """Validate a new petition from a signed-in person, or one a staff member records for a
    person who came, phoned or wrote (then name and a phone or e-mail are required)."""
    errors, cleaned = {}, {}
    subject = data.get("subject")
    if subject not in Petition.Subject.values:
        errors["subject"] = [_("Say what it is about: a dossier, a procedure, an officer or "
                               "the service in general.")]
    cleaned["title"] = _text(data, "title", errors, label=_("The title"), least=5,
                             most=TITLE_MAX)
    cleaned["content"] = _text(data, "content", errors, label=_("The content"), least=10)
    kind = data.get("kind") or Petition.Kind.COMPLAINT
    if kind not in Petition.Kind.values:
        errors["kind"] = [_("Choose a complaint or a suggestion.")]
    cleaned["kind"] = kind
    staff = is_staff_member(user)
    dossier = procedure = agency = None
    if data.get("dossier"):
        dossier = Dossier.objects.filter(code=str(data["dossier"])[:DOSSIER_CODE_MAX]).first()
        if dossier is not None and not staff and not user.is_authenticated:
            # Without an account: a dossier whose contact is the phone or e-mail given (and
            # proven by the code), as public tracking asks for the phone.
            given = {normalise_phone(str(data.get("submitter_phone") or "")),
                     str(data.get("submitter_email") or "").strip().lower()} - {""}
            if not given & {dossier.contact_phone, (dossier.contact_email or "").lower()}:
                errors["dossier"] = [_("No dossier with this code has the phone or e-mail "
                                       "you give.")]
                dossier = None
        elif dossier is None or not staff and dossier.applicant_id != user.pk:
            errors["dossier"] = [_("No dossier of yours has this code.")]
            dossier = None
        elif staff and not _staff_may_see_dossier(user, dossier):
            errors["dossier"] = [_("No dossier you may see has this code.")]
            dossier = None
    elif subject == Petition.Subject.DOSSIER:
        errors["dossier"] = [_("Give the dossier's code.")]
    if data.get("procedure"):
        procedure = Procedure.objects.filter(
            code=str(data["procedure"])[:PROCEDURE_CODE_MAX]).first()
        if procedure is None:
            errors["procedure"] = [_("No procedure has this code.")]
    elif subject == Petition.Subject.PROCEDURE:
        errors["procedure"] = [_("Give the procedure's code.")]
    cleaned["officer_name"] = _text(data, "officer_name", errors, label=_("The officer's name"),
                                    required=subject == Petition.Subject.OFFICER,
                                    most=OFFICER_MAX)
    if data.get("agency"):
        agency = Agency.objects.filter(code=str(data["agency"])[:AGENCY_CODE_MAX]).first()
        if agency is None:
            errors["agency"] = [_("No agency has this code.")]
    anonymous = not user.is_authenticated
    if staff or anonymous:
        cleaned["submitter_name"] = _text(data, "submitter_name", errors,
                                          label=_("The person's name") if staff
                                          else _("Your name"), least=2, most=NAME_MAX)
    else:
        person = getattr(user, "person", None)
        cleaned["submitter_name"] = (person.display_name if person else "") \
            or person_name(user)
    cleaned["submitter_phone"] = _text(data, "submitter_phone", errors, label=_("The phone"),
                                       required=False, most=PHONE_TEXT_MAX)
    if cleaned["submitter_phone"]:
        # The same rule as every phone MotCua takes (dossiers.validation).
        phone = normalise_phone(cleaned["submitter_phone"])
        if not PHONE.match(phone):
            errors["submitter_phone"] = [_("Enter a Vietnamese phone number, e.g. 0912345678.")]
        cleaned["submitter_phone"] = phone
    cleaned["submitter_email"] = _text(data, "submitter_email", errors, label=_("The e-mail"),
                                       required=False, most=EMAIL_MAX)
    if cleaned["submitter_email"] and "@" not in cleaned["submitter_email"]:
        errors["submitter_email"] = [_("The e-mail address is not valid.")]
    if anonymous:
        # Without an account, the answer goes to the phone or e-mail proven by a code.
        if not (cleaned["submitter_phone"] or cleaned["submitter_email"]) \
                and "submitter_phone" not in errors and "submitter_email" not in errors:
            errors["submitter_phone"] = [_("Give your phone or e-mail: a code is sent there "
                                           "to check it, and the answer comes there.")]
    elif not staff:
        cleaned["submitter_email"] = cleaned["submitter_email"] or user.email
    elif not (cleaned["submitter_phone"] or cleaned["submitter_email"]) \
            and "submitter_phone" not in errors:
        errors["submitter_phone"] = [_("Give the person's phone or e-mail, to answer them.")]
    # Routing: the dossier's unit, else the agency named, else the province's supervisors.
    agency = (dossier.agency if dossier else agency) or province_agency()
    if agency is None and not errors:
        errors["agency"] = [_("No agency can receive it yet: name the agency.")]
    if errors:
        raise ValidationError(errors)
    cleaned.update(subject=subject, dossier=dossier, procedure=procedure, agency=agency,
                   submitter=None if staff or anonymous else user)
    return cleaned


def _staff_may_see_dossier(user, dossier):
    ids = visible_agency_ids(user)
    return ids is None or bool(ids & {dossier.agency_id, dossier.current_agency_id,
                                      dossier.service_center.agency_id})


def set_deadlines(petition, rules=None):
    """The three time limits from reception, in the handling agency's working calendar."""
    rules = rules or calendars.YearlyRules()

    def due(days):
        return calendars.compute_due(petition.received_at, Decimal(days), "working_day",
                                     petition.agency, rules).due

    petition.reject_by = due(settings.MOTCUA_PAKN_REJECT_DAYS)
    petition.more_info_by = due(settings.MOTCUA_PAKN_MORE_INFO_DAYS)
    petition.due_at = due(settings.MOTCUA_PAKN_ANSWER_DAYS)


def do_submit(user, cleaned, *, verified=""):
    """Receive the petition. `verified` ("phone" or "email"): sent without an account, the
    address proven by a one-time code; the petition then gets its follow link's secret."""
    now = timezone.now()
    with transaction.atomic():
        code = next_code("PAKN", timezone.localdate(now))
        petition = Petition(code=code, received_at=now, status=S.RECEIVED, **cleaned)
        if verified:
            petition.contact_verified = verified
            petition.follow_token = secrets.token_urlsafe(32)
        set_deadlines(petition)
        petition.save(force_insert=True)
        _event(petition, "submit", user,
               SUBMITTER if cleaned["submitter"] or verified else MANAGER, now,
               name=petition.submitter_name if verified else "")
    return petition


# ----------------------------------------------------------------------------- actions


def check_action(user, petition, action, data, *, follower=False):
    """Validate an action on a locked petition; return the cleaned data."""
    if action not in ACTION_CHECKS:
        raise Http404
    roles = roles_for(user, petition, follower=follower)
    edge = TRANSITIONS[petition.status].get(action)
    if edge is None or not edge[1] & roles:
        raise PetitionConflict(petition, _("This cannot be done now (status: %(status)s).")
                               % {"status": petition.get_status_display()},
                               available_actions(user, petition, follower=follower))
    return ACTION_CHECKS[action](user, petition, data)


def do_action(user, code, action, data, *, follower=False):
    with transaction.atomic():
        petition = get_petition_for_user(user, code, for_update=True, follower=follower)
        cleaned = check_action(user, petition, action, data, follower=follower)
        # Before a routing takes it out of the user's sight.
        roles = roles_for(user, petition, follower=follower)
        now = timezone.now()
        edge = TRANSITIONS[petition.status][action][0]
        note = APPLY[action](petition, cleaned, user, now) or ""  # sees the status before
        petition.status = edge or petition.resume_status or S.RECEIVED
        petition.save()
        _event(petition, action, user, sorted(roles)[0] if roles else "", now, note,
               name=petition.submitter_name if roles == {SUBMITTER} and follower else "")
    return petition


def _check_classify(user, petition, data):
    errors = {}
    kind = data.get("kind")
    if kind not in Petition.Kind.values:
        errors["kind"] = [_("Choose a complaint or a suggestion.")]
    topic = data.get("topic") or ""
    if topic and topic not in Petition.Topic.values:
        errors["topic"] = [_("Choose a topic from the list.")]
    agency = petition.agency
    if data.get("agency"):
        agency = Agency.objects.filter(code=str(data["agency"])[:AGENCY_CODE_MAX]).first()
        if agency is None:
            errors["agency"] = [_("No agency has this code.")]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "topic": topic, "agency": agency}


def _check_assign(user, petition, data):
    handler = get_user_model().objects.filter(
        username=str(data.get("handler") or "")[:USERNAME_MAX]).first()
    if handler is None or not StaffRole.objects.filter(
            user=handler, agency=petition.agency,
            role__in=[StaffRole.Role.SPECIALIST, StaffRole.Role.LEADER]).exists():
        raise ValidationError({"handler": [_("Choose a specialist or leader of %(agency)s.")
                                           % {"agency": petition.agency.name}]})
    return {"handler": handler}


def _required_text(data, field, label, **limits):
    """One text answer, cleaned, or ValidationError naming its field."""
    errors = {}
    value = _text(data, field, errors, label=label, **limits)
    if errors:
        raise ValidationError(errors)
    return value


def _within_window(petition, action, field):
    deadline, setting, message = WINDOWS[action]
    if timezone.now() > getattr(petition, deadline):
        raise ValidationError({field: [message % {
            "days": getattr(settings, setting), "when": _local(getattr(petition, deadline))}]})


def _check_reject(user, petition, data):
    _within_window(petition, "reject", "reason")
    return {"reason": _required_text(data, "reason", _("The reason"), least=5)}


def _check_request_info(user, petition, data):
    _within_window(petition, "request_info", "request")
    return {"request": _required_text(data, "request", _("What is asked"), least=5)}


def _check_provide_info(user, petition, data):
    return {"reply": _required_text(data, "reply", _("The information"))}


def _check_answer(user, petition, data):
    return {"answer": _required_text(data, "answer", _("The answer"), least=10)}


def _check_publish(user, petition, data):
    summary = _required_text(data, "summary", _("The published question"), required=False,
                             least=10)
    return {"summary": summary or petition.content}


def _check_rate(user, petition, data):
    if petition.satisfaction:
        raise PetitionConflict(petition, _("You have already said whether the answer "
                                           "satisfied you."), [])
    errors = {}
    level = data.get("satisfaction")
    if level not in Level.values:
        errors["satisfaction"] = [_("Choose satisfied, neutral or dissatisfied.")]
    comment = _text(data, "comment", errors, label=_("The comment"), required=False,
                    most=COMMENT_MAX)
    if errors:
        raise ValidationError(errors)
    return {"satisfaction": level, "comment": comment}


ACTION_CHECKS = {
    "classify": _check_classify, "assign": _check_assign, "reject": _check_reject,
    "request_info": _check_request_info, "provide_info": _check_provide_info,
    "answer": _check_answer, "publish": _check_publish, "rate": _check_rate,
}


def _apply_classify(petition, cleaned, user, now):
    petition.kind, petition.topic = cleaned["kind"], cleaned["topic"]
    moved = cleaned["agency"] != petition.agency
    petition.agency = cleaned["agency"]
    if moved:  # routed on: the new unit's managers assign one of their officers
        petition.handler = None
        return _("Routed to %(agency)s") % {"agency": petition.agency.name}
    return petition.get_kind_display()


def _apply_assign(petition, cleaned, user, now):
    petition.handler = cleaned["handler"]
    return person_name(petition.handler)


def _close(petition, now, deadline):
    petition.closed_at = now
    petition.on_time = now <= deadline


def _apply_reject(petition, cleaned, user, now):
    petition.reject_reason = cleaned["reason"]
    _close(petition, now, petition.reject_by)
    return cleaned["reason"]


def _apply_request_info(petition, cleaned, user, now):
    petition.resume_status = petition.status  # where the petition goes back to afterwards
    petition.info_request, petition.info_requested_at = cleaned["request"], now
    return cleaned["request"]


def _apply_provide_info(petition, cleaned, user, now):
    petition.info_reply = cleaned["reply"]
    # The wait for the person is not the agency's time: the answer's due date moves by it.
    paused = calendars.working_minutes_between(petition.info_requested_at, now, petition.agency)
    petition.due_at = calendars.add_working_minutes(petition.due_at, paused, petition.agency)
    return cleaned["reply"]


def _apply_answer(petition, cleaned, user, now):
    petition.answer, petition.answered_by = cleaned["answer"], user
    _close(petition, now, petition.due_at)
    return ""


def _apply_publish(petition, cleaned, user, now):
    petition.public_summary, petition.published_at = cleaned["summary"], now
    # Publishing has its own time limit from the answer (766 indicator 5.2).
    if petition.closed_at is not None:
        publish_by = calendars.compute_due(petition.closed_at,
                                           Decimal(settings.MOTCUA_PAKN_PUBLISH_DAYS),
                                           "working_day", petition.agency).due
        petition.on_time = bool(petition.on_time) and now <= publish_by
    return ""


def _apply_rate(petition, cleaned, user, now):
    petition.satisfaction = cleaned["satisfaction"]
    petition.satisfaction_comment = cleaned["comment"]
    petition.satisfaction_at = now
    return petition.get_satisfaction_display()


APPLY = {
    "classify": _apply_classify, "assign": _apply_assign, "reject": _apply_reject,
    "request_info": _apply_request_info, "provide_info": _apply_provide_info,
    "answer": _apply_answer, "publish": _apply_publish, "rate": _apply_rate,
}


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _event(petition, action, user, role, at, note="", *, name=""):
    name = name or (person_name(user) if user and user.is_authenticated else "")
    PetitionEvent.objects.create(petition=petition, action=action, to_status=petition.status,
                                 actor=user if user and user.is_authenticated else None,
                                 actor_name=name, role=role, at=at, note=note[:5000])


def overdue(qs, at=None):
    """Open petitions past their answer's due date (not waiting for the person)."""
    return qs.filter(~Q(status__in=sorted(CLOSED | {S.MORE_INFO})),
                     due_at__lt=at or timezone.now())


def month_figures(user):
    """This month's figures for the user's scope: petitions handled on time (766 indicator
    5.2) and counted satisfied (5.3), read from the index's own rules over the petitions the
    user sees, and the share of dossier ratings satisfied."""
    from indicators import engine, periods

    month = periods.parse(f"{timezone.localdate():%Y-%m}")
    scoped = petitions_for_user(user)
    counts = engine.petition_counts(month, scoped).values()
    received = sum(c["petitions"] for c in counts)
    rating_qs = Rating.objects.filter(created_at__gte=month.start)
    ids = None if user.is_superuser else visible_agency_ids(user)
    if ids is not None:
        rating_qs = rating_qs.filter(agency_id__in=ids)

    def share(part, whole):
        return round(100 * part / whole, 1) if whole else None

    n_ratings = rating_qs.count()
    return {
        "open": scoped.filter(status__in=sorted(OPEN)).count(),
        "overdue": overdue(scoped).count(),
        "received": received,
        "on_time": share(sum(c["num 5.2"] for c in counts), received),
        "satisfied": share(sum(c["num 5.3"] for c in counts), received),
        "ratings": n_ratings,
        "ratings_satisfied": share(rating_qs.filter(overall=Level.SATISFIED).count(), n_ratings),
    }
