"""SIPAS survey rounds: check_* / do_* for creating a round with its sample, opening it (the
invitations go out), inviting at a kiosk or from the QR code, answering once, closing. The
Department of Home Affairs runs the surveys (reform.assess.is_office)."""

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier
from integrations.notify.base import Message
from motcua.dates import parse_day
from motcua.numbers import parse_number
from reform.assess import is_office
from surveys import sampling
from surveys.models import Answer, Invitation, Question, Questionnaire, Response, Survey
from units.models import Agency

S = Survey.Status
CONFIDENCES = (90, 95, 99)
TEXT_MAX = 2000  # a written answer
NAME_MAX = Survey._meta.get_field("name").max_length  # a round's name


class Refused(Exception):
    """The step does not apply (HTTP 409, or 410 for a used or unknown link)."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.status = status


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def answer_url(token):
    return f"{settings.MOTCUA_PUBLIC_URL}/khao-sat/{token}/"


# --- rounds ---------------------------------------------------------------------------------

def check_round(user, data, today=None):
    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs runs the surveys."))
    today = today or timezone.localdate()
    errors = {}
    value = str(data.get("questionnaire", "")).strip()
    questionnaire = Questionnaire.objects.filter(pk=int(value)).first() \
        if value.isdigit() else None
    if questionnaire is None:
        errors["questionnaire"] = _("Choose a questionnaire.")
    elif not questionnaire.questions.filter(kind=Question.Kind.SCALE).exists():
        errors["questionnaire"] = _("The questionnaire has no question on the scale.")
    name = str(data.get("name", "")).strip()
    if not name:
        errors["name"] = _("Give the round a name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("At most %(n)d characters.") % {"n": NAME_MAX}
    start, end = parse_day(data.get("start")), parse_day(data.get("end"))
    if start is None:
        errors["start"] = _("A date, dd/mm/yyyy.")
    if end is None:
        errors["end"] = _("A date, dd/mm/yyyy.")
    if start and end and (end < start or end > today or (end - start).days > 366):
        errors["end"] = _("The period ends after it starts, by today, within a year.")
    margin = parse_number(data.get("margin", "0.05"), lowest=Decimal("0.01"),
                          highest=Decimal("0.2"), places=3)
    if margin is None:
        errors["margin"] = _("The margin of error is from 0.01 to 0.2 (1 to 20 %).")
    confidence = str(data.get("confidence", "95")).strip()
    if not confidence.isdigit() or int(confidence) not in CONFIDENCES:
        errors["confidence"] = _("The confidence is 90, 95 or 99 %.")
    if errors:
        raise ValidationError(errors)
    return {"questionnaire": questionnaire, "name": name, "start": start, "end": end,
            "margin": margin.quantize(Decimal("0.001")), "confidence": int(confidence)}


def finished_in(start, end):
    """The dossiers whose result was given in [start, end] (local days): the people asked."""
    tz = timezone.get_default_timezone()
    return Dossier.objects.filter(
        finished_at__gte=dt.datetime.combine(start, dt.time.min, tz),
        finished_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz))


@transaction.atomic
def do_create_round(cleaned, by, seed=None):
    """The round with its sampling plan and its drawn sample (invitations not yet sent)."""
    survey = Survey.objects.create(seed=seed if seed is not None else secrets.randbelow(10**9),
                                   created_by=by, **cleaned)
    strata = {}
    for pk, agency_id, field_id, field_code in finished_in(survey.start, survey.end) \
            .values_list("pk", "agency_id", "procedure__field_id", "procedure__field__code"):
        strata.setdefault(agency_id, {}).setdefault((field_id, field_code), []).append(pk)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=strata)}
    plan, invitations, now = {}, [], timezone.now()
    for agency_id, fields in sorted(strata.items(), key=lambda kv: agencies[kv[0]].code):
        agency = agencies[agency_id]
        counts = {key: len(ids) for key, ids in fields.items()}
        size = sampling.sample_size(sum(counts.values()), survey.margin, survey.confidence)
        shares = sampling.allocate(size, counts)
        plan[agency.code] = {"agency_id": agency_id, "name": agency.name,
                             "population": sum(counts.values()), "sample": size,
                             "fields": {code: [counts[(fid, code)], shares[(fid, code)]]
                                        for fid, code in sorted(counts, key=lambda k: k[1])}}
        for (field_id, code), ids in sorted(fields.items(), key=lambda kv: kv[0][1]):
            for dossier_id in sampling.draw(ids, shares[(field_id, code)], survey.seed,
                                            f"{agency.code}/{code}"):
                invitations.append(Invitation(
                    survey=survey, token_hash=_hash(secrets.token_urlsafe(24)),
                    dossier_id=dossier_id, agency_id=agency_id, field_id=field_id,
                    channel=Invitation.Channel.SAMPLE, created_at=now))
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    survey.plan = {"units": plan}
    survey.save(update_fields=["plan"])
    return survey


def _office_only(user):
    if not is_office(user):
        raise PermissionDenied(_("Only the Department of Home Affairs runs the surveys."))


@transaction.atomic
def do_open(survey, by, now=None):
    """The round takes answers; each sampled person gets a one-time link through every channel
    that reaches them (SMS, e-mail, Zalo: integrations.notify), queued with this change."""
    from integrations.notify.service import queue_dossier_messages

    _office_only(by)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != S.DRAFT:
        raise Refused(_("The round is open or closed already."))
    now = now or timezone.now()
    invitations, outgoing = [], []
    for invitation in survey.invitations.filter(channel=Invitation.Channel.SAMPLE) \
            .select_related("dossier__agency"):
        token = secrets.token_urlsafe(24)
        invitation.token_hash = _hash(token)
        text = _("%(agency)s asks how satisfied you were with dossier %(code)s. Two minutes, "
                 "anonymous: %(url)s") % {"agency": invitation.dossier.agency.name,
                                          "code": invitation.dossier.code,
                                          "url": answer_url(token)}
        invitations.append(invitation)
        outgoing.append((invitation.dossier, Message(
            kind="survey", dossier_code=invitation.dossier.code,
            subject=_("Satisfaction survey"), text=text)))
    made = queue_dossier_messages(outgoing, f"survey:{survey.pk}")
    for invitation in invitations:
        invitation.sent_at = now if invitation.dossier_id in made else None
    Invitation.objects.bulk_update(invitations, ["token_hash", "sent_at"], batch_size=500)
    sent = len(made)
    survey.status, survey.opened_at = S.OPEN, now
    survey.save(update_fields=["status", "opened_at"])
    return sent


@transaction.atomic
def do_close(survey, by, now=None):
    _office_only(by)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != S.OPEN:
        raise Refused(_("Only an open round is closed."))
    survey.status, survey.closed_at = S.CLOSED, now or timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    return survey


# --- invitations from the kiosk and the QR code ------------------------------------------

def round_for(dossier):
    """The open round whose period holds the dossier's result, or None."""
    if dossier.finished_at is None:
        return None
    day = timezone.localdate(dossier.finished_at)
    return Survey.objects.filter(status=S.OPEN, start__lte=day, end__gte=day) \
        .order_by("-end").first()


