"""The yearly reform assessment: read gates, then check_* / do_* for each step of the cycle
(reform/cycle.py), each step an event. The points and the index are reform/scoring.py; the
automatic criteria's figures are reform/measures.py.

Scores travel as {sub-criterion code ("2.3.1"): {field: value}} in the API and, built from the
form, on the pages: one shape for both."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.documents import check_upload
from motcua.numbers import parse_number
from reform import cycle, measures, scoring
from reform import notify as reform_notify
from reform.models import (
    Assessment,
    AssessmentEvent,
    EvidenceFile,
    Framework,
    Publication,
    Score,
    SubCriterion,
    UnitAssessment,
)
from units import identifiers
from units.access import AGENCY_CODE_MAX, USERNAME_MAX, roles_of
from units.models import Agency, StaffRole

R = StaffRole.Role
S = UnitAssessment.Status
M = SubCriterion.Method
D = Score.Decision
OFFICE_ROLES = {R.LEADER, R.SUPERVISOR, R.ADMINISTRATOR}
PROVINCE_WIDE = {R.SUPERVISOR, R.ADMINISTRATOR}
# What an assessment's steps take: check_* applies each limit, and the API's request
# serializers (reform/api.py) publish the same names in openapi.yaml.
MAX_TEXT = 4000
MAX_LINKS = 20
MAX_LINK = 498  # "https://" and the 490 characters URL allows; codes are shorter
MAX_FILES = 10
MAX_STEP_DAYS = 120  # working days for a step (_days)
MAX_UNITS = 1000  # units named when opening a year (a province has a few hundred communes)
MAX_APPRAISERS = 20
MAX_SOURCE = UnitAssessment._meta.get_field("survey_source").max_length
AGENCY_KINDS = {Framework.UnitType.DEPARTMENT: [Agency.Kind.DEPARTMENT],
                Framework.UnitType.COMMUNE: [Agency.Kind.COMMUNE_COMMITTEE]}


class Conflict(Exception):
    """The step does not apply to the assessment as it stands (HTTP 409)."""


# --- who may see and do what --------------------------------------------------------------

def office_code():
    return settings.MOTCUA_REFORM_OFFICE or identifiers.department_code(
        settings.MOTCUA_PROVINCE, 2)


def is_office(user):
    """The Department of Home Affairs' leaders, supervisors and administrators, and the
    province's supervisors and administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    code = office_code()
    return any((r.role in OFFICE_ROLES and r.agency.code == code)
               or (r.role in PROVINCE_WIDE and r.agency.kind == Agency.Kind.PROVINCE_COMMITTEE)
               for r in roles_of(user))


def roles(user, unit):
    found = set()
    if not user.is_authenticated:
        return found
    if is_office(user):
        found.add(cycle.OFFICE)
    for role in roles_of(user):
        if role.agency_id == unit.agency_id:
            found.add(cycle.UNIT)
            if role.role == R.LEADER:
                found.add(cycle.LEADER)
    if unit.appraisers.filter(pk=user.pk).exists():
        found.add(cycle.APPRAISER)
    return found


def assessments_for_user(user):
    """Every assessment for the office and published ones for everyone on the staff; a unit's
    and an appraiser's own while in progress."""
    qs = Assessment.objects.select_related("framework")
    if is_office(user):
        return qs
    mine = [r.agency_id for r in roles_of(user)]
    return qs.filter(Q(status=Assessment.Status.PUBLISHED) | Q(units__agency_id__in=mine)
                     | Q(units__appraisers=user)).distinct()


def units_for_user(user, assessment):
    """The read gate of units' assessments: before publication a unit sees only its own and
    an appraiser the units assigned to them; the office sees all; after publication, all."""
    qs = assessment.units.select_related("agency")
    if is_office(user) or assessment.status == Assessment.Status.PUBLISHED:
        return qs
    mine = [r.agency_id for r in roles_of(user)]
    return qs.filter(Q(agency_id__in=mine) | Q(appraisers=user)).distinct()


