"""People are told what happens to their dossier, by background jobs queued with the change:
never inside the request, retried when a channel fails, never sent twice."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from dossiers.tests.test_intake import APPLICANT
from dossiers.tests.test_transitions import act
from integrations.models import Notification
from integrations.notify import registry
from integrations.notify.base import Channel
from integrations.notify.service import send_event_notifications, send_notification

pytestmark = pytest.mark.django_db


def receive(client, counter_officer, **extra):
    client.force_login(counter_officer)
    response = client.post("/api/v1/dossiers", {
        "procedure": "1.004884", "receive": True, **APPLICANT,
        "applicant_email": "hoa.nguyen@example.vn", **extra}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["code"]


def run_jobs():
    """What the worker does: run every job that is due, as db_worker would."""
    results = []
    for job in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        task = job.task
        results.append(task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"]))
        job.delete()
    return results


def test_a_receipt_is_announced_by_every_channel_after_the_request(client, counter_officer):
    code = receive(client, counter_officer)
    # The request only queued: nothing was sent yet.
    assert mail.outbox == []
    notes = Notification.objects.filter(dossier__code=code)
    assert sorted(n.channel for n in notes) == ["email", "sms", "zalo"]
    assert {n.address for n in notes} == {"hoa.nguyen@example.vn", "0912345678"}
    assert all(n.status == "pending" for n in notes)
    assert "đã được tiếp nhận" in notes[0].text and "Hẹn trả kết quả" in notes[0].text
    run_jobs()
    assert all(n.status == "sent" for n in Notification.objects.all())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa.nguyen@example.vn"]
    assert code in mail.outbox[0].subject
    # A job run again sends nothing more.
    notification = Notification.objects.get(channel="email")
    assert send_notification.call(notification.pk) == "nothing to send"
    assert len(mail.outbox) == 1


def test_a_supplement_request_tells_what_is_missing(client, counter_officer):
    client.force_login(counter_officer)
    code = client.post("/api/v1/dossiers", {"procedure": "1.004884", **APPLICANT},
                       content_type="application/json").json()["code"]
    assert not Notification.objects.exists()  # filed, not yet received: nothing to say
    act(client, counter_officer, code, "request_supplement", reason="Thiếu giấy tờ",
        missing=["Văn bản cam đoan"])
    texts = set(Notification.objects.values_list("text", flat=True))
    assert texts == {f"Hồ sơ {code} cần bổ sung giấy tờ: Văn bản cam đoan. Lý do: Thiếu giấy tờ."}


class Broken(Channel):
    name = "sms"
    calls = 0

    def address(self, dossier):
        return dossier.applicant_phone

    def send(self, address, message):
        Broken.calls += 1
        raise ConnectionError("gateway down")


def test_a_failing_channel_is_retried_later_then_given_up(client, counter_officer, settings):
    settings.MOTCUA_NOTIFY_CHANNELS = ["integrations.tests.test_notify.Broken"]
    settings.MOTCUA_NOTIFY_ATTEMPTS = 3
    registry.channels.cache_clear()
    try:
        receive(client, counter_officer)
        notification = Notification.objects.get()
        assert run_jobs() == [["retry"]]
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after is not None  # later, not at once
        notification.refresh_from_db()
        assert notification.attempts == 1 and "gateway down" in notification.last_error
        run_jobs()
        assert run_jobs() == ["failed"]
        notification.refresh_from_db()
        assert notification.status == "failed" and notification.attempts == 3
        assert Broken.calls == 3 and not DBTaskResult.objects.filter(status="READY").exists()
    finally:
        registry.channels.cache_clear()


def test_a_change_that_rolls_back_leaves_no_message(client, counter_officer):
    from dossiers.actions import do_action

    code = receive(client, counter_officer)
    Notification.objects.all().delete()
    DBTaskResult.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        do_action(counter_officer, code, "transfer")
        do_action(counter_officer, code, "withdraw", {"reason": "Rút"})
        raise RuntimeError("the request failed after the change")
    assert not Notification.objects.exists() and not DBTaskResult.objects.exists()
    assert send_event_notifications.call(0) == []