@transaction.atomic
def do_invite(dossier, channel, now=None):
    """A one-time link for the person with this dossier at a kiosk or from the QR code: the
    round's invitation of the dossier (sampled or not), with a fresh link; refused when the
    dossier's answer is in already, or no open round covers it."""
    survey = round_for(dossier)
    if survey is None:
        raise Refused(_("No survey is taking answers about this dossier now."))
    token, now = secrets.token_urlsafe(24), now or timezone.now()
    invitation = Invitation.objects.select_for_update().filter(survey=survey,
                                                               dossier=dossier).first()
    if invitation is not None and invitation.answered_on is not None:
        raise Refused(_("The survey about this dossier was answered already. Thank you."))
    if invitation is None:
        try:
            with transaction.atomic():  # two taps at once: the second finds the first's
                invitation = Invitation.objects.create(
                    survey=survey, token_hash=_hash(token), dossier=dossier,
                    agency=dossier.agency, field_id=dossier.procedure.field_id,
                    channel=channel, created_at=now)
        except IntegrityError:
            raise Refused(_("A survey link for this dossier was just opened: try again.")) from None
    else:
        invitation.token_hash = _hash(token)
        invitation.save(update_fields=["token_hash"])
    return token


# --- answering ----------------------------------------------------------------------------

def invitation_for(token):
    """The open invitation of a link: Refused (410) when unknown, used or the round closed."""
    invitation = Invitation.objects.select_related("survey__questionnaire", "agency") \
        .filter(token_hash=_hash(str(token or "")[:64])).first()
    if invitation is None:
        raise Refused(_("This survey link is not valid."), status=410)
    if invitation.answered_on is not None:
        raise Refused(_("This survey was answered already. Thank you."), status=410)
    if invitation.survey.status != S.OPEN:
        raise Refused(_("This survey is closed."), status=410)
    return invitation


