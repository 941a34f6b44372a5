"""Directing documents and their tasks: who sees what, check_* / do_* for every change, the
deadlines, and the periodic scan with its reminders (DESIGN.md: read gates, check/do, stored
deadlines, explicit follow-ups).

Deadlines (stored, like a dossier's):
- a number of working days from assignment, in the lead unit's working calendar
  (workcalendar), so Tết and every day off are skipped;
- or a fixed date, due at the end of that day's office hours; a date that falls on a day off
  moves to the next working day (Civil Code 2015, art. 148 §5: a period ending on a day off
  ends on the next working day).
- `warn_at` is the first reminder: MOTCUA_TASK_REMIND_DAYS working days before the deadline
  (3 and 1 by default); `next_reminder_at` the next one still to send; `overdue_since` is
  stamped once by the scan.
"""

import calendar as pycalendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import lifecycle as life
from directives.models import Directive, Extension, Task, TaskEvent, TaskFile
from dossiers.codes import next_code
from dossiers.documents import check_upload
from motcua.dates import parse_day, parse_moment
from motcua.memo import Memo
from motcua.text import fold, person_name
from units.access import USERNAME_MAX, is_staff_member, roles_of, visible_agency_ids
from units.models import Agency, StaffRole
from workcalendar import calendars

S = Task.Status
R = StaffRole.Role
OFFICE_ROLES = {R.LEADER, R.SUPERVISOR, R.ADMINISTRATOR}
PROVINCE_WIDE = {R.SUPERVISOR, R.ADMINISTRATOR}
# What a directing document, a task and the actions on it take: check_* applies each limit,
# and the API's request serializers (directives/api.py) publish the same names in openapi.yaml.
NUMBER_MAX, TITLE_MAX, SIGNER_MAX = (Directive._meta.get_field(name).max_length
                                     for name in ("number", "title", "signer_name"))
CONTENT_MAX = 4000  # a task's content
REPORT_MAX = 4000  # a progress report, a contribution, the result proposed
NOTE_MAX = 2000  # a note, a reason
AGENCY_REF_MAX = 200  # an agency's code or name as people write it (find_agency)
SUPPORTING_MAX = 30
DUE_DAYS_MAX = 730  # working days
_agency_names = Memo("agencies by the names people write")


class TaskConflict(Exception):
    """The action is not open to this user on the task as it stands (HTTP 409)."""

    def __init__(self, task, action, allowed):
        super().__init__(_("“%(action)s” cannot be done now (status: %(status)s).") % {
            "action": life.VERBS.get(action, action), "status": task.get_status_display()})
        self.status, self.allowed = task.status, allowed


# ----------------------------------------------------------------------------- reading


def _province_wide(user):
    return user.is_superuser or any(
        r.role in PROVINCE_WIDE and r.agency.kind == Agency.Kind.PROVINCE_COMMITTEE
        for r in roles_of(user))


def tasks_for_user(user):
    """The read gate: a unit's staff see the tasks it leads or supports, the ones it assigned
    (as issuer or as the parent's lead) and their own; the province's supervisors see all."""
    if not is_staff_member(user):
        return Task.objects.none()
    ids = visible_agency_ids(user)
    if ids is None:
        return Task.objects.all()
    supported = Task.supporting.through.objects.filter(agency_id__in=ids).values("task_id")
    return Task.objects.filter(
        Q(lead_id__in=ids) | Q(pk__in=supported) | Q(directive__issuer_id__in=ids)
        | Q(parent__lead_id__in=ids) | Q(assignee=user))


def directives_for_user(user):
    if not is_staff_member(user):
        return Directive.objects.none()
    ids = visible_agency_ids(user)
    if ids is None:
        return Directive.objects.all()
    return Directive.objects.filter(Q(issuer_id__in=ids) | Q(tasks__in=tasks_for_user(user))) \
        .distinct()


def get_task_for_user(user, code, *, for_update=False):
    qs = Task.objects.select_related("directive__issuer", "lead", "parent__lead", "assignee")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    task = qs.filter(code=code).first()
    if task is None or not tasks_for_user(user).filter(pk=task.pk).exists():
        raise Http404
    return task


def _leads(user, agency_id):
    return any(r.role == R.LEADER and r.agency_id == agency_id for r in roles_of(user))


