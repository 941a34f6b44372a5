"""What a person is told, and when: messages queued with the change, sent by a job.

The events that matter to the applicant (received, supplement needed, payment needed, result
ready, late with a new appointment, refused or stopped) each become one Notification per
channel that can reach them, written in the transaction of the change, with a job to send it
(motcua.tasks.enqueue_with_change). A failed send is retried with a growing delay, up to
MOTCUA_NOTIFY_ATTEMPTS times; a sent notification is never sent again.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from integrations.models import Notification
from integrations.notify.base import Message
from integrations.notify.registry import channels
from motcua.tasks import enqueue_with_change


def when_text(value):
    """A moment as messages write it, in the active language ("08:00 ngày 05/12/2026")."""
    # Translators: a strftime format.
    return timezone.localtime(value).strftime(_("%H:%M on %d/%m/%Y")) if value else ""


def message_for(dossier, event):
    """The message for an event, or None if the applicant need not hear of it. Always in the
    site's language (Vietnamese), whatever language the officer's screen or client uses."""
    with translation.override(settings.LANGUAGE_CODE):
        return _message(dossier, event)


def _message(dossier, event):
    data, code = event.data or {}, dossier.code
    texts = {
        "receive": ("received", _(
            "Dossier %(code)s (%(procedure)s) was received. Result appointment: %(due)s.")),
        "request_supplement": ("supplement", _(
            "Dossier %(code)s needs more documents: %(missing)s. Reason: %(reason)s.")),
        "require_payment": ("payment", _(
            "Dossier %(code)s: please pay the fees. %(reason)s")),
        "approve": ("result", _("Dossier %(code)s: the result is ready.")),
        "reject": ("result", _("Dossier %(code)s: the result is ready (request refused: "
                               "%(reason)s).")),
        "reappoint": ("late", _(
            "We apologise: dossier %(code)s is late. New appointment: %(due)s. %(reason)s")),
        "refuse": ("refused", _("Dossier %(code)s was not accepted: %(reason)s.")),
        "stop": ("stopped", _("Processing of dossier %(code)s was stopped: %(reason)s.")),
    }
    if event.action not in texts:
        return None
    kind, text = texts[event.action]
    text = text % {"code": code, "procedure": dossier.procedure.name,
                   "due": when_text(dossier.due_at), "reason": event.note,
                   "missing": "; ".join(data.get("missing") or [])}
    return Message(kind=kind, dossier_code=code, subject=_("Dossier %(code)s") % {"code": code},
                   text=text)


def queue_for_event(dossier, event):
    """Inside the change's transaction: the notifications of this event and their jobs."""
    return queue_message(dossier, event, None)


def queue_message(dossier, event, message):
    """Inside the change's transaction: `message` (by default the event's own, message_for)
    to the applicant through every channel that reaches them, with one job to send it. Other
    apps use it for what they add to an event (feedback: the rating link on return)."""
    reachable = [(channel.name, address) for channel in channels().values()
                 if (address := channel.address(dossier))]
    if reachable and message is None:
        message = message_for(dossier, event)
    if not reachable or message is None:
        return []
    created = Notification.objects.bulk_create(
        Notification(dossier=dossier, event=event, kind=message.kind, channel=name,
                     address=address, subject=message.subject, text=message.text)
        for name, address in reachable)
    if created:  # one job for the event's messages: two inserts in the change, whatever the channels
        enqueue_with_change(send_event_notifications, event.pk)
    return created


def queue_dossier_messages(messages, reference):
    """Inside the change's transaction: each (dossier, message) to the dossier's applicant
    through every channel that reaches them, about no event of the dossier (a survey's
    invitations), with one job that sends them all: a round of a thousand invitations is one
    insert and one job. Returns {dossier id: the notifications made}."""
    rows = [Notification(dossier=dossier, reference=reference[:64], kind=message.kind,
                         channel=channel.name, address=address,
                         subject=message.subject[:200], text=message.text)
            for dossier, message in messages for channel in channels().values()
            if (address := channel.address(dossier))]
    created = Notification.objects.bulk_create(rows, batch_size=500)
    if created:
        enqueue_with_change(send_reference_notifications, reference[:64])
    made = {}
    for notification in created:
        made.setdefault(notification.dossier_id, []).append(notification)
    return made


@task()
def send_reference_notifications(reference):
    ids = list(Notification.objects.filter(reference=reference,
                                           status=Notification.Status.PENDING)
               .values_list("pk", flat=True))
    return [_send(pk) for pk in ids]


def queue_staff_message(users, reference, kind, subject, text):
    """Inside the change's transaction: a message to staff members (a task's reminder) through
    every channel that reaches each of them (their e-mail, their work phone), with its job."""
    rows = [Notification(user=user, reference=reference[:64], kind=kind, channel=name,
                         address=address, subject=subject[:200], text=text)
            for user in users for name, channel in channels().items()
            if (address := channel.staff_address(user))]
    created = Notification.objects.bulk_create(rows)
    for notification in created:
        enqueue_with_change(send_notification, notification.pk)
    return created


@task()
def send_event_notifications(event_id):
    ids = list(Notification.objects.filter(event_id=event_id, status=Notification.Status.PENDING)
               .values_list("pk", flat=True))
    return [_send(pk) for pk in ids]


@task()
def send_notification(notification_id):
    """A retry of one notification."""
    return _send(notification_id)


def _send(notification_id):
    with transaction.atomic():
        notification = (Notification.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("dossier")
                        .filter(pk=notification_id, status=Notification.Status.PENDING).first())
        if notification is None:
            return "nothing to send"  # sent already, failed for good, or being sent
        channel = channels().get(notification.channel)
        notification.attempts += 1
        try:
            if channel is None:
                raise LookupError(f"channel {notification.channel!r} is no longer configured")
            channel.send(notification.address, Message(
                kind=notification.kind, dossier_code=notification.dossier.code
                if notification.dossier_id else notification.reference,
                subject=notification.subject, text=notification.text))
        except Exception as exc:  # any failure of the outside service: retry later
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= settings.MOTCUA_NOTIFY_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            else:
                delay = dt.timedelta(minutes=2 ** notification.attempts)
                enqueue_with_change(send_notification.using(run_after=timezone.now() + delay),
                                    notification.pk)
            notification.save(update_fields=["attempts", "last_error", "status"])
            return "retry" if notification.status == Notification.Status.PENDING else "failed"
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return "sent"
