"""The dossier lifecycle as data: {status: {action: (next status, roles allowed)}}.

Statuses are those of the National Public Service Portal (TrangThaiHoSo, DOMAIN.md §3); the
national code of a dossier is always derivable from its status. Each edge cites the rule it
comes from: Decree 118/2025/NĐ-CP (the one-stop mechanism, replacing Decree 61/2018 from
01/7/2025, same concepts) unless said otherwise. Roles are StaffRole.Role values; "applicant"
is the person who filed the dossier (online, issue 4); "system" is the application itself.
"""

from django.utils.translation import gettext_lazy as _

from units.models import StaffRole

SUBMITTED = "submitted"
RECEIVED = "received"
REFUSED = "refused"
PROCESSING = "processing"
SUPPLEMENT = "supplement"
PAYMENT = "payment"
WITHDRAWN = "withdrawn"
STOPPED = "stopped"
RESOLVED = "resolved"
RETURNED = "returned"

# TrangThaiHoSo. Never map 5, 6 or 8 to 9: that would falsify the indexes.
NATIONAL_CODE = {
    SUBMITTED: 1, RECEIVED: 2, REFUSED: 3, PROCESSING: 4, SUPPLEMENT: 5, PAYMENT: 6,
    WITHDRAWN: 7, STOPPED: 8, RESOLVED: 9, RETURNED: 10,
}
OPEN = {SUBMITTED, RECEIVED, PROCESSING, SUPPLEMENT, PAYMENT}
# Statuses in which the processing clock runs (a supplement or payment request pauses it).
CLOCK_RUNS = {RECEIVED, PROCESSING}

COUNTER = StaffRole.Role.COUNTER_OFFICER
SPECIALIST = StaffRole.Role.SPECIALIST
LEADER = StaffRole.Role.LEADER
APPLICANT = "applicant"
SYSTEM = "system"  # the application itself, e.g. a payment confirmed by the payment provider

TRANSITIONS = {
    SUBMITTED: {
        # Reception: the officer checks completeness and issues exactly one of three slips.
        "receive": (RECEIVED, {COUNTER}),  # Giấy tiếp nhận hồ sơ và hẹn trả kết quả
        "request_supplement": (SUPPLEMENT, {COUNTER}),  # Phiếu yêu cầu bổ sung, hoàn thiện
        "refuse": (REFUSED, {COUNTER}),  # Phiếu từ chối tiếp nhận giải quyết hồ sơ
        "withdraw": (WITHDRAWN, {COUNTER, APPLICANT}),
    },
    RECEIVED: {
        # Transfer to the competent unit the same day (next working day after 15:00).
        "transfer": (PROCESSING, {COUNTER}),
        "withdraw": (WITHDRAWN, {COUNTER, APPLICANT}),
    },
    PROCESSING: {
        "assign": (PROCESSING, {LEADER}),  # the unit leader assigns a specialist
        "hand_over": (PROCESSING, {SPECIALIST, LEADER}),  # next step of the internal process
        # During appraisal the unit may ask for a supplement once (to verify: within 3 working
        # days of receipt); the clock pauses (DOMAIN.md §4).
        "request_supplement": (SUPPLEMENT, {SPECIALIST, LEADER}),
        "require_payment": (PAYMENT, {SPECIALIST, LEADER}),  # financial obligation
        # Late: apology and new appointment, before the due date, once (to verify).
        "reappoint": (PROCESSING, {LEADER}),
        "stop": (STOPPED, {LEADER}),  # dừng xử lý, with a written notice
        # Trình ký: the specialist proposes the decision (with the draft result or the
        # refusal's reason); the leader signs what was proposed, or sends it back. A step may
        # let the leader decide directly (catalog ProcessStep.leader_decides).
        "propose": (PROCESSING, {SPECIALIST}),
        "send_back": (PROCESSING, {LEADER}),
        "approve": (RESOLVED, {LEADER}),
        "reject": (RESOLVED, {LEADER}),  # result: refusal with reasons
        "withdraw": (WITHDRAWN, {COUNTER, APPLICANT}),
    },
    SUPPLEMENT: {
        # Before reception the complete dossier is submitted again; after, processing resumes.
        "resubmit": (SUBMITTED, {COUNTER, APPLICANT}),
        "resume": (PROCESSING, {COUNTER, APPLICANT}),
        "stop": (STOPPED, {LEADER}),
        "withdraw": (WITHDRAWN, {COUNTER, APPLICANT}),
    },
    PAYMENT: {
        "confirm_payment": (PROCESSING, {COUNTER, SPECIALIST, SYSTEM}),
        "stop": (STOPPED, {LEADER}),
        "withdraw": (WITHDRAWN, {COUNTER, APPLICANT}),
    },
    RESOLVED: {
        "return_result": (RETURNED, {COUNTER}),  # at the counter, by post or online
    },
    # A result returned online (signed electronic result) may still have a paper original
    # that the person collects or is posted later: recorded once.
    RETURNED: {"hand_over_paper": (RETURNED, {COUNTER})},
    REFUSED: {}, WITHDRAWN: {}, STOPPED: {},
}


def allowed_actions(status, roles):
    """The actions that holders of `roles` may take from `status`."""
    return sorted(a for a, (_, who) in TRANSITIONS[status].items() if who & set(roles))


def target(status, action):
    """The status an action leads to, or None if the action is not allowed from `status`."""
    edge = TRANSITIONS.get(status, {}).get(action)
    return edge[0] if edge else None


def roles_for(status, action):
    edge = TRANSITIONS.get(status, {}).get(action)
    return edge[1] if edge else set()


# What each action means to the applicant following the dossier (public tracking, timeline).
ACTION_LABELS = {
    "submit": _("Dossier submitted"),
    "receive": _("Dossier received, appointment given"),
    "request_supplement": _("Supplement requested"),
    "refuse": _("Dossier refused at reception"),
    "transfer": _("Sent to the competent unit"),
    "assign": _("Assigned for appraisal"),
    "hand_over": _("Moved to the next step"),
    "require_payment": _("Payment of fees requested"),
    "confirm_payment": _("Payment confirmed"),
    "reappoint": _("Apology and new appointment"),
    "stop": _("Processing stopped"),
    "propose": _("Submitted for signature"),
    "send_back": _("Sent back to the specialist"),
    "approve": _("Result approved"),
    "reject": _("Request refused with reasons"),
    "withdraw": _("Dossier withdrawn"),
    "resubmit": _("Dossier completed and submitted again"),
    "resume": _("Supplement received, processing resumed"),
    "return_result": _("Result returned"),
    "hand_over_paper": _("Paper result handed over"),
    "legacy": _("Processing step recorded by the previous system"),
}


# What a button says: the verb of the action, as the officer does it (the labels above say
# what happened, for timelines and the person following the dossier).
ACTION_VERBS = {
    "receive": _("Receive"),
    "request_supplement": _("Request a supplement"),
    "refuse": _("Refuse at reception"),
    "transfer": _("Transfer for processing"),
    "assign": _("Assign"),
    "hand_over": _("Hand over to the next step"),
    "require_payment": _("Request payment"),
    "confirm_payment": _("Confirm the payment"),
    "reappoint": _("Apologise and give a new date"),
    "stop": _("Stop processing"),
    "propose": _("Submit for signature"),
    "send_back": _("Send back"),
    "approve": _("Sign and approve"),
    "reject": _("Sign the refusal"),
    "withdraw": _("Withdraw"),
    "resubmit": _("Submit again"),
    "resume": _("Resume processing"),
    "return_result": _("Return the result"),
    "hand_over_paper": _("Hand over the paper result"),
}
