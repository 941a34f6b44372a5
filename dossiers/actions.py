"""Reads and writes of dossiers: get_*_for_user, check_* then do_* (DESIGN.md).

Every write runs in one transaction on a row-locked dossier, appends an event, and recomputes
the derived times through `dossiers.terms` only. Errors are raised as:
  - DossierConflict: the action is not allowed from the current status (HTTP 409),
  - PermissionDenied: the user's roles may not take it (403),
  - ValidationError: the data is wrong (400).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.formfields import check_form_data
from catalog.models import Level, Procedure, ProcessStep
from dossiers import fees, followups, terms
from dossiers import transitions as t
from dossiers.codes import next_code
from dossiers.models import Channel, Dossier, DossierEvent, FeeLine, Notice, at_risk_q, overdue_q
from dossiers.validation import check_applicant
from integrations.notify.service import queue_for_event
from motcua.dates import parse_moment
from motcua.memo import Memo
from motcua.text import person_name
from units.access import (
    USERNAME_MAX,
    agency_by_id,
    center_by_id,
    is_staff_member,
    roles_of,
    visible_agency_ids,
)
from units.models import Agency, ServiceCenter, StaffRole
from workcalendar import calendars


class DossierConflict(Exception):
    def __init__(self, dossier, action, roles):
        self.status = dossier.status
        self.allowed = t.allowed_actions(dossier.status, roles)
        # Named by its verb, never by its code ("Ký duyệt", not "approve").
        super().__init__(
            _("“%(action)s” is not possible while the dossier is %(status)s.")
            % {"action": t.ACTION_VERBS.get(action, _("this action")),
               "status": dossier.get_status_display()})


# ----------------------------------------------------------------------------- reads


def dossiers_for_user(user):
    """The dossiers a staff member may see: those received at, processed by, or held for an
    inter-agency step by their units.

    All conditions are on columns of the dossier table (center ids are looked up first, not
    joined), so PostgreSQL answers from indexes even with millions of dossiers.
    """
    qs = Dossier.objects.all()
    if not is_staff_member(user):
        return qs.filter(applicant_id=user.pk) if user.is_authenticated else qs.none()
    ids = visible_agency_ids(user)
    if ids is None:
        return qs
    centers = list(ServiceCenter.objects.filter(agency_id__in=ids).values_list("id", flat=True))
    # A partner holds a dossier only while it is open (closing hands it back), so the holder
    # condition carries the open statuses and PostgreSQL reads it from the partial index.
    return qs.filter(Q(agency_id__in=ids) | Q(service_center_id__in=centers)
                     | Q(current_agency_id__in=ids, status__in=sorted(t.OPEN)))


def get_dossier_for_user(user, code, *, for_update=False):
    """One dossier by code, if the user may see it: as in dossiers_for_user, or because one of
    their units took part in it (a partner agency that has handed it on keeps sight of it)."""
    qs = Dossier.objects.filter(code=code)
    if for_update:
        qs = qs.select_for_update()
    dossier = next(iter(qs[:1]), None)  # the code is unique: no ordering to compile
    if dossier is None:
        raise Http404
    with_reference(dossier)
    if not _may_see(user, dossier):
        raise Http404
    return dossier


_procedures_by_id = Memo("procedures by id")


def with_reference(dossier):
    """Give the dossier its procedure, agencies and center from the shared reference data
    (motcua/memo.py), as read-only objects, instead of joining their tables: the join made
    every read of a dossier, and every action, compile and read some 400 columns."""
    dossier.procedure = _procedures_by_id.get(dossier.procedure_id, lambda: Procedure.objects
                                              .select_related("agency")
                                              .filter(pk=dossier.procedure_id).first())
    dossier.agency = agency_by_id(dossier.agency_id)
    dossier.current_agency = agency_by_id(dossier.current_agency_id)
    dossier.service_center = center_by_id(dossier.service_center_id)
    return dossier


def _may_see(user, dossier):
    if user.is_authenticated and dossier.applicant_id == user.pk:
        return True
    if not is_staff_member(user):
        return False
    ids = visible_agency_ids(user)
    if ids is None:
        return True
    if ids & {dossier.agency_id, dossier.current_agency_id, dossier.service_center.agency_id}:
        return True
    return dossier.events.filter(agency_id__in=ids).exists()


# Actions of whoever holds the dossier now: during an inter-agency step, the partner agency's
# staff assign, hand over and ask for a supplement or payment, not the competent unit's.
HOLDER_ACTIONS = {"assign", "hand_over", "request_supplement", "require_payment"}
# Decisions of the competent unit alone, wherever the dossier is.
COMPETENT_ACTIONS = {"reappoint", "stop", "approve", "reject"}


def user_roles(user, dossier=None, action=None):
    """Roles of the user that apply to this dossier: held in its competent unit, in the unit
    holding it for an inter-agency step, or at its receiving center. For a holder's action
    (HOLDER_ACTIONS, while in processing) only the holding unit's roles count; for a decision
    (COMPETENT_ACTIONS) only the competent unit's."""
    if user.is_superuser:
        return set(StaffRole.Role.values)
    if dossier is None:
        return {role.role for role in roles_of(user)}
    mine = {t.APPLICANT} if user.is_authenticated and dossier.applicant_id == user.pk else set()
    if action in HOLDER_ACTIONS and dossier.status == t.PROCESSING:
        places = {dossier.current_agency_id}
    elif action in COMPETENT_ACTIONS:
        places = {dossier.agency_id}
    else:
        places = {dossier.agency_id, dossier.current_agency_id,
                  dossier.service_center.agency_id}
    return mine | {role.role for role in roles_of(user)
                   if role.agency_id in places or role.role == StaffRole.Role.SUPERVISOR}