def get_assessment_for_user(user, pk):
    found = assessments_for_user(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def get_unit_for_user(user, assessment_pk, agency_code, *, for_update=False):
    assessment = get_assessment_for_user(user, assessment_pk)
    found = units_for_user(user, assessment).filter(
        agency__code=str(agency_code)[:AGENCY_CODE_MAX]).first()
    if found is None:
        raise Http404
    if for_update:
        found = UnitAssessment.objects.select_for_update().select_related(
            "agency", "assessment__framework").get(pk=found.pk)
    return found


def available(user, unit, found_roles=None):
    """The steps open to the user now (after publication only the office's reopening of a
    settled unit: the settled state is the only one whose edges lead out of publication)."""
    found_roles = roles(user, unit) if found_roles is None else found_roles
    return [a for a, (_t, who) in cycle.TRANSITIONS[unit.status].items() if who & found_roles]


def subs_of(framework):
    return list(framework.sub_criteria())


# --- the events ---------------------------------------------------------------------------

def _event(assessment, action, by, now, unit=None, from_status="", note="", data=None):
    # Steps on two units of one assessment run under two unit locks: the assessment's row
    # lock orders their events, so two never take the same number.
    Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk").first()
    seq = (assessment.events.aggregate(m=Max("seq"))["m"] or 0) + 1
    return AssessmentEvent.objects.create(
        assessment=assessment, unit=unit, seq=seq, action=action, from_status=from_status,
        to_status=unit.status if unit else assessment.status, actor=by,
        actor_name=(by.get_full_name() or by.username) if by else "", at=now, note=note,
        data=data or {})


# --- opening the year ---------------------------------------------------------------------

def _days(data, key, errors, label):
    value = str(data.get(key, "")).strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_STEP_DAYS:
        errors[key] = _("%(what)s: a number of working days from 1 to %(n)d.") % {
            "what": label, "n": MAX_STEP_DAYS}
        return None
    return int(value)


def check_open(user, data):
    """The framework to assess, the units (all of its type unless listed) and the working
    days of each step."""
    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs opens an assessment."))
    errors = {}
    value = str(data.get("framework", "")).strip()
    framework = Framework.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if framework is None:
        errors["framework"] = _("Choose a framework.")
    elif Assessment.objects.filter(framework=framework).exists():
        errors["framework"] = _("This framework's assessment is open already.")
    else:
        from reform.actions import problems

        if found := problems(framework):
            errors["framework"] = [f"{code}: {reason}" if code else reason
                                   for code, reason in found]
    units = None
    if framework is not None and data.get("units"):
        codes = data["units"] if isinstance(data["units"], list) else \
            str(data["units"]).split()
        codes = [str(c).strip()[:AGENCY_CODE_MAX] for c in codes if str(c).strip()]
        if len(codes) > MAX_UNITS:
            errors["units"] = _("At most %(n)d units.") % {"n": MAX_UNITS}
            codes = []
        units = list(Agency.objects.filter(code__in=codes, is_active=True,
                                           kind__in=AGENCY_KINDS[framework.unit_type]))
        unknown = sorted(set(codes) - {a.code for a in units})
        if unknown:
            errors["units"] = _("Not an active unit of this framework's type: %(codes)s.") % {
                "codes": ", ".join(unknown[:10])}
    days = {key: _days(data, key, errors, label) for key, label in (
        ("self_days", _("Time to score itself")), ("appraisal_days", _("Time to appraise")),
        ("answer_days", _("Time to answer an appraisal")))}
    if errors:
        raise ValidationError(errors)
    return {"framework": framework, "units": units, **days}


def _due(start, days):
    from workcalendar import calendars

    return calendars.compute_due(start, Decimal(days), "working_day").due


@transaction.atomic
def do_open(cleaned, by, now=None):
    """The assessment with its stored deadlines, and one unit's assessment, with an empty score
    per sub-criterion, for every active agency of the framework's unit type."""
    now = now or timezone.now()
    self_due = _due(now, cleaned["self_days"])
    assessment = Assessment.objects.create(
        framework=cleaned["framework"], opened_at=now, opened_by=by,
        self_days=cleaned["self_days"], self_due=self_due,
        appraisal_days=cleaned["appraisal_days"],
        appraisal_due=_due(self_due, cleaned["appraisal_days"]),
        answer_days=cleaned["answer_days"])
    subs = subs_of(assessment.framework)
    # Every active unit of the type, or the ones chosen (a pilot, a year a unit merged).
    agencies = cleaned.get("units") or Agency.objects.filter(
        is_active=True, kind__in=AGENCY_KINDS[assessment.framework.unit_type]).order_by("name")
    units = UnitAssessment.objects.bulk_create(
        UnitAssessment(assessment=assessment, agency=agency) for agency in agencies)
    Score.objects.bulk_create(Score(unit=unit, sub=sub) for unit in units for sub in subs)
    _event(assessment, "open", by, now, data={"units": len(units)})
    reform_notify.opened(assessment)
    return assessment


def _not_published(unit):
    """A settled unit of a published assessment changes only once reopened (a new version)."""
    if unit.assessment.status == Assessment.Status.PUBLISHED and unit.status == S.SETTLED:
        raise Conflict(_("The results are published: reopen the unit first."))


def check_appraisers(user, unit, usernames):
    from django.contrib.auth import get_user_model

    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs assigns appraisers."))
    _not_published(unit)
    names = [str(n).strip()[:USERNAME_MAX] for n in usernames if str(n).strip()]
    if len(names) > MAX_APPRAISERS:
        raise ValidationError({"appraisers": _("At most %(n)d appraisers.")
                               % {"n": MAX_APPRAISERS}})
    people = list(get_user_model().objects.filter(username__in=names, is_active=True))
    unknown = sorted(set(names) - {p.username for p in people})
    if unknown:
        raise ValidationError({"appraisers": _("No staff account %(names)s.")
                               % {"names": ", ".join(unknown)}})
    if not people:
        raise ValidationError({"appraisers": _("Choose at least one appraiser.")})
    staff = set(StaffRole.objects.filter(user__in=people).values_list("user_id", flat=True))
    for person in people:
        if person.pk not in staff and not person.is_superuser:
            raise ValidationError({"appraisers": _("%(name)s holds no staff role.")
                                   % {"name": person.username}})
        if StaffRole.objects.filter(user=person, agency=unit.agency).exists():
            raise ValidationError({"appraisers": _(
                "%(name)s works in the unit: a unit does not appraise itself.")
                % {"name": person.username}})
    return people


@transaction.atomic
def do_assign(unit, people, by, now=None):
    now = now or timezone.now()
    unit.appraisers.set(people)
    _event(unit.assessment, "assign", by, now, unit=unit, from_status=unit.status,
           data={"appraisers": sorted(p.username for p in people)})
    reform_notify.after_step(unit, "assign")


# --- the steps of a unit's assessment -----------------------------------------------------

def _column_ceiling(field):
    """The largest value a DecimalField holds: 9,999,999.99 for max_digits=9 and two places."""
    return Decimal(10) ** (field.max_digits - field.decimal_places) \
        - Decimal(1).scaleb(-field.decimal_places)


# A figure without a ceiling of its own (a count of deductions) still has its column's.
FIGURE_CEILING = _column_ceiling(Score._meta.get_field("value"))


def _number(raw, label, errors, key, *, lowest=Decimal(0), highest=FIGURE_CEILING):
    value = parse_number(raw, lowest=lowest, highest=highest)
    if value is None:
        errors[key] = _("%(what)s: from %(low)s to %(high)s, two decimals at most.") % {
            "what": label, "low": f"{lowest.normalize():f}",
            "high": f"{Decimal(highest).normalize():f}"}
    return value


def _text(raw, label, errors, key, *, required=False, most=MAX_TEXT):
    value = str(raw or "").strip()
    if required and not value:
        errors[key] = _("%(what)s is required.") % {"what": label}
    elif len(value) > most:
        errors[key] = _("%(what)s: at most %(n)d characters.") % {"what": label, "n": most}
    return value


def _points_for(sub, points, errors, key):
    """A number of points the rule allows: 0 or the maximum when it is full or none."""
    value = _number(points, _("The points"), errors, key, highest=sub.max_points)
    if value is not None and sub.rule == SubCriterion.Rule.FULL_OR_NONE \
            and value not in (0, sub.max_points):
        errors[key] = _("This sub-criterion gives its full points or none: 0 or %(max)s.") \
            % {"max": f"{sub.max_points.normalize():f}"}
        return None
    return value


URL = re.compile(rf"^https?://[^\s<>\"']{{3,{MAX_LINK - len('https://')}}}$")


def _links(raw, unit, errors, key):
    """Links to MotCua records of the unit (an assigned task's code, a dossier's code) or to a
    published page (an http(s) address)."""
    from directives.models import Task
    from dossiers.models import Dossier

    items = raw if isinstance(raw, list) else str(raw or "").splitlines()
    items = [str(i).strip() for i in items if str(i).strip()]
    if len(items) > MAX_LINKS:
        errors[key] = _("At most %(n)d links.") % {"n": MAX_LINKS}
        return []
    out = []
    for item in items:
        if URL.match(item):
            out.append({"kind": "url", "ref": item})
        elif Task.objects.filter(code=item[:40], lead=unit.agency).exists():
            out.append({"kind": "task", "ref": item})
        elif Dossier.objects.filter(code=item[:64], agency=unit.agency).exists():
            out.append({"kind": "dossier", "ref": item})
        else:
            errors[key] = _("%(item)s is neither an address (http…) nor the code of a task "
                            "or a dossier of the unit.") % {"item": item[:80]}
            return []
    return out


def _files(uploads, key, errors):
    checked = []
    for upload in uploads or []:
        try:
            checked.append((upload, check_upload(upload)["content_type"]))
        except ValidationError as exc:
            errors[key] = exc.messages[0]
            return []
    if len(checked) > MAX_FILES:
        errors[key] = _("At most %(n)d files at a time.") % {"n": MAX_FILES}
        return []
    return checked


def scores_by_code(unit):
    return {s.sub.code: s for s in unit.scores.select_related("sub__criterion__area")}


def _entries(data, scores, errors):
    """{code: fields} from the request, every code one of the unit's sub-criteria."""
    given = data.get("scores", {})
    if not isinstance(given, dict):
        errors["scores"] = _("Scores come as {sub-criterion code: fields}.")
        return {}
    unknown = sorted(str(c) for c in given if c not in scores)
    if unknown:
        errors["scores"] = _("No sub-criterion %(codes)s in this framework.") % {
            "codes": ", ".join(unknown[:10])}
        return {}
    bad = [c for c, v in given.items() if not isinstance(v, dict)]
    if bad:
        errors["scores"] = _("Each score's fields come as an object: %(codes)s.") % {
            "codes": ", ".join(bad[:10])}
        return {}
    return given


def _check_save(unit, data, files, errors, now):
    """A draft of the self-assessment: for the unit's own sub-criteria, points (or the figure
    they follow from), the explanation, links and files."""
    scores = scores_by_code(unit)
    out = {}
    for code, fields in _entries(data, scores, errors).items():
        score, key = scores[code], f"scores.{code}"
        if score.sub.method != M.SELF:
            if set(fields) - {"explanation"}:
                errors[key] = _("This sub-criterion is scored %(how)s: only an explanation "
                                "is given.") % {"how": score.sub.get_method_display()}
                continue
        item = {"explanation": _text(fields.get("explanation"), _("The explanation"), errors,
                                     f"{key}.explanation")}
        if "links" in fields:
            item["links"] = _links(fields["links"], unit, errors, f"{key}.links")
        value, points = fields.get("value"), fields.get("points")
        if value not in (None, "") and score.sub.rule == SubCriterion.Rule.FULL_OR_NONE:
            errors[f"{key}.value"] = _("This sub-criterion gives its full points or none: "
                                       "give the points, not a figure.")
        elif value not in (None, ""):
            high = FIGURE_CEILING if score.sub.rule == SubCriterion.Rule.DEDUCTIONS \
                else Decimal(100)
            item["value"] = _number(value, _("The figure"), errors, f"{key}.value",
                                    highest=high)
            if item["value"] is not None:
                ratio = item["value"] if score.sub.rule == SubCriterion.Rule.DEDUCTIONS \
                    else item["value"] / 100
                item["points"] = scoring.rule_points(score.sub, ratio)
        elif points not in (None, ""):
            item["points"], item["value"] = _points_for(score.sub, points, errors,
                                                        f"{key}.points"), None
        elif "points" in fields or "value" in fields:
            item["points"] = item["value"] = None
        out[score.pk] = item
    uploads = {}
    for code, items in (files or {}).items():
        if code not in scores:
            errors["files"] = _("No sub-criterion %(codes)s in this framework.") % {
                "codes": code[:20]}
            continue
        uploads[scores[code].pk] = _files(items, f"scores.{code}.files", errors)
    return {"scores": out, "files": uploads}


def _apply_save(unit, cleaned, by, now, answer=False):
    scores = {s.pk: s for s in unit.scores.all()}
    for pk, item in cleaned["scores"].items():
        score = scores[pk]
        if "points" in item:
            score.self_points, score.value = item["points"], item.get("value")
        score.explanation = item["explanation"]
        if "links" in item:
            score.links = item["links"]
        score.save(update_fields=["self_points", "value", "explanation", "links"])
    for pk, items in cleaned["files"].items():
        for upload, content_type in items:
            EvidenceFile.objects.create(score=scores[pk], name=upload.name[-200:], file=upload,
                                        content_type=content_type, for_answer=answer,
                                        uploaded_at=now, uploaded_by=by)
    return {"scores": len(cleaned["scores"]),
            "files": sum(len(v) for v in cleaned["files"].values())}


def missing(unit):
    """What keeps the self-assessment from being submitted: for each of the unit's own
    sub-criteria, its points, and with points above zero the evidence it requires."""
    found = {}
    for score in unit.scores.select_related("sub__criterion__area").prefetch_related("files"):
        sub = score.sub
        if sub.method != M.SELF:
            continue
        if score.self_points is None:
            found[sub.code] = _("No points given.")
        elif score.self_points > 0 and len(score.files.all()) + len(score.links) \
                < sub.evidence_min:
            found[sub.code] = _("%(n)d evidence (files or links) required: %(what)s.") % {
                "n": sub.evidence_min, "what": sub.evidence or "—"}
    return found


def freeze(unit, score, facts, now):
    """The measure of an automatic criterion over the unit's year, with its drill-down, stored
    as the score's evidence: what the appraiser sees of how it was computed."""
    from indicators import engine, periods

    year = unit.assessment.framework.year
    found = measures.of(score.sub.measure, unit.agency, year, facts)
    value = found["value"]
    points = scoring.rule_points(score.sub, value)
    if score.sub.measure.startswith("766:"):
        rows = engine.drilldown(score.sub.measure[4:], engine.scope_for(unit.agency),
                                periods.parse(str(year)), limit=200)
    else:
        rows = measures.drilldown(score.sub.measure, unit.agency, year)
    score.measured = {
        "measure": score.sub.measure, "year": year, "at": now.isoformat(),
        "value": None if value is None else str(value),
        "numerator": None if found["numerator"] is None else str(found["numerator"]),
        "denominator": None if found["denominator"] is None else str(found["denominator"]),
        "detail": str(found["detail"]), "rule": score.sub.rule, "points": str(points),
        "drilldown": [{k: str(v) for k, v in row.items()} for row in rows]}
    score.self_points = points
    score.save(update_fields=["measured", "self_points"])


def _check_submit(unit, data, files, errors, now):
    if found := missing(unit):
        errors.update({f"scores.{code}": reason for code, reason in found.items()})
    return {}


def _apply_submit(unit, cleaned, by, now):
    facts = {}
    for score in unit.scores.select_related("sub__criterion__area").filter(sub__method=M.AUTO):
        freeze(unit, score, facts, now)
    unit.submitted_at = now
    return {"late": now > unit.assessment.self_due}


def _check_appraise(unit, data, files, errors, now):
    scores = scores_by_code(unit)
    out = {}
    for code, fields in _entries(data, scores, errors).items():
        score, key = scores[code], f"scores.{code}"
        if score.sub.method == M.SURVEY:
            errors[key] = _("A survey sub-criterion takes its points from the survey.")
            continue
        decision = str(fields.get("decision", "")).strip()
        if decision not in D.values:
            errors[f"{key}.decision"] = _("Keep, lower or raise the score.")
            continue
        own = score.self_points or Decimal(0)
        if decision == D.KEEP:
            out[score.pk] = {"decision": decision, "points": own, "reason": _text(
                fields.get("reason"), _("The reason"), errors, f"{key}.reason")}
            continue
        points = _points_for(score.sub, fields.get("points", ""), errors, f"{key}.points")
        reason = _text(fields.get("reason"), _("The reason"), errors, f"{key}.reason",
                       required=True)
        if points is not None and ((decision == D.LOWER and points >= own)
                                   or (decision == D.RAISE and points <= own)):
            errors[f"{key}.points"] = _("Lowered points are below the unit's %(own)s, raised "
                                        "points above them.") % {"own": f"{own:f}"}
        out[score.pk] = {"decision": decision, "points": points, "reason": reason}
    return {"scores": out}


def _apply_appraise(unit, cleaned, by, now):
    for score in unit.scores.filter(pk__in=cleaned["scores"]):
        item = cleaned["scores"][score.pk]
        score.decision, score.appraised_points = item["decision"], item["points"]
        score.appraisal_reason = item["reason"]
        score.save(update_fields=["decision", "appraised_points", "appraisal_reason"])
    return {"scores": len(cleaned["scores"])}


def _check_send(unit, data, files, errors, now):
    cleaned = _check_appraise(unit, data, files, errors, now) if data.get("scores") else {}
    pending = [s.sub.code for s in unit.scores.select_related("sub__criterion__area")
               if s.sub.method != M.SURVEY and not s.decision
               and s.pk not in (cleaned.get("scores") or {})]
    if pending:
        errors["scores"] = _("Appraise every score first: %(codes)s.") % {
            "codes": ", ".join(pending[:15])}
    return cleaned


def _apply_send(unit, cleaned, by, now):
    if cleaned.get("scores"):
        _apply_appraise(unit, cleaned, by, now)
    unit.appraised_at = now
    unit.answer_due = _due(now, unit.assessment.answer_days)
    changed = unit.scores.filter(decision__in=[D.LOWER, D.RAISE]).count()
    return {"changed": changed}


def _check_answer(unit, data, files, errors, now):
    scores = scores_by_code(unit)
    if now > unit.answer_due:
        errors["scores"] = _("The time to answer ended on %(due)s.") % {
            "due": timezone.localtime(unit.answer_due).strftime("%d/%m/%Y %H:%M")}
        return {}
    out = {}
    for code, fields in _entries(data, scores, errors).items():
        score, key = scores[code], f"scores.{code}"
        if not score.changed:
            errors[key] = _("Only a lowered or raised score is answered.")
        elif score.answered_at is not None:
            errors[key] = _("This change was answered already: one answer per change.")
        else:
            out[score.pk] = {"answer": _text(fields.get("answer"), _("The answer"), errors,
                                             f"{key}.answer", required=True)}
    uploads = {}
    for code, items in (files or {}).items():
        score = scores.get(code)
        if score is None or score.pk not in out:
            errors["files"] = _("Files go with an answer to a changed score (%(code)s).") % {
                "code": code[:20]}
            continue
        uploads[score.pk] = _files(items, f"scores.{code}.files", errors)
    return {"scores": out, "files": uploads}


def _apply_answer(unit, cleaned, by, now):
    scores = {s.pk: s for s in unit.scores.filter(pk__in=cleaned["scores"])}
    for pk, item in cleaned["scores"].items():
        scores[pk].answer, scores[pk].answered_at = item["answer"], now
        scores[pk].save(update_fields=["answer", "answered_at"])
    for pk, items in cleaned["files"].items():
        for upload, content_type in items:
            EvidenceFile.objects.create(score=scores[pk], name=upload.name[-200:], file=upload,
                                        content_type=content_type, for_answer=True,
                                        uploaded_at=now, uploaded_by=by)
    return {"answered": sorted(s.sub.code for s in scores.values())}


def _check_finish(unit, data, files, errors, now):
    return {}


def _check_settle(unit, data, files, errors, now):
    """Final points for each changed score (the appraised points unless given): when every
    change is answered or the time to answer is over."""
    scores = scores_by_code(unit)
    waiting = [s.sub.code for s in scores.values() if s.changed and s.answered_at is None]
    if unit.status == S.APPRAISED and waiting and now <= unit.answer_due:
        errors["scores"] = _("The unit may still answer %(codes)s until %(due)s.") % {
            "codes": ", ".join(waiting[:15]),
            "due": timezone.localtime(unit.answer_due).strftime("%d/%m/%Y %H:%M")}
        return {}
    out = {}
    for code, fields in _entries(data, scores, errors).items():
        score, key = scores[code], f"scores.{code}"
        if not score.changed:
            errors[key] = _("A kept score keeps the unit's points.")
            continue
        points = _points_for(score.sub, fields.get("points", ""), errors, f"{key}.points") \
            if fields.get("points") not in (None, "") else score.appraised_points
        out[score.pk] = {"points": points, "reason": _text(
            fields.get("reason"), _("The reason"), errors, f"{key}.reason",
            required=points != score.appraised_points)}
    return {"scores": out}


def _apply_settle(unit, cleaned, by, now):
    changes = {}
    for score in unit.scores.select_related("sub__criterion__area"):
        if score.sub.method == M.SURVEY:
            continue
        item = cleaned["scores"].get(score.pk)
        final = item["points"] if item else (score.appraised_points if score.changed
                                             else score.self_points or Decimal(0))
        if score.final_points != final or (item and item["reason"] != score.settle_reason):
            changes[score.sub.code] = str(final)
        score.final_points = final
        score.settle_reason = item["reason"] if item else score.settle_reason
        score.save(update_fields=["final_points", "settle_reason"])
    unit.settled_at = now
    return {"points": changes}


def _check_reopen(unit, data, files, errors, now):
    return {"reason": _text(data.get("reason"), _("The reason"), errors, "reason",
                            required=True)}


def _apply_reopen(unit, cleaned, by, now):
    unit.settled_at = None
    return {"reason": cleaned["reason"]}


STEPS = {
    "save": (_check_save, _apply_save),
    "submit": (_check_submit, _apply_submit),
    "appraise": (_check_appraise, _apply_appraise),
    "send_appraisal": (_check_send, _apply_send),
    "answer": (_check_answer, _apply_answer),
    "finish_answers": (_check_finish, lambda unit, cleaned, by, now: {}),
    "settle": (_check_settle, _apply_settle),
    "reopen": (_check_reopen, _apply_reopen),
}


def check_action(user, unit, action, data, files=None, found_roles=None, now=None):
    """Whether `user` may take `action` now, and its cleaned input. PermissionDenied, Conflict
    or ValidationError ({field: message}) otherwise."""
    if action not in STEPS:
        raise ValidationError({"action": _("No step %(action)s in the assessment.")
                               % {"action": str(action)[:40]}})
    found_roles = roles(user, unit) if found_roles is None else found_roles
    if not cycle.roles_for(unit.status, action) & found_roles:
        if cycle.target(unit.status, action) is None:
            raise Conflict(_("This step does not apply now: the assessment is %(status)s.")
                           % {"status": unit.get_status_display()})
        raise PermissionDenied(_("This step is not yours to take."))
    errors = {}
    cleaned = STEPS[action][0](unit, data if isinstance(data, dict) else {}, files, errors,
                               now or timezone.now())
    if errors:
        raise ValidationError(errors)
    return cleaned


def do_action(user, assessment_pk, agency_code, action, data, files=None, now=None):
    """One step of a unit's assessment under its row lock: checked, applied, the status moved
    by the transition table, the index refreshed, the event appended."""
    with transaction.atomic():
        unit = get_unit_for_user(user, assessment_pk, agency_code, for_update=True)
        now = now or timezone.now()
        cleaned = check_action(user, unit, action, data, files, now=now)
        before = unit.status
        data_out = STEPS[action][1](unit, cleaned, user, now)
        unit.status = cycle.target(before, action)
        unit.save()
        refresh(unit)
        _event(unit.assessment, action, user, now, unit=unit, from_status=before,
               note=cleaned.get("reason", "") if isinstance(cleaned, dict) else "",
               data=data_out)
        reform_notify.after_step(unit, action)  # the follow-up: who hears of it
    return unit


def check_survey(user, unit, data):
    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs records survey results."))
    _not_published(unit)
    errors = {}
    raw = data.get("percent")
    value = None if raw in (None, "") else _number(raw, _("The satisfaction"), errors,
                                                   "percent", highest=Decimal(100))
    source = _text(data.get("source"), _("The source"), errors, "source",
                   required=value is not None, most=MAX_SOURCE)
    if errors:
        raise ValidationError(errors)
    return {"survey": None if value is None else value / 100, "source": source}


@transaction.atomic
def do_survey(unit, cleaned, by, now=None):
    now = now or timezone.now()
    unit = UnitAssessment.objects.select_for_update().select_related(
        "assessment__framework", "agency").get(pk=unit.pk)
    unit.survey, unit.survey_source = cleaned["survey"], cleaned["source"]
    unit.save(update_fields=["survey", "survey_source"])
    refresh(unit)
    _event(unit.assessment, "survey", by, now, unit=unit, from_status=unit.status,
           data={"survey": None if unit.survey is None else str(unit.survey),
                 "source": unit.survey_source})
    return unit


def do_survey_from(user, assessment, survey, now=None):
    """Each unit's SIPAS in a survey round as its survey component (DOMAIN.md §8): the units
    the round has answers for; the others keep theirs. Returns how many were set."""
    from surveys import scoring as sipas

    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs records survey results."))
    done = 0
    for unit in assessment.units.select_related("agency", "assessment__framework"):
        found = sipas.compute(survey, agency_ids={unit.agency_id})
        if found["sipas"] is None:
            continue
        cleaned = check_survey(user, unit, {"percent": f"{found['sipas'] * 100:.2f}",
                                            "source": f"SIPAS · {survey.name}"[:200]})
        do_survey(unit, cleaned, user, now)
        done += 1
    return done


# --- the index and its publication ------------------------------------------------------

def points_of(unit, scores=None):
    """{sub id: points} the index counts: settled points, else the appraised ones, else the
    unit's own (the figures shown while the cycle runs)."""
    out = {}
    for score in scores if scores is not None else unit.scores.all():
        for value in (score.final_points, score.appraised_points, score.self_points):
            if value is not None:
                out[score.sub_id] = value
                break
    return out


def result(unit, subs=None, scores=None):
    """The unit's index (scoring.index) and its points by field: [[number, name, points, max]]."""
    subs = subs if subs is not None else subs_of(unit.assessment.framework)
    scores = list(scores if scores is not None else unit.scores.all())
    points = points_of(unit, scores)
    found = scoring.index(subs, points, unit.survey)
    areas = {}
    for sub in subs:
        area = sub.criterion.area
        row = areas.setdefault(area.number, [area.number, area.name, Decimal(0), Decimal(0)])
        row[3] += sub.max_points
        if sub.method == M.SURVEY:
            if unit.survey is not None:
                row[2] += scoring.round_points(sub.max_points * unit.survey)
        else:
            row[2] += min(points.get(sub.pk) or Decimal(0), sub.max_points)
    found["areas"] = list(areas.values())
    return found


def refresh(unit):
    """The stored index of a settled unit (the one function that writes it)."""
    if unit.status != S.SETTLED:
        if unit.total is not None:
            UnitAssessment.objects.filter(pk=unit.pk).update(appraised=None, total=None)
            unit.appraised = unit.total = None
        return
    found = result(unit)
    unit.appraised, unit.total = found["appraised"], found["total"]
    UnitAssessment.objects.filter(pk=unit.pk).update(appraised=unit.appraised,
                                                     total=unit.total)


def ranking(rows):
    """Competition ranking, best first: equal totals share a rank (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda r: (-Decimal(r["total"]), r["name"]))
    for i, row in enumerate(rows):
        row["rank"] = rows[i - 1]["rank"] if i and rows[i - 1]["total"] == row["total"] \
            else i + 1
    return rows


def check_publish(user, assessment, data):
    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs publishes results."))
    errors = {}
    waiting = assessment.units.exclude(status=S.SETTLED).select_related("agency")
    if waiting.exists():
        names = [u.agency.name for u in waiting[:10]]
        errors["units"] = _("Not settled yet: %(names)s.") % {"names": "; ".join(names)}
    reason = _text(data.get("reason"), _("The reason of the new version"), errors, "reason",
                   required=assessment.version > 0)
    if assessment.version > 0 and not errors and not assessment.events.filter(
            action__in=["reopen"], seq__gt=assessment.events.filter(action="publish")
            .aggregate(m=Max("seq"))["m"] or 0).exists():
        errors["reason"] = _("Nothing was reopened since the last version.")
    if errors:
        raise ValidationError(errors)
    return {"reason": reason}


@transaction.atomic
def do_publish(assessment, cleaned, by, now=None):
    """A new frozen version of the results with the ranking; the assessment is published."""
    now = now or timezone.now()
    assessment = Assessment.objects.select_for_update().select_related("framework") \
        .get(pk=assessment.pk)
    subs = subs_of(assessment.framework)
    rows = []
    for unit in assessment.units.select_related("agency").prefetch_related("scores"):
        found = result(unit, subs, unit.scores.all())
        rows.append({"agency": unit.agency.code, "name": unit.agency.name,
                     **{k: str(v) if not isinstance(v, (bool, list)) else v
                        for k, v in found.items() if k != "areas"},
                     "areas": [[n, name, str(p), str(m)] for n, name, p, m in found["areas"]]})
    assessment.version += 1
    assessment.status, assessment.published_at = Assessment.Status.PUBLISHED, now
    assessment.save(update_fields=["version", "status", "published_at"])
    publication = Publication.objects.create(
        assessment=assessment, version=assessment.version, published_at=now, published_by=by,
        reason=cleaned["reason"], results=ranking(rows))
    _event(assessment, "publish", by, now, note=cleaned["reason"],
           data={"version": assessment.version, "units": len(rows)})
    return publication


def latest_publications(unit_type=None):
    """The current version of every published year, newest year first (the history)."""
    qs = Publication.objects.select_related("assessment__framework").order_by(
        "-assessment__framework__year", "assessment__framework__unit_type", "-version")
    if unit_type:
        qs = qs.filter(assessment__framework__unit_type=unit_type)
    seen, out = set(), []
    for publication in qs:
        if publication.assessment_id not in seen:
            seen.add(publication.assessment_id)
            out.append(publication)
    return out
