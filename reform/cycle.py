"""The yearly cycle of a unit's reform assessment as data (DOMAIN.md §8; the method of
Decision 876/QĐ-BNV: the unit scores itself with evidence, the Department of Home Affairs
appraises, keeping, lowering or raising each score with a reason, the unit may answer each
change once, the appraiser settles).

{status: {action: (next status or None for the same, roles)}}. Roles a user holds towards one
unit's assessment (reform.assess.roles):
- "office": the Department of Home Affairs (leaders, supervisors, administrators of the agency
  set as MOTCUA_REFORM_OFFICE) and the province's supervisors: opens, assigns, publishes;
- "unit": staff of the unit, who prepare the self-assessment;
- "leader": leaders of the unit, who submit it and answer the appraisal;
- "appraiser": the people the office assigned to the unit.
"""

from django.utils.translation import gettext_lazy as _

from motcua.lifecycle import Transitions
from reform.models import UnitAssessment

S = UnitAssessment.Status
OFFICE, UNIT, LEADER, APPRAISER = "office", "unit", "leader", "appraiser"

TRANSITIONS = {
    S.DRAFT: {
        "save": (None, {UNIT, LEADER}),  # a draft: points, explanations, evidence
        "submit": (S.SUBMITTED, {LEADER}),  # once; automatic criteria are frozen here
    },
    S.SUBMITTED: {
        "appraise": (None, {APPRAISER}),  # a draft of the appraisal
        "send_appraisal": (S.APPRAISED, {APPRAISER}),  # every score kept, lowered or raised
    },
    S.APPRAISED: {
        "answer": (None, {LEADER}),  # giải trình: once per changed score
        "finish_answers": (S.ANSWERED, {LEADER}),
        # when every change is answered, or the answer time is over
        "settle": (S.SETTLED, {APPRAISER}),
    },
    S.ANSWERED: {"settle": (S.SETTLED, {APPRAISER})},
    # After publication a change needs the unit reopened with a reason, and a new version.
    S.SETTLED: {"reopen": (S.ANSWERED, {OFFICE})},
}

LABELS = {
    "open": _("Assessment opened"),
    "assign": _("Appraisers assigned"),
    "save": _("Draft saved"),
    "submit": _("Self-assessment submitted"),
    "appraise": _("Appraisal saved"),
    "send_appraisal": _("Appraisal sent to the unit"),
    "answer": _("Answer to the appraisal saved"),
    "finish_answers": _("Answers sent"),
    "settle": _("Scores settled"),
    "reopen": _("Reopened for a correction"),
    "survey": _("Survey result recorded"),
    "publish": _("Results published"),
}

VERBS = {
    "save": _("Save the draft"),
    "submit": _("Submit the self-assessment"),
    "appraise": _("Save the appraisal"),
    "send_appraisal": _("Send the appraisal to the unit"),
    "answer": _("Save the answers"),
    "finish_answers": _("Send the answers"),
    "settle": _("Settle the scores"),
    "reopen": _("Reopen for a correction"),
}


_reading = Transitions(TRANSITIONS)
target, roles_for = _reading.target, _reading.roles_for