def available_actions(user, dossier):
    """The actions this user may take on this dossier now (shown on pages and in the API)."""
    return [action for action in t.allowed_actions(dossier.status, user_roles(user, dossier))
            if t.roles_for(dossier.status, action) & user_roles(user, dossier, action)
            and not (action == "hand_over_paper" and dossier.paper_returned_at)
            and _signing_allows(dossier, action)]


def _signing_allows(dossier, action):
    """Trình ký as the buttons show it: the specialist submits what is not submitted yet; the
    leader signs what was proposed (or decides directly where the step lets them) or sends
    it back."""
    if action == "propose":
        return not dossier.proposal
    if action == "send_back":
        return bool(dossier.proposal)
    if action in ("approve", "reject"):
        step = _step(dossier)
        return dossier.proposal == action or (step is not None and step.leader_decides)
    return True


# ----------------------------------------------------------------------------- create

# Reference rows read on every intake, kept a while per process (motcua/memo.py).
_procedures = Memo("procedures for intake")
_communes = Memo("commune committees")
_processes = Memo("internal processes")


def _intake_procedure(code):
    return _procedures.get(code, lambda: Procedure.objects.filter(code=code)
                           .select_related("agency")
                           .prefetch_related("publication_items", "form_fields")
                           .first())


def _process(procedure):
    """The procedure's internal process steps, in order, with their agencies."""
    return _processes.get(procedure.pk, lambda: list(
        ProcessStep.objects.filter(procedure_id=procedure.pk).select_related("agency")))


def _check_procedure(code, errors):
    """The procedure a new dossier is for, if it takes dossiers (else an error is noted)."""
    procedure = _intake_procedure(code or "")
    if procedure is None:
        errors["procedure"] = _("No procedure has this code.")
    elif not procedure.accepts_dossiers():
        errors["procedure"] = _("This procedure is not published or has been abolished.")
    return procedure


def _cleaned_new(data, errors, **found):
    """Check the applicant, raise every error at once, or return the cleaned new dossier."""
    try:
        applicant = check_applicant(data)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    form_data = {}
    procedure = found.get("procedure")
    if procedure is not None and "procedure" not in errors:
        try:
            # A counter dossier taken in incomplete may lack answers until the supplement.
            form_data = check_form_data(
                procedure.form_fields.all(), data.get("form_data"),
                partial=found.get("channel") != Channel.ONLINE and not found.get("receive"))
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return {"summary": (data.get("summary") or "").strip()[:500],
            "components": data.get("components") or [], "form_data": form_data,
            **applicant, **found}


def check_create(user, data):
    """Validate a new dossier taken in by a counter officer (channel 1 counter, 3 post)."""
    errors = {}
    procedure = _check_procedure(data.get("procedure"), errors)
    channel = data.get("channel", Channel.COUNTER)
    if channel not in (Channel.COUNTER, Channel.POST):
        errors["channel"] = _("At the counter the channel is 1 (counter) or 3 (public post).")
    center = _receiving_center(user, data.get("service_center"), errors)
    agency = None
    if procedure is not None and "procedure" not in errors:
        agency = _competent_agency(procedure, center, data.get("unit"), errors)
        # Not receivable anywhere: only the competent unit's own place receives it.
        if center and agency and not procedure.receivable_anywhere \
                and center.unit_id != agency.unit_id:
            errors["service_center"] = _(
                "This procedure is received only at the competent unit's own center.")
    receive = bool(data.get("receive"))
    fee_lines = []
    if data.get("fees") and procedure is not None and "procedure" not in errors:
        # Fees due at reception, charged with the dossier the counter receives (lệ phí).
        if not receive:
            errors["fees"] = _("Fees are charged when the dossier is received: tick "
                               "“receive”, or charge them on its page when it is.")
        else:
            try:
                fee_lines = fees.check_fees_of(procedure, timezone.localdate(), data["fees"],
                                               required=False)
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
    return _cleaned_new(data, errors, procedure=procedure, channel=channel,
                        service_center=center, agency=agency, receive=receive,
                        fee_lines=fee_lines)