def task_roles(user, task):
    """The roles (directives.lifecycle) the user holds towards this task."""
    roles = set()
    if not user.is_authenticated:
        return roles
    mine = roles_of(user)
    if task.parent_id:
        if _leads(user, task.parent.lead_id):
            roles.add(life.OFFICE)
    elif _province_wide(user) or any(r.role in OFFICE_ROLES and r.agency_id ==
                                     task.directive.issuer_id for r in mine):
        roles.add(life.OFFICE)
    if _leads(user, task.lead_id):
        roles.add(life.LEAD)
    if task.assignee_id == user.pk:
        roles.add(life.ASSIGNEE)
    supporting = {a.pk for a in task.supporting.all()}
    if any(r.agency_id in supporting for r in mine):
        roles.add(life.SUPPORT)
    return roles


def available_actions(user, task, roles=None):
    roles = task_roles(user, task) if roles is None else roles
    actions = [a for a, (_t, who) in life.TRANSITIONS[task.status].items() if who & roles]
    pending = task.extensions.filter(status=Extension.Status.PENDING).exists()
    if pending:
        actions = [a for a in actions if a != "request_extension"]
    else:
        actions = [a for a in actions if a not in ("grant_extension", "refuse_extension")]
    if "request_extension" in actions and timezone.now() >= task.due_at:
        actions.remove("request_extension")  # asked before the deadline, not after
    return actions


# ----------------------------------------------------------------------------- deadlines


def _end_of_office_day(day, agency):
    end = calendars.periods_for(agency)[-1][1]
    return timezone.make_aware(dt.datetime.combine(day, end))


def deadline(start, *, days=None, on=None, agency=None, rules=None):
    """The due moment: `days` working days from `start`, or the date `on` (moved to the next
    working day when it is a day off), at the end of office hours."""
    rules = rules or calendars.YearlyRules()
    if days is not None:
        return calendars.compute_due(start, Decimal(days), "working_day", agency, rules).due
    return _end_of_office_day(calendars.working_day_on_or_after(on, rules), agency)


def reminders(due_at, rules=None):
    """The reminder moments before a deadline, earliest first."""
    return sorted(calendars.working_days_before(due_at, n, rules)
                  for n in settings.MOTCUA_TASK_REMIND_DAYS if n > 0)


def set_terms(task, due_at, *, now=None, rules=None):
    """The one place a task's deadline moves: the due date and what is derived from it."""
    now = now or timezone.now()
    task.due_at = due_at
    moments = reminders(due_at, rules)
    task.warn_at = moments[0] if moments else None
    task.next_reminder_at = next((m for m in moments if m > now), None)
    task.warned_at = None
    task.overdue_since = None


# ----------------------------------------------------------------------------- documents


def _text(data, key, errors, label, *, required=True, most=TITLE_MAX, least=1):
    value = data.get(key)
    if value in (None, ""):
        if required:
            errors[key] = _("%(label)s is required.") % {"label": label}
        return ""
    if not isinstance(value, str):
        errors[key] = _("%(label)s must be text.") % {"label": label}
        return ""
    value = value.strip()
    if len(value) < least:
        errors[key] = _("%(label)s is too short.") % {"label": label}
    elif len(value) > most:
        errors[key] = _("%(label)s is too long (at most %(n)d characters).") % {
            "label": label, "n": most}
    return value


def offices_of(user):
    """The agencies whose tasks this user may assign: where they lead, supervise or administer
    (every agency for the province's supervisors)."""
    if _province_wide(user):
        return Agency.objects.filter(is_active=True)
    return Agency.objects.filter(pk__in=[r.agency_id for r in roles_of(user)
                                         if r.role in OFFICE_ROLES])


def find_agency(value):
    """An agency by its identifier code, or by its name or short name typed as written."""
    text = str(value or "").strip()
    if not text or len(text) > AGENCY_REF_MAX:
        return None
    found = Agency.objects.filter(code=text).first()
    if found:
        return found
    folded = _agency_words(text)
    names = _agency_names.get("all", lambda: [
        (a.pk, _names_of(a)) for a in Agency.objects.filter(is_active=True)
        .select_related("unit")])
    matches = [pk for pk, known in names if folded in known]
    return Agency.objects.filter(pk=matches[0]).first() if len(matches) == 1 else None


