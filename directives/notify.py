"""Who hears of a task, and what they are told: the lead unit's leaders and the civil servant
in charge, through the notification channels (e-mail, SMS, Zalo), sent by background jobs
queued in the change's transaction (integrations/notify/service.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrations.notify.service import queue_staff_message, when_text
from units.models import StaffRole


def people_in_charge(task):
    """The lead unit's leaders and the civil servant in charge, once each."""
    users = list(get_user_model().objects.filter(
        staff_roles__agency_id=task.lead_id, staff_roles__role=StaffRole.Role.LEADER,
        is_active=True).distinct())
    if task.assignee_id and all(u.pk != task.assignee_id for u in users):
        users.append(task.assignee)
    return users


def _send(task, users, kind, text):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Task %(code)s") % {"code": task.code}
    return queue_staff_message(users, task.code, kind, subject, text)


def assigned(tasks):
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            _send(task, people_in_charge(task), "task_assigned", _(
                "New task %(code)s for %(unit)s: %(content)s. Deadline %(due)s.") % {
                "code": task.code, "unit": task.lead.name, "content": task.content[:200],
                "due": when_text(task.due_at)})


def reminder(task, now):
    with translation.override(settings.LANGUAGE_CODE):
        _send(task, people_in_charge(task), "task_reminder", _(
            "Reminder: task %(code)s is due %(due)s (%(progress)d%% done): %(content)s") % {
            "code": task.code, "due": when_text(task.due_at), "progress": task.progress,
            "content": task.content[:200]})


def overdue(task):
    with translation.override(settings.LANGUAGE_CODE):
        _send(task, people_in_charge(task), "task_overdue", _(
            "Task %(code)s is overdue since %(due)s: %(content)s") % {
            "code": task.code, "due": when_text(task.due_at), "content": task.content[:200]})


def changed(task, action, event):
    """What the lead unit must know of a decision on its task."""
    if action not in CHANGES:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = str(CHANGES[action]) % {"code": task.code, "due": when_text(task.due_at),
                                       "note": event.note}
        _send(task, people_in_charge(task), f"task_{action}", text)


CHANGES = {  # lazy: rendered in the site's language when sent
    "grant_extension": gettext_lazy("Task %(code)s: extension granted, new deadline %(due)s."),
    "refuse_extension": gettext_lazy("Task %(code)s: extension refused: %(note)s"),
    "send_back": gettext_lazy("Task %(code)s was sent back: %(note)s"),
    "confirm_done": gettext_lazy("Task %(code)s is confirmed done."),
    "cancel": gettext_lazy("Task %(code)s was cancelled: %(note)s"),
}