def check_submit_online(user, data):
    """Validate a dossier a person files online (channel 2) from their account. It arrives
    as submitted (national status 1) in the reception queue of the competent unit's center."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to apply online."))
    errors = {}
    if data.get("channel", Channel.ONLINE) != Channel.ONLINE:
        errors["channel"] = _("A dossier filed from a personal account is online (2).")
    if data.get("receive"):
        errors["receive"] = _("Only a counter officer receives a dossier.")
    procedure = _check_procedure(data.get("procedure"), errors)
    if "procedure" not in errors and not procedure.accepts_online:
        errors["procedure"] = _("This procedure is not offered online: apply at a counter.")
    agency = center = None
    if "procedure" not in errors:
        agency = _competent_agency(procedure, None, data.get("unit"), errors)
        if agency is not None:
            center = _online_center(agency)
            if center is None:
                errors["unit"] = _("No service center receives this unit's dossiers yet.")
    filer = _check_filer(user, data, errors)
    return _cleaned_new(data, errors, procedure=procedure, channel=Channel.ONLINE,
                        service_center=center, agency=agency, receive=False, applicant=user,
                        **filer)


def check_submit_national(data):
    """Validate a dossier filed on the National Public Service Portal (sync/inbound.py maps
    its record to `data`): the same procedure, form and applicant checks as one filed on
    MotCua's portal; the unit is the one the record names (`unit`: an agency's identifier
    code, or a commune's statistics code), which must be this province's and competent. It
    arrives as submitted (national status 1) in the reception queue of the unit's center."""
    errors = {}
    procedure = _check_procedure(data.get("procedure"), errors)
    if "procedure" not in errors and not procedure.accepts_online:
        errors["procedure"] = _("This procedure is not offered online: apply at a counter.")
    agency = center = None
    named = _named_agency(data.get("unit"))
    if named is None:
        errors["unit"] = _("No unit of this province has this code.")
    elif "procedure" not in errors:
        agency = _competent_agency(procedure, None, named.unit.code if named.kind ==
                                   Agency.Kind.COMMUNE_COMMITTEE else None, errors)
        if agency is not None and agency.pk != named.pk:
            errors["unit"] = _("%(unit)s does not decide this procedure: %(competent)s does.") \
                % {"unit": named.name, "competent": agency.name}
            agency = None
        if agency is not None:
            center = _online_center(agency)
            if center is None:
                errors["unit"] = _("No service center receives this unit's dossiers yet.")
    return _cleaned_new(data, errors, procedure=procedure, channel=Channel.ONLINE,
                        service_center=center, agency=agency, receive=False,
                        national_reference=data["national_reference"],
                        vneid_authenticated=bool(data.get("vneid_authenticated")),
                        consulted=data.get("consulted") or [])


def _named_agency(code):
    """The agency a record names by its identifier code, or the People's Committee of the
    commune it names by statistics code; None when neither is of this province."""
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        return None
    code = code.strip()
    return _communes.get(("named", code), lambda: Agency.objects.filter(code=code)
                         .select_related("unit").first() or (Agency.objects.filter(
                             kind=Agency.Kind.COMMUNE_COMMITTEE, unit__code=int(code))
                             .select_related("unit").first() if code.isdigit() and len(code) <= 9 else None))


# The document someone filing for another person attaches (Decree 45/2020: filing through an
# authorised representative).
AUTHORISATION = "Văn bản ủy quyền"


def _check_filer(user, data, errors):
    """A person files as themselves: the applicant's number is their account's own (its CCCD,
    or its business's tax code). Filing for someone else is declared (`on_behalf`) and comes
    with the authorisation as a component (`authorisation_attached`, set by the portal when
    the draft holds it). The filer is recorded from the account either way."""
    person = getattr(user, "person", None)
    on_behalf = data.get("on_behalf") in (True, "true", "on", "1", 1)
    if person is None:
        return {"on_behalf": on_behalf}
    own = {n for n in (person.id_number, person.tax_code) if n}
    given = (data.get("applicant_id_number") or "").replace(" ", "")
    if on_behalf:
        if not data.get("authorisation_attached"):
            errors["on_behalf"] = _(
                "To file for someone else, attach their authorisation (%(name)s).") % {
                "name": AUTHORISATION}
    elif own and given not in own:
        errors["applicant_id_number"] = _(
            "You file as yourself: this is not your account's number. To file for someone "
            "else, say so and attach their authorisation.")
    return {"on_behalf": on_behalf, "filer_name": person.display_name[:200],
            "filer_id_number": (person.id_number or person.tax_code)[:20],
            "filer_phone": person.phone[:15], "filer_email": person.email}


_online_centers = Memo("online reception centers")


def _online_center(agency):
    """Where an agency's online dossiers are received: the active center of its unit (the
    commune's center, or the province's for departments and sector agencies)."""
    return _online_centers.get(agency.unit_id, lambda: ServiceCenter.objects.filter(
        unit_id=agency.unit_id, is_active=True).select_related("agency").order_by("code").first())