def _agency_words(text):
    return fold(text).replace("uy ban nhan dan", "ubnd")


def _names_of(agency):
    """How people write an agency: its name, its short name, "UBND …" for "Ủy ban nhân dân
    …", and a commune's People's Committee by the commune's own name."""
    names = {_agency_words(agency.name), _agency_words(agency.short_name)} - {""}
    if agency.kind == Agency.Kind.COMMUNE_COMMITTEE and agency.unit_id:
        names.add(_agency_words(agency.unit.name))
    return names


def check_directive(user, data, upload=None):
    errors = {}
    kind = data.get("kind")
    if kind not in Directive.Kind.values:
        errors["kind"] = _("Choose the kind of document: decision, plan, conclusion notice, "
                           "official letter or directive.")
    number = _text(data, "number", errors, _("The number and symbol"), most=NUMBER_MAX)
    title = _text(data, "title", errors, _("The summary"), most=TITLE_MAX, least=5)
    signer = _text(data, "signer_name", errors, _("The signer"), most=SIGNER_MAX)
    signer_title = _text(data, "signer_title", errors, _("The signer's title"), required=False,
                         most=SIGNER_MAX)
    issued_on = parse_day(data.get("issued_on"))
    if issued_on is None:
        errors["issued_on"] = _("Give the document's date as dd/mm/yyyy.")
    issuer = find_agency(data.get("issuer")) if data.get("issuer") else None
    offices = offices_of(user)
    if issuer is None:
        issuer = offices.filter(kind=Agency.Kind.PROVINCE_COMMITTEE).first() or offices.first()
    if issuer is None or not offices.filter(pk=issuer.pk).exists():
        errors["issuer"] = _("You may record the documents of your own office only.")
    if issuer and number and Directive.objects.filter(issuer=issuer, number=number).exists():
        errors["number"] = _("This office already has a document with this number.")
    content_type = ""
    if upload is not None:
        try:
            content_type = check_upload(upload)["content_type"]
        except ValidationError as exc:
            errors["file"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "number": number, "title": title, "signer_name": signer,
            "signer_title": signer_title, "issued_on": issued_on, "issuer": issuer,
            "file": upload, "content_type": content_type}


def do_create_directive(cleaned, by):
    cleaned = dict(cleaned)
    upload = cleaned.pop("file", None)
    directive = Directive(created_by=by, **cleaned)
    if upload is not None:
        directive.file.save(upload.name[-100:], upload, save=False)
    directive.save()
    return directive


# ----------------------------------------------------------------------------- tasks


def _staff_of(agency, username):
    if not username:
        return None
    return get_user_model().objects.filter(
        username=str(username)[:USERNAME_MAX], staff_roles__agency=agency).first()


def _occurrence_dates(first, recurrence, until):
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}[recurrence]
    dates, index = [], 0
    while True:
        month0 = first.month - 1 + step * index
        year, month = first.year + month0 // 12, month0 % 12 + 1
        day = min(first.day, pycalendar.monthrange(year, month)[1])
        when = dt.date(year, month, day)
        if when > until or len(dates) >= 120:
            return dates
        dates.append(when)
        index += 1


def _period_label(day, recurrence):
    if recurrence == "monthly":
        return f"{day:%Y-%m}"
    if recurrence == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if recurrence == "yearly":
        return str(day.year)
    return ""