def check_answers(questionnaire, data):
    """{question id: level, choices or text} from {"q<number>": value}; every level 1–5, every
    choice one offered, text short enough; a required question answered."""
    errors, cleaned = {}, {}
    for question in questionnaire.questions.order_by("number"):
        key = f"q{question.number}"
        raw = data.get(key)
        if question.kind == Question.Kind.CHOICE:
            picked = raw if isinstance(raw, list) else ([raw] if raw not in (None, "") else [])
            if any(p not in question.options for p in picked):
                errors[key] = _("Choose among the choices offered.")
            elif picked:
                cleaned[question.pk] = {"choices": picked}
        elif question.kind == Question.Kind.TEXT:
            text = raw if isinstance(raw, str) else ""
            if len(text) > TEXT_MAX:
                errors[key] = _("At most %(n)d characters.") % {"n": TEXT_MAX}
            elif text.strip():
                cleaned[question.pk] = {"text": text.strip()}
        elif raw not in (None, ""):
            if str(raw) not in {"1", "2", "3", "4", "5"}:
                errors[key] = _("Choose a level from 1 to 5.")
            else:
                cleaned[question.pk] = {"level": int(raw)}
        if question.required and question.pk not in cleaned and key not in errors:
            errors[key] = _("This question needs an answer.")
    if not any("level" in v for v in cleaned.values()) and not errors:
        errors["__all__"] = _("Answer at least one question on the scale.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def do_answer(token, cleaned, today=None):
    """The answer, once: the invitation is marked used by a conditional update in the same
    transaction, so two answers at the same moment give one response."""
    with transaction.atomic():
        invitation = invitation_for(token)
        today = today or timezone.localdate()
        used = Invitation.objects.filter(pk=invitation.pk, answered_on__isnull=True) \
            .update(answered_on=today)
        if not used:
            raise Refused(_("This survey was answered already. Thank you."), status=410)
        response = Response.objects.create(
            survey_id=invitation.survey_id, agency_id=invitation.agency_id,
            field_id=invitation.field_id, channel=invitation.channel, answered_on=today)
        Answer.objects.bulk_create(Answer(response=response, question_id=pk, **value)
                                   for pk, value in cleaned.items())
    return response


def progress(survey):
    """Per unit: sampled, sent, answered (sampled), answers in all (any channel)."""
    rows = {row["agency_id"]: row for row in survey.invitations.values("agency_id").annotate(
        invited=Count("id", filter=None))}
    sent = dict(survey.invitations.filter(channel=Invitation.Channel.SAMPLE,
                                          sent_at__isnull=False)
                .values_list("agency_id").annotate(n=Count("id")))
    answered = dict(survey.invitations.filter(channel=Invitation.Channel.SAMPLE,
                                              answered_on__isnull=False)
                    .values_list("agency_id").annotate(n=Count("id")))
    responses = dict(survey.responses.values_list("agency_id").annotate(n=Count("id")))
    return {pk: {"invitations": row["invited"], "sent": sent.get(pk, 0),
                 "answered": answered.get(pk, 0), "responses": responses.get(pk, 0)}
            for pk, row in rows.items()}