def _receiving_center(user, code, errors):
    """The counter officer's center (a superuser may name any)."""
    if user.is_superuser:
        qs = ServiceCenter.objects.filter(is_active=True).select_related("unit", "agency")
        centers = list(qs.filter(code=code)[:1] if code else qs[:2])
    else:
        # The officer's centers came with their roles: no query.
        centers = list({r.service_center_id: r.service_center for r in roles_of(user)
                        if r.role == StaffRole.Role.COUNTER_OFFICER
                        and r.service_center_id}.values())
        if not centers:
            raise PermissionDenied(_("Only counter officers take in dossiers."))
        centers = [c for c in centers if c.is_active]
        if code:
            centers = [c for c in centers if c.code == code]
    if code:
        if not centers:
            errors["service_center"] = _("You do not work at this service center.")
            return None
        return centers[0]
    if len(centers) != 1:
        errors["service_center"] = _("Say at which service center the dossier is received.")
        return None
    return centers[0]


def _competent_agency(procedure, center, unit_code, errors):
    """Province-level procedures go to their department; commune-level ones to the People's
    Committee of the commune concerned (given, or the receiving center's commune)."""
    if procedure.agency_id:
        return procedure.agency
    if procedure.level == Level.COMMUNE:
        if unit_code:
            agency = _communes.get(("code", unit_code), lambda: Agency.objects.filter(
                kind=Agency.Kind.COMMUNE_COMMITTEE, unit__code=unit_code).first())
        elif center is not None:
            agency = _communes.get(("unit", center.unit_id), lambda: Agency.objects.filter(
                kind=Agency.Kind.COMMUNE_COMMITTEE, unit_id=center.unit_id).first())
        else:
            agency = None
        if agency is None:
            errors["unit"] = _("Give the statistics code of the commune that decides this dossier.")
        return agency
    errors["procedure"] = _("The procedure has no competent agency in the catalog.")
    return None


@transaction.atomic
def do_create(cleaned, by):
    """Create the dossier (and, for a complete dossier, receive it at once: one insert with
    its terms, two events)."""
    now = timezone.now()
    center = cleaned["service_center"]
    dossier = Dossier(
        code=next_code(center.code, timezone.localdate(now)),
        procedure=cleaned["procedure"], procedure_version=cleaned["procedure"].version,
        channel=cleaned["channel"], service_center=center, agency=cleaned["agency"],
        current_agency=cleaned["agency"], applicant=cleaned.get("applicant"),
        vneid_authenticated=cleaned.get("vneid_authenticated", False),
        consulted=cleaned.get("consulted", []), form_data=cleaned.get("form_data", {}),
        on_behalf=cleaned.get("on_behalf", False),
        national_reference=cleaned.get("national_reference") or None,
        **{k: cleaned.get(k, "") for k in ("filer_name", "filer_id_number", "filer_phone",
                                           "filer_email")},
        submitted_at=now, summary=cleaned["summary"], components=cleaned["components"],
        status=t.RECEIVED if cleaned["receive"] else t.SUBMITTED,
        **{k: cleaned[k] for k in ("applicant_type", "applicant_name", "applicant_id_number",
                                   "applicant_phone", "applicant_email", "applicant_address")},
    )
    rules = calendars.YearlyRules()
    if cleaned["receive"]:
        dossier.received_at = now
        terms.set_terms(dossier, start=now, rules=rules)
    dossier.save(force_insert=True)
    counter = StaffRole.Role.COUNTER_OFFICER
    submitter = t.APPLICANT if cleaned["channel"] == Channel.ONLINE else counter
    events = [_new_event(dossier, 1, "submit", "", t.SUBMITTED, by, submitter, now)]
    events[0].agency_id = center.agency_id
    if by is None:  # filed on the national portal: the person's own name, from VNeID
        events[0].actor_name = cleaned.get("filer_name") or cleaned["applicant_name"]
    if cleaned["receive"]:
        events.append(_new_event(dossier, 2, "receive", t.SUBMITTED, t.RECEIVED, by, counter,
                                 now, step_due=_step_due(dossier, now, _step(dossier), rules)))
        if cleaned.get("fee_lines"):
            fees.add_fee_lines(dossier, cleaned["fee_lines"], FeeLine.Stage.RECEPTION)
            events[1].data = {**(events[1].data or {}),
                              "fees": fees.as_recorded(cleaned["fee_lines"])}
    DossierEvent.objects.bulk_create(events)
    if cleaned["receive"]:
        queue_for_event(dossier, events[1])  # the receipt and appointment, by SMS and e-mail
    followups.run(dossier, action=events[-1].action, by=by, role=events[-1].role, data={},
                  event=events[-1], events=events, new=True)
    return dossier


# ----------------------------------------------------------------------------- actions


def check_action(dossier, action, user, data):
    """Validate an action on a locked dossier; return the cleaned data."""
    if t.target(dossier.status, action) is None:
        if action not in ACTION_CHECKS:
            raise Http404
        raise DossierConflict(dossier, action, user_roles(user, dossier))
    roles = user_roles(user, dossier, action)
    if not (t.roles_for(dossier.status, action) & roles):
        raise PermissionDenied(_("Your role may not take this action on this dossier."))
    return ACTION_CHECKS[action](dossier, data or {}), roles