def check_task(user, directive, data, *, parent=None, now=None):
    """Validate a new task of `directive` (or a sub-task of `parent`). Returns the cleaned
    task with `occurrences` (one date per task for a recurring report)."""
    now = now or timezone.now()
    errors = {}
    content = _text(data, "content", errors, _("The task's content"), most=CONTENT_MAX, least=5)
    lead = find_agency(data.get("lead"))
    if lead is None:
        errors["lead"] = _("No unit has this code or name.")
    elif parent is not None and lead.pk != parent.lead_id and lead.parent_id != parent.lead_id:
        errors["lead"] = _("A sub-task goes to the unit itself or to one of its departments.")
    supporting = []
    raw = data.get("supporting") or []
    if isinstance(raw, str):
        raw = [part for part in raw.replace(",", ";").split(";") if part.strip()]
    if not isinstance(raw, list) or len(raw) > SUPPORTING_MAX:
        errors["supporting"] = _("Supporting units are a list of at most %(n)d.") % {
            "n": SUPPORTING_MAX}
        raw = []
    for value in raw:
        agency = find_agency(value)
        if agency is None:
            errors["supporting"] = _("No unit has this code or name: %(value)s.") % {
                "value": str(value)[:80]}
        elif lead is None or agency.pk != lead.pk:
            supporting.append(agency)
    category = data.get("category") or Task.Category.COMMITTEE
    if category not in Task.Category.values:
        errors["category"] = _("Choose a category from the list.")
    priority = data.get("priority") or Task.Priority.NORMAL
    if priority not in Task.Priority.values:
        errors["priority"] = _("The priority is high, normal or low.")
    recurrence = data.get("recurrence") or ""
    if recurrence not in Task.Recurrence.values:
        errors["recurrence"] = _("The recurrence is monthly, quarterly or yearly.")
    days, on = data.get("due_days"), parse_day(data.get("due_on"))
    if days not in (None, ""):
        try:
            days = int(days)
        except (TypeError, ValueError):
            days = -1
        if not 1 <= days <= DUE_DAYS_MAX:
            errors["due_days"] = _("The time limit is 1 to %(n)d working days.") % {
                "n": DUE_DAYS_MAX}
    else:
        days = None
    if data.get("due_on") and on is None:
        errors["due_on"] = _("Give the deadline as dd/mm/yyyy.")
    if (days is None) == (on is None) and "due_days" not in errors and "due_on" not in errors:
        errors["due_on"] = _("Give either a number of working days or a deadline date.")
    if recurrence and on is None and "due_on" not in errors:
        errors["due_on"] = _("A recurring report needs the date of its first deadline.")
    until = parse_day(data.get("until")) if data.get("until") else None
    if data.get("until") and until is None:
        errors["until"] = _("Give the last date as dd/mm/yyyy.")
    assignee = None
    if data.get("assignee") and lead is not None:
        assignee = _staff_of(lead, data["assignee"])
        if assignee is None:
            errors["assignee"] = _("This person does not work in the lead unit.")
    if errors:
        raise ValidationError(errors)
    rules = calendars.YearlyRules()
    if recurrence:
        dates = _occurrence_dates(on, recurrence, until or dt.date(on.year, 12, 31))
    else:
        dates = [on] if on else [None]
    occurrences = [deadline(now, days=days, on=day, agency=lead, rules=rules) for day in dates]
    if on is not None and occurrences[0] <= now:
        raise ValidationError({"due_on": _("The deadline has already passed.")})
    if parent is not None and occurrences[-1] > parent.due_at:
        raise ValidationError({"due_on": _(
            "A sub-task's deadline cannot pass its parent's (%(due)s).") % {
            "due": timezone.localtime(parent.due_at).strftime("%d/%m/%Y")}})
    return {"directive": directive, "parent": parent, "content": content, "lead": lead,
            "supporting": supporting, "category": category, "priority": priority,
            "recurrence": recurrence, "due_days": days, "due_on": on, "assignee": assignee,
            "occurrences": list(zip(dates, occurrences))}


def check_new_task(user, data):
    """A task assigned through the API or the pages: the directive must be one the user's
    office issued."""
    directive = Directive.objects.filter(pk=data.get("directive")).select_related("issuer") \
        .first() if str(data.get("directive") or "").isdigit() else None
    if directive is None or not directives_for_user(user).filter(pk=directive.pk).exists():
        raise ValidationError({"directive": _("No directing document you may see has this "
                                              "number.")})
    if not (_province_wide(user) or any(r.role in OFFICE_ROLES and r.agency_id ==
                                        directive.issuer_id for r in roles_of(user))):
        raise PermissionDenied(_("Only the issuing office assigns the tasks of its documents."))
    return check_task(user, directive, data)


