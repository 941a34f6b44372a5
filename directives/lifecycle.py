"""A task's lifecycle as data: {status: {action: (next status or None for the same, roles)}}.

Roles a user holds towards one task (directives.actions.task_roles):
- "office": the assigning office — leaders, supervisors and administrators of the directing
  document's issuer for a task, of the parent task's lead unit for a sub-task;
- "lead": leaders of the lead unit (chủ trì);
- "assignee": the civil servant the lead unit put in charge;
- "support": staff of a supporting unit (phối hợp), who report their contribution.
The practice followed is that of the provinces' task-tracking systems (Hải Phòng's plan to
"theo dõi, đánh giá tình hình thực hiện nhiệm vụ … theo thời gian thực"; DOMAIN.md §8).
"""

from django.utils.translation import gettext_lazy as _

from directives.models import Task
from motcua.lifecycle import Transitions

S = Task.Status
OFFICE, LEAD, ASSIGNEE, SUPPORT = "office", "lead", "assignee", "support"
OPEN = {S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.PROPOSED_DONE}
WORKING = {S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS}  # the unit is at work on it

_WHILE_WORKING = {
    "report": (S.IN_PROGRESS, {LEAD, ASSIGNEE}),  # progress: percentage, text, evidence
    "contribute": (None, {SUPPORT}),  # a supporting unit's report
    "request_extension": (None, {LEAD, ASSIGNEE}),  # before the deadline, with a reason
    "grant_extension": (None, {OFFICE}),
    "refuse_extension": (None, {OFFICE}),
    "split": (None, {LEAD}),  # sub-tasks for the unit's departments or staff
    "put_in_charge": (None, {LEAD}),  # the civil servant in charge
    "cancel": (S.CANCELLED, {OFFICE}),
}

TRANSITIONS = {
    S.ASSIGNED: {"acknowledge": (S.ACKNOWLEDGED, {LEAD, ASSIGNEE}),
                 "propose_done": (S.PROPOSED_DONE, {LEAD, ASSIGNEE}), **_WHILE_WORKING},
    S.ACKNOWLEDGED: {"propose_done": (S.PROPOSED_DONE, {LEAD, ASSIGNEE}), **_WHILE_WORKING},
    S.IN_PROGRESS: {"propose_done": (S.PROPOSED_DONE, {LEAD, ASSIGNEE}), **_WHILE_WORKING},
    S.PROPOSED_DONE: {
        "confirm_done": (S.DONE, {OFFICE}),
        "send_back": (S.IN_PROGRESS, {OFFICE}),  # with the reason
        "cancel": (S.CANCELLED, {OFFICE}),
    },
    S.DONE: {},
    S.CANCELLED: {},
}

LABELS = {
    "assign": _("Assigned"),
    "acknowledge": _("Acknowledged by the unit"),
    "report": _("Progress reported"),
    "contribute": _("Contribution reported"),
    "request_extension": _("Extension asked"),
    "grant_extension": _("Extension granted"),
    "refuse_extension": _("Extension refused"),
    "split": _("Sub-task assigned"),
    "put_in_charge": _("Civil servant put in charge"),
    "propose_done": _("Reported done"),
    "confirm_done": _("Confirmed done"),
    "send_back": _("Sent back"),
    "cancel": _("Cancelled"),
}

VERBS = {
    "acknowledge": _("Acknowledge"),
    "report": _("Report progress"),
    "contribute": _("Report our contribution"),
    "request_extension": _("Ask for an extension"),
    "grant_extension": _("Grant the extension"),
    "refuse_extension": _("Refuse the extension"),
    "split": _("Assign a sub-task"),
    "put_in_charge": _("Put a civil servant in charge"),
    "propose_done": _("Report done"),
    "confirm_done": _("Confirm done"),
    "send_back": _("Send back"),
    "cancel": _("Cancel the task"),
}


_reading = Transitions(TRANSITIONS)
target, roles_for = _reading.target, _reading.roles_for