def do_action(user, code, action, data=None):
    with transaction.atomic():
        dossier = get_dossier_for_user(user, code, for_update=True)
        cleaned, roles = check_action(dossier, action, user, data)
        _apply(dossier, action, user, cleaned, roles)
    return dossier


# What an action on a dossier takes, from a page or the API alike: check_action applies each
# limit, and the API's ActionRequest (dossiers/api.py) publishes the same names.
NOTE_MAX = 2000  # a reason, a note
MISSING_MAX, MISSING_ITEM_MAX = 50, 600  # the documents a supplement request lists


def _too_long(key, most):
    return ValidationError({key: _("At most %(n)d characters.") % {"n": most}})


def _require(data, key, message, most=NOTE_MAX):
    value = data.get(key)
    if isinstance(value, str):
        value = value.strip()
    if not value:
        raise ValidationError({key: message})
    if isinstance(value, str) and len(value) > most:
        raise _too_long(key, most)
    return value


def _note(data):
    note = str(data.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        raise _too_long("note", NOTE_MAX)
    return note


def _check_nothing(dossier, data):
    return {"note": _note(data)}


def _check_reason(dossier, data):
    return {"reason": _require(data, "reason", _("Give the reason."))}


def _check_supplement(dossier, data):
    if dossier.status == t.PROCESSING:
        _check_supplement_allowed(dossier)
    missing = data.get("missing")
    if not isinstance(missing, list) or not missing or not all(
            isinstance(m, str) and m.strip() for m in missing):
        raise ValidationError({"missing": _("List the missing or incomplete documents.")})
    if len(missing) > MISSING_MAX or any(len(m.strip()) > MISSING_ITEM_MAX for m in missing):
        raise ValidationError({"missing": _(
            "At most %(count)d documents, each named in at most %(n)d characters.") % {
            "count": MISSING_MAX, "n": MISSING_ITEM_MAX}})
    return {"missing": [m.strip() for m in missing],
            "reason": _require(data, "reason", _("Give the reason."))}


def _check_supplement_allowed(dossier):
    """During appraisal: at most N requests, within D working days of receipt (settings)."""
    rounds = settings.MOTCUA_SUPPLEMENT_MAX_ROUNDS
    if rounds and dossier.supplement_rounds >= rounds:
        raise ValidationError({"action": _(
            "A supplement may be requested only once during processing.") if rounds == 1 else _(
            "A supplement may be requested only %(count)d times during processing.")
            % {"count": rounds}})
    days = settings.MOTCUA_SUPPLEMENT_WITHIN_DAYS
    if days and dossier.received_at:
        # Counted like any time limit: from reception, in the unit's working calendar.
        window = calendars.compute_due(dossier.received_at, days, "working_day", dossier.agency)
        if timezone.now() > window.due:
            raise ValidationError({"action": ngettext(
                "A supplement may be requested only within %(count)d working day of receipt.",
                "A supplement may be requested only within %(count)d working days of receipt.",
                days) % {"count": days}})


def _check_resume(dossier, data):
    if dossier.received_at is None:
        raise ValidationError({"action": _("The dossier was not received yet: use resubmit.")})
    return _check_nothing(dossier, data)


def _check_resubmit(dossier, data):
    if dossier.received_at is not None:
        raise ValidationError({"action": _("The dossier was already received: use resume.")})
    return _check_nothing(dossier, data)


def _check_assign(dossier, data):
    username = _require(data, "assignee", _("Choose the specialist."), most=USERNAME_MAX)
    user = get_user_model().objects.filter(
        username=username, staff_roles__agency_id=dossier.current_agency_id,
        staff_roles__role=StaffRole.Role.SPECIALIST).first()
    if user is None:
        raise ValidationError({"assignee": _("No specialist of the processing unit has this account.")})
    return {"assignee": user}


def _check_hand_over(dossier, data):
    # The last step of an internal process is the return at the counter, after the result.
    # A partner agency at its last step hands the dossier back to the competent unit.
    steps = len(_process(dossier.procedure))
    if dossier.current_step + 1 >= steps - 1 and dossier.current_agency_id == dossier.agency_id:
        raise ValidationError({"action": _(
            "This is the last step: submit the decision for signature.")})
    return _check_nothing(dossier, data)


def _check_decision(dossier, data, *, reason=False):
    """Only the competent unit decides, once every inter-agency step has handed it back."""
    if dossier.current_agency_id != dossier.agency_id:
        raise ValidationError({"action": _(
            "The dossier is with %(unit)s for an inter-agency step: it must be handed back "
            "first.") % {"unit": dossier.current_agency.name}})
    return _check_reason(dossier, data) if reason else _check_nothing(dossier, data)


def _check_reappoint(dossier, data):
    if dossier.reappointed and settings.MOTCUA_REAPPOINT_ONCE:
        raise ValidationError({"action": _("A new appointment was already given once.")})
    new_due = parse_moment(data.get("new_due_at"))  # dd/mm/yyyy hh:mm on the page, ISO by API
    if new_due is None:
        raise ValidationError({"new_due_at": _(
            "Give the new appointment as a date and time, e.g. 25/12/2026 16:30.")})
    if dossier.due_at and new_due <= dossier.due_at:
        raise ValidationError({"new_due_at": _("The new appointment must come after the due date.")})
    if dossier.due_at and timezone.now() > dossier.due_at:
        raise ValidationError({"action": _("The apology must be sent before the due date.")})
    return {"new_due_at": new_due, "reason": _require(data, "reason", _("Give the reason."))}


def _check_return(dossier, data):
    method = data.get("method", "counter")
    if method not in ("counter", "post", "online"):
        raise ValidationError({"method": _("Return at the counter, by post or online.")})
    unpaid = fees.outstanding(dossier, [FeeLine.Stage.RECEPTION, FeeLine.Stage.RESULT])
    if unpaid:
        raise ValidationError({"action": _("Fees are still to be paid: %(lines)s.") % {
            "lines": "; ".join(line.description for line in unpaid)}})
    if method == "online" and dossier.results.exclude(status="signed").exists():
        # Returned online means the signed electronic result: not before it is signed.
        raise ValidationError({"method": _("The electronic result is not signed yet: return "
                                           "it online once it is signed.")})
    return {"method": method}


def _check_paper(dossier, data):
    if dossier.paper_returned_at is not None:
        raise ValidationError({"action": _("The paper result was already handed over on "
                                           "%(when)s.") % {
            "when": timezone.localtime(dossier.paper_returned_at).strftime("%d/%m/%Y")}})
    method = data.get("method", "counter")
    if method not in ("counter", "post"):
        raise ValidationError({"method": _("A paper result is handed over at the counter or "
                                           "sent by post.")})
    return {"method": method}


def _check_receive(dossier, data):
    return {**_check_nothing(dossier, data), "fee_lines": fees.check_fee_lines(
        dossier, data.get("fees"), required=False), "fee_stage": FeeLine.Stage.RECEPTION}


def _check_payment(dossier, data):
    """A financial obligation during processing (status 6), with the reason. With `fees` the
    person can pay them here (and the dossier resumes when they are paid); without, the
    obligation is paid elsewhere (e.g. land taxes at the tax office) and an officer confirms."""
    cleaned = _check_reason(dossier, data)
    lines = fees.check_fee_lines(dossier, data.get("fees"), required=False)
    if lines and all(line["exempt"] for line in lines):
        raise ValidationError({"fees": _("Every line is exempt: there is nothing to pay.")})
    return {**cleaned, "fee_lines": lines, "fee_stage": FeeLine.Stage.PROCESSING}


def _check_approve(dossier, data):
    decided = _check_decision(dossier, data)
    _check_signed_as_proposed(dossier, "approve")
    return {**decided, "fee_lines": fees.check_fee_lines(
        dossier, data.get("fees"), required=False), "fee_stage": FeeLine.Stage.RESULT}


def _check_reject(dossier, data):
    """The leader signs the refusal proposed; its reason is the proposal's unless the leader
    words it again."""
    if dossier.current_agency_id == dossier.agency_id:
        _check_signed_as_proposed(dossier, "reject")
    if not (data.get("reason") or "").strip() and dossier.proposal == "reject":
        proposed = _last_proposal(dossier)
        data = {**data, "reason": proposed.data.get("reason", "") if proposed else ""}
    return _check_decision(dossier, data, reason=True)


def _last_proposal(dossier):
    return dossier.events.filter(action="propose").order_by("-seq").first()


def _check_signed_as_proposed(dossier, decision):
    """Trình ký: the leader signs what the specialist proposed. A step of the internal
    process may let the leader decide directly (ProcessStep.leader_decides)."""
    step = _step(dossier)
    if step is not None and step.leader_decides:
        return
    if dossier.proposal == decision:
        return
    if not dossier.proposal:
        raise ValidationError({"action": _(
            "Nothing was submitted for signature yet: the specialist appraises the dossier "
            "and submits the decision first.")})
    raise ValidationError({"action": _(
        "The specialist proposed to %(proposed)s: sign that, or send it back with the "
        "reason.") % {"proposed": PROPOSALS[dossier.proposal]}})


PROPOSALS = {"approve": _("approve"), "reject": _("refuse")}


def _check_propose(dossier, data):
    """The specialist submits the decision for signature: approve (the draft result is the
    procedure's result, filled from the dossier) or refuse, with the reason."""
    if dossier.current_agency_id != dossier.agency_id:
        raise ValidationError({"action": _(
            "The dossier is with %(unit)s for an inter-agency step: it must be handed back "
            "first.") % {"unit": dossier.current_agency.name}})
    if dossier.proposal:
        raise ValidationError({"action": _(
            "It was already submitted for signature: the leader signs it or sends it back.")})
    decision = data.get("decision")
    if decision not in PROPOSALS:
        raise ValidationError({"decision": _("Propose to approve or to refuse.")})
    cleaned = {"decision": decision, "note": _note(data)}
    if decision == "reject":
        cleaned["reason"] = _require(data, "reason", _("Give the reason for the refusal."))
    return cleaned


def _check_send_back(dossier, data):
    if not dossier.proposal:
        raise ValidationError({"action": _("Nothing waits for your signature on this dossier.")})
    return _check_reason(dossier, data)


ACTION_CHECKS = {
    "receive": _check_receive, "request_supplement": _check_supplement, "refuse": _check_reason,
    "transfer": _check_nothing, "assign": _check_assign, "hand_over": _check_hand_over,
    "require_payment": _check_payment, "confirm_payment": _check_nothing,
    "reappoint": _check_reappoint, "stop": _check_reason, "approve": _check_approve,
    "reject": _check_reject, "propose": _check_propose, "send_back": _check_send_back,
    "withdraw": _check_reason, "resubmit": _check_resubmit,
    "resume": _check_resume, "return_result": _check_return, "hand_over_paper": _check_paper,
}


def _apply(dossier, action, by, cleaned, roles, *, actor_name=""):
    """Perform a checked action: update columns, terms and the event log."""
    now = timezone.now()
    before = dossier.status
    after = t.target(before, action)
    role = _acting_role(before, action, roles)
    acting_agency = _acting_agency(dossier, by, role) if by is not None \
        else dossier.current_agency_id
    step_due = None
    if action == "receive":
        dossier.received_at = now
        terms.set_terms(dossier, start=now)
        # The reception step's share of the time: when the transfer is due (control slip).
        step_due = _step_due(dossier, now, _step(dossier))
    elif action == "request_supplement":
        # Before reception the clock has not started: nothing to pause, no round to count.
        if dossier.received_at:
            dossier.supplement_rounds += 1
            terms.new_pause(dossier, "supplement", now, cleaned["reason"]).save()
    elif action == "require_payment":
        terms.new_pause(dossier, "payment", now, cleaned["reason"]).save()
    elif action in ("resume", "confirm_payment"):
        pause = dossier.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
        if pause:
            terms.end_pause(dossier, pause, now)
    elif action == "assign":
        dossier.assignee = cleaned["assignee"]
    elif action in ("transfer", "hand_over"):
        # Transfer ends the reception step (step 0); each hand-over starts the next one, at
        # the agency the step names (liên thông) or else at the competent unit.
        dossier.current_step += 1
        step = _step(dossier)
        holder = step.agency if step is not None and step.agency_id else dossier.agency
        if holder.pk != dossier.current_agency_id:
            dossier.assignee = None  # the receiving unit's leader assigns its own specialist
        dossier.current_agency = holder
        step_due = _step_due(dossier, now, step)
        cleaned = {**cleaned, "to_unit": holder.code}
    elif action == "reappoint":
        dossier.reappointed = True
        terms.set_terms(dossier, reappointed=cleaned["new_due_at"])
    elif action == "propose":
        dossier.proposal, dossier.proposed_by, dossier.proposed_at = cleaned["decision"], by, now
    elif action == "send_back":
        dossier.proposal, dossier.proposed_by, dossier.proposed_at = "", None, None
    elif action in ("approve", "reject"):
        dossier.result = "approved" if action == "approve" else "refused"
        dossier.proposal, dossier.proposed_by, dossier.proposed_at = "", None, None
        terms.finish(dossier, now)
    elif action in ("refuse", "stop", "withdraw"):
        terms.finish(dossier, now)
    elif action == "return_result":
        dossier.returned_at = now
        dossier.return_method = cleaned["method"]
        if cleaned["method"] != "online":
            dossier.paper_returned_at = now
    elif action == "hand_over_paper":
        dossier.paper_returned_at = now
    if after not in t.OPEN:
        dossier.warn_at = None
        dossier.current_agency = dossier.agency  # a closed dossier is the competent unit's
        # A dossier withdrawn or stopped while waiting: its pause ends with it.
        dossier.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    dossier.status = after
    dossier.save()
    lines, stage = cleaned.pop("fee_lines", None), cleaned.pop("fee_stage", None)
    if lines:
        fees.add_fee_lines(dossier, lines, stage)
        cleaned["fees"] = fees.as_recorded(lines)
    event = _event(dossier, action, before, after, by, role, now, step_due=step_due,
                   data=cleaned, agency_id=acting_agency, actor_name=actor_name)
    followups.run(dossier, action=action, by=by, role=role, data=cleaned, event=event)


def do_system_action(code, action, data=None):
    """An action the application takes itself (role "system"), e.g. a payment the provider
    confirmed: the same checks, no user."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(code=code)
        if t.SYSTEM not in t.roles_for(dossier.status, action):
            raise DossierConflict(dossier, action, {t.SYSTEM})
        cleaned = ACTION_CHECKS[action](dossier, data or {})
        _apply(dossier, action, None, cleaned, {t.SYSTEM})
    return dossier


def do_applicant_action(code, action, data=None, *, name=""):
    """An action the person takes on the national portal (answering a supplement, asking to
    withdraw): role "applicant" without a MotCua account, the same checks; the event carries
    the person's name."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(code=code)
        if t.APPLICANT not in t.roles_for(dossier.status, action):
            raise DossierConflict(dossier, action, {t.APPLICANT})
        cleaned = ACTION_CHECKS[action](dossier, data or {})
        _apply(dossier, action, None, cleaned, {t.APPLICANT},
               actor_name=name or dossier.applicant_name)
    return dossier


def _acting_role(status, action, roles):
    allowed = t.roles_for(status, action) & set(roles)
    return sorted(allowed)[0] if allowed else ""


def _acting_agency(dossier, by, role):
    """The unit the actor acts for: where they hold the acting role, the holder first."""
    held = {r.agency_id for r in roles_of(by) if r.role == role}
    for place in (dossier.current_agency_id, dossier.agency_id,
                  dossier.service_center.agency_id):
        if place in held:
            return place
    return dossier.current_agency_id


def _step(dossier):
    """The internal-process step the dossier is at, or None past the last (or no process)."""
    steps = _process(dossier.procedure)
    return steps[dossier.current_step] if dossier.current_step < len(steps) else None


def _step_due(dossier, now, step, rules=None):
    """The step's share of the time, in the holding unit's working time."""
    if step is None:
        return None
    unit = dossier.procedure.time_unit
    return calendars.compute_due(now, step.duration, unit if unit in ("working_day", "working_hour")
                                 else "working_day", dossier.current_agency, rules).due


def _event(dossier, action, before, after, by, role, at, *, agency_id=None, step_due=None,
           data=None, actor_name=""):
    seq = (dossier.events.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    event = _new_event(dossier, seq, action, before, after, by, role, at, step_due=step_due,
                       data=data)
    event.agency_id = agency_id or event.agency_id
    event.actor_name = event.actor_name or actor_name[:200]
    event.save(force_insert=True)
    queue_for_event(dossier, event)
    return event


def _new_event(dossier, seq, action, before, after, by, role, at, *, agency=None,
               step_due=None, data=None):
    details = {k: (v if isinstance(v, (str, int, list, bool)) or v is None else str(v))
               for k, v in (data or {}).items() if k not in ("assignee",)}
    if data and data.get("assignee"):
        details["assignee"] = data["assignee"].username
    name = person_name(by) if by and by.is_authenticated else ""
    return DossierEvent(
        dossier=dossier, seq=seq, action=action, from_status=before, to_status=after,
        actor=by if by and by.is_authenticated else None, actor_name=name, role=role,
        agency=agency or dossier.agency, at=at, step_due_at=step_due,
        note=details.get("reason") or details.get("note") or "", data=details,
    )


# ----------------------------------------------------------------------------- warnings


def _recipients(dossiers):
    """{dossier id: {user ids}}: the assignee and the leaders of the processing unit."""
    leaders = {}
    for agency_id, user_id in StaffRole.objects.filter(
            role=StaffRole.Role.LEADER, agency_id__in={d.agency_id for d in dossiers}
    ).values_list("agency_id", "user_id"):
        leaders.setdefault(agency_id, set()).add(user_id)
    return {d.id: leaders.get(d.agency_id, set()) | ({d.assignee_id} if d.assignee_id else set())
            for d in dossiers}


def _notify(dossiers, kind):
    who = _recipients(dossiers)
    Notice.objects.bulk_create(
        [Notice(user_id=u, dossier=d, kind=kind, due_at=d.due_at)
         for d in dossiers for u in who[d.id]],
        ignore_conflicts=True,
    )


def scan_deadlines(now=None, batch=1000):
    """Mark dossiers at risk and overdue, and warn their assignee and unit leaders.

    Idempotent: a dossier is warned once per term (warned_at, overdue_since), and the notice
    table refuses duplicates, so concurrent scanners do no harm. Returns (at risk, overdue).
    """
    now = now or timezone.now()
    counts = []
    for kind, condition, stamp in (
        (Notice.Kind.AT_RISK, at_risk_q(now) & Q(warned_at__isnull=True), {"warned_at": now}),
        (Notice.Kind.OVERDUE, overdue_q(now) & Q(overdue_since__isnull=True),
         {"overdue_since": F("due_at")}),
    ):
        total = 0
        while True:
            with transaction.atomic():
                rows = list(Dossier.objects.select_for_update(skip_locked=True)
                            .filter(condition)
                            .only("id", "agency_id", "assignee_id", "due_at")[:batch])
                if not rows:
                    break
                Dossier.objects.filter(id__in=[r.id for r in rows]).update(**stamp)
                _notify(rows, kind)
                total += len(rows)
        counts.append(total)
    return tuple(counts)


def mark_overdue(now=None):
    """Stamp overdue dossiers (and warn about them); return how many were new."""
    return scan_deadlines(now)[1]