@transaction.atomic
def do_create_tasks(cleaned, by, *, now=None):
    """Create the task (each occurrence of a recurring report is its own task), its first
    event, and tell the lead unit."""
    now = now or timezone.now()
    rules = calendars.YearlyRules()
    created, series = [], None
    for day, due in cleaned["occurrences"]:
        task = Task(
            code=next_code("NV", timezone.localdate(now)), directive=cleaned["directive"],
            parent=cleaned["parent"], content=cleaned["content"], lead=cleaned["lead"],
            assignee=cleaned["assignee"], category=cleaned["category"],
            priority=cleaned["priority"], recurrence=cleaned["recurrence"],
            due_days=cleaned["due_days"], due_on=day, original_due_at=due, assigned_at=now,
            assigned_by=by, series=series,
            period_label=_period_label(day, cleaned["recurrence"]) if day else "")
        set_terms(task, due, now=now, rules=rules)
        task.save(force_insert=True)
        task.supporting.set(cleaned["supporting"])
        if cleaned["recurrence"] and series is None:
            series = task
        _event(task, "assign", "", task.status, by, life.OFFICE, now,
               agency=cleaned["parent"].lead if cleaned["parent"] else
               cleaned["directive"].issuer,
               data={"due_at": due.isoformat(), "lead": task.lead.code})
        created.append(task)
    from directives import notify

    notify.assigned(created)
    return created


# ----------------------------------------------------------------------------- actions


def _reason(data, key="reason"):
    errors = {}
    value = _text(data, key, errors, _("The reason"), most=NOTE_MAX)
    if errors:
        raise ValidationError(errors)
    return value


def _files(uploads):
    checked = []
    for upload in uploads or []:
        try:
            checked.append((upload, check_upload(upload)["content_type"]))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages[0]}) from None
    if len(checked) > 10:
        raise ValidationError({"files": _("At most 10 files at a time.")})
    return checked


def _check_note(task, data, user):
    errors = {}
    return {"note": _text(data, "note", errors, _("The note"), required=False, most=NOTE_MAX)}


def _check_report(task, data, user):
    errors = {}
    percent = data.get("percent")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        errors["percent"] = _("The progress is a whole percentage from 0 to 100.")
    text = _text(data, "text", errors, _("The report"), most=REPORT_MAX, least=5)
    if errors:
        raise ValidationError(errors)
    return {"percent": percent, "note": text}


def _check_contribute(task, data, user):
    errors = {}
    text = _text(data, "text", errors, _("The report"), most=REPORT_MAX, least=5)
    if errors:
        raise ValidationError(errors)
    return {"note": text}


def _new_due(data, key="new_due"):
    value = data.get(key)
    moment = parse_moment(value) if value else None
    if moment is not None and isinstance(value, str) and len(value.strip()) <= 10:
        moment = None  # a date alone: the end of that office day (below)
    day = parse_day(value) if value and moment is None else None
    return moment, day


def _check_request_extension(task, data, user):
    reason = _reason(data)
    moment, day = _new_due(data)
    if moment is None and day is None:
        raise ValidationError({"new_due": _("Give the new deadline asked, as dd/mm/yyyy.")})
    wanted = moment or deadline(timezone.now(), on=day, agency=task.lead)
    if wanted <= task.due_at:
        raise ValidationError({"new_due": _("The new deadline must come after the present one.")})
    if task.parent_id and wanted > task.parent.due_at:
        raise ValidationError({"new_due": _(
            "A sub-task's deadline cannot pass its parent's (%(due)s).") % {
            "due": timezone.localtime(task.parent.due_at).strftime("%d/%m/%Y")}})
    return {"reason": reason, "requested_due": wanted, "note": reason}


def _pending(task):
    pending = task.extensions.select_for_update().filter(status=Extension.Status.PENDING).first()
    if pending is None:
        raise ValidationError({"action": _("No extension is waiting for a decision.")})
    return pending


def _check_grant_extension(task, data, user):
    pending = _pending(task)
    moment, day = _new_due(data)
    granted = moment or (deadline(timezone.now(), on=day, agency=task.lead) if day else
                         pending.requested_due)
    if granted <= task.due_at:
        raise ValidationError({"new_due": _("The new deadline must come after the present one.")})
    if task.parent_id and granted > task.parent.due_at:
        raise ValidationError({"new_due": _(
            "A sub-task's deadline cannot pass its parent's (%(due)s).") % {
            "due": timezone.localtime(task.parent.due_at).strftime("%d/%m/%Y")}})
    errors = {}
    note = _text(data, "note", errors, _("The note"), required=False, most=NOTE_MAX)
    return {"extension": pending, "granted_due": granted, "note": note}


