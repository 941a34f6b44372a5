"""Who hears of a step of the reform assessment, by e-mail or SMS to their work phone
(integrations.notify, the staff channels): the explicit follow-ups of reform.assess's steps.

- opened: the leaders of every unit assessed, with the self-assessment deadline;
- appraisers assigned: the appraisers;
- submitted, answers sent, reopened: the unit's appraisers;
- appraisal sent: the unit's leaders, with the deadline to answer;
- settled: the unit's leaders, with the settled points."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations.notify.service import queue_staff_message
from units.models import StaffRole


def _when(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _leaders(agency_ids):
    return list(get_user_model().objects.filter(
        staff_roles__agency_id__in=agency_ids, staff_roles__role=StaffRole.Role.LEADER,
        is_active=True).distinct())


def _reference(unit):
    return f"CCHC-{unit.assessment.framework.year}-{unit.agency.code}"


def opened(assessment):
    year = assessment.framework.year
    users = _leaders(assessment.units.values("agency_id"))
    queue_staff_message(
        users, f"CCHC-{year}", "reform", _("Reform index %(year)d") % {"year": year},
        _("The Department of Home Affairs opened the %(year)d reform index assessment: "
          "score your unit by %(due)s.") % {"year": year, "due": _when(assessment.self_due)})


def after_step(unit, action):
    """The message a step sends, if any, inside the step's transaction."""
    year, name = unit.assessment.framework.year, unit.agency.name
    subject = _("Reform index %(year)d: %(unit)s") % {"year": year, "unit": name}
    appraisers = list(unit.appraisers.filter(is_active=True))
    if action == "assign":
        text = _("You appraise %(unit)s in the %(year)d reform index, by %(due)s.") % {
            "unit": name, "year": year, "due": _when(unit.assessment.appraisal_due)}
        users = appraisers
    elif action in ("submit", "finish_answers", "reopen"):
        text = {"submit": _("%(unit)s submitted its self-assessment: it is yours to "
                            "appraise."),
                "finish_answers": _("%(unit)s answered your appraisal: it is yours to "
                                    "settle."),
                "reopen": _("The results of %(unit)s were reopened for a correction: settle "
                            "them again.")}[action] % {"unit": name}
        users = appraisers
    elif action == "send_appraisal":
        text = _("The appraisal of your self-assessment is in: you may answer each change "
                 "once, by %(due)s.") % {"due": _when(unit.answer_due)}
        users = _leaders([unit.agency_id])
    elif action == "settle":
        text = _("Your scores are settled: %(points)s appraised points.") % {
            "points": unit.appraised}
        users = _leaders([unit.agency_id])
    else:
        return []
    return queue_staff_message(users, _reference(unit), "reform", subject, text)