def _check_refuse_extension(task, data, user):
    return {"extension": _pending(task), "note": _reason(data)}


def _check_split(task, data, user):
    return {"subtask": check_task(user, task.directive, data, parent=task)}


def _check_put_in_charge(task, data, user):
    person = _staff_of(task.lead, data.get("assignee"))
    if person is None:
        raise ValidationError({"assignee": _("This person does not work in the lead unit.")})
    return {"assignee": person, "note": person_name(person)}


def _check_propose_done(task, data, user):
    if task.subtasks.filter(closed_at__isnull=True).exists():
        raise ValidationError({"action": _("Its sub-tasks are not all done yet.")})
    errors = {}
    result = _text(data, "result", errors, _("The result"), most=REPORT_MAX, least=5)
    if errors:
        raise ValidationError(errors)
    return {"result": result, "note": result}


def _check_confirm_done(task, data, user):
    return _check_note(task, data, user)


def _check_send_back(task, data, user):
    return {"note": _reason(data)}


def _check_cancel(task, data, user):
    return {"note": _reason(data)}


ACTION_CHECKS = {
    "acknowledge": _check_note, "report": _check_report, "contribute": _check_contribute,
    "request_extension": _check_request_extension, "grant_extension": _check_grant_extension,
    "refuse_extension": _check_refuse_extension, "split": _check_split,
    "put_in_charge": _check_put_in_charge, "propose_done": _check_propose_done,
    "confirm_done": _check_confirm_done, "send_back": _check_send_back, "cancel": _check_cancel,
}
FILE_ACTIONS = {"report", "contribute", "propose_done"}  # evidence, or the result document


def check_action(task, action, user, data):
    if action not in ACTION_CHECKS:
        raise Http404
    roles = task_roles(user, task)
    if life.target(task.status, action) is None:
        raise TaskConflict(task, action, available_actions(user, task, roles))
    if not life.roles_for(task.status, action) & roles:
        raise PermissionDenied(_("Your role may not take this action on this task."))
    allowed = available_actions(user, task, roles)
    if action not in allowed:  # an extension already waiting, or asked past the deadline
        raise TaskConflict(task, action, allowed)
    cleaned = ACTION_CHECKS[action](task, data or {}, user)
    return cleaned, roles & life.roles_for(task.status, action)


def do_action(user, code, action, data=None, files=None, *, now=None):
    with transaction.atomic():
        task = get_task_for_user(user, code, for_update=True)
        cleaned, roles = check_action(task, action, user, data)
        uploads = _files(files) if action in FILE_ACTIONS else []
        _apply(task, action, user, cleaned, roles, uploads, now or timezone.now())
    return task


def _acting_agency(task, user, role):
    if role == life.OFFICE:
        return task.parent.lead if task.parent_id else task.directive.issuer
    if role == life.SUPPORT:
        supporting = {a.pk: a for a in task.supporting.all()}
        return next((supporting[r.agency_id] for r in roles_of(user)
                     if r.agency_id in supporting), None)
    return task.lead


def _apply(task, action, user, cleaned, roles, uploads, now):
    from directives import notify

    before = task.status
    after = life.target(before, action)
    role = sorted(roles)[0]
    data = {}
    if action == "report":
        task.progress = cleaned["percent"]
        data["percent"] = cleaned["percent"]
    elif action == "request_extension":
        Extension.objects.create(task=task, reason=cleaned["reason"],
                                 requested_due=cleaned["requested_due"], requested_by=user,
                                 requested_at=now)
        data["requested_due"] = cleaned["requested_due"].isoformat()
    elif action == "grant_extension":
        extension = cleaned["extension"]
        extension.status, extension.granted_due = Extension.Status.GRANTED, cleaned["granted_due"]
        extension.decided_by, extension.decided_at = user, now
        extension.decision_note = cleaned["note"]
        extension.save()
        data.update(previous_due=task.due_at.isoformat(), due_at=cleaned["granted_due"].isoformat())
        set_terms(task, cleaned["granted_due"], now=now)  # original_due_at is kept
    elif action == "refuse_extension":
        extension = cleaned["extension"]
        extension.status, extension.decided_by, extension.decided_at = (
            Extension.Status.REFUSED, user, now)
        extension.decision_note = cleaned["note"]
        extension.save()
    elif action == "split":
        (child,) = do_create_tasks({**cleaned["subtask"], "occurrences":
                                    cleaned["subtask"]["occurrences"][:1]}, user, now=now)
        data["subtask"] = child.code
        cleaned["note"] = child.content[:200]
    elif action == "put_in_charge":
        task.assignee = cleaned["assignee"]
        data["assignee"] = cleaned["assignee"].username
    elif action == "propose_done":
        task.completed_at, task.progress, task.result_summary = now, 100, cleaned["result"]
    elif action == "confirm_done":
        task.closed_at = now
        task.next_reminder_at = None
    elif action == "send_back":
        task.completed_at = None
        # Back at work: reminders resume if the deadline is still ahead.
        task.next_reminder_at = next((m for m in reminders(task.due_at) if m > now), None)
    elif action == "cancel":
        task.closed_at, task.cancel_reason, task.next_reminder_at = now, cleaned["note"], None
        task.extensions.filter(status=Extension.Status.PENDING).update(
            status=Extension.Status.REFUSED, decided_at=now, decided_by=user,
            decision_note=_("The task was cancelled."))
    task.status = after
    task.save()
    event = _event(task, action, before, after, user, role, now,
                   agency=_acting_agency(task, user, role), note=cleaned.get("note", ""),
                   data=data)
    for upload, content_type in uploads:
        TaskFile.objects.create(event=event, name=upload.name[-200:], file=upload,
                                content_type=content_type, is_result=action == "propose_done")
    if action == "cancel":  # its open sub-tasks go with it (an explicit follow-up)
        for child in task.subtasks.filter(closed_at__isnull=True):
            child_before = child.status
            child.status, child.closed_at = S.CANCELLED, now
            child.cancel_reason, child.next_reminder_at = cleaned["note"], None
            child.save()
            _event(child, "cancel", child_before, S.CANCELLED, user, life.OFFICE, now,
                   agency=task.lead, note=_("The parent task %(code)s was cancelled: %(reason)s")
                   % {"code": task.code, "reason": cleaned["note"]})
    notify.changed(task, action, event)


def _event(task, action, before, after, user, role, at, *, agency=None, note="", data=None):
    seq = (task.events.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    return TaskEvent.objects.create(
        task=task, seq=seq, action=action, from_status=before, to_status=after,
        actor=user if user and user.is_authenticated else None,
        actor_name=person_name(user) if user and user.is_authenticated else "",
        role=role, agency=agency, at=at, note=(note or "")[:4000], data=data or {})


# ----------------------------------------------------------------------------- the scan


def scan_tasks(now=None, batch=500):
    """Send the reminders that are due and stamp overdue tasks, once each (the scheduler's
    `tasks` job). Concurrent scans skip each other's rows. Returns (reminded, overdue)."""
    from directives import notify

    now = now or timezone.now()
    reminded = overdue = 0
    while True:
        with transaction.atomic():
            rows = list(Task.objects.select_for_update(skip_locked=True, of=("self",)).filter(
                closed_at__isnull=True, status__in=sorted(life.WORKING),
                next_reminder_at__lte=now).select_related("lead")[:batch])
            if not rows:
                break
            for task in rows:
                task.warned_at = task.warned_at or now
                task.next_reminder_at = next((m for m in reminders(task.due_at) if m > now),
                                             None)
                task.save(update_fields=["warned_at", "next_reminder_at"])
                notify.reminder(task, now)
            reminded += len(rows)
    while True:
        with transaction.atomic():
            rows = list(Task.objects.select_for_update(skip_locked=True, of=("self",)).filter(
                closed_at__isnull=True, status__in=sorted(life.WORKING), due_at__lt=now,
                overdue_since__isnull=True).select_related("lead")[:batch])
            if not rows:
                break
            for task in rows:
                task.overdue_since = task.due_at
                task.next_reminder_at = None
                task.save(update_fields=["overdue_since", "next_reminder_at"])
                notify.overdue(task)
            overdue += len(rows)
    return reminded, overdue
