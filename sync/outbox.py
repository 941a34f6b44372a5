"""Sending every dossier and every step to the national portal, in order, exactly once.

- **Queued with the change, built when sent.** `queue_change` runs inside the dossier's
  transaction (the dossier row is locked by the action): it appends a place for the dossier's
  record and the step of each event, numbered in `seq` order, and queues the job
  (motcua.tasks.enqueue_with_change). No change without its records, no records of a change
  that rolled back. The record itself (documents, fees, pauses, results) is built by the
  worker when its turn comes, from the dossier as it is then: the officer's request does not
  pay for it, and a record whose content did not change since the last version is not sent
  (UNCHANGED). Steps are built with the change: they say what happened at that moment.
- **Sent in order, with no lock held on the wire.** `sync_dossier` claims the dossier's first
  unsent record under the sync row lock (a token and an expiry, MOTCUA_SYNC_LEASE), lets go of
  the lock for the network call, and records the answer under the lock again if its claim still
  stands. A second worker finds the claim and leaves the dossier to the first (its job comes
  back when the claim runs out, should the first die), so two workers never send one
  dossier's records out of order or together, and an officer's action on the dossier never
  waits for the portal. A record that fails for a while holds back the later ones.
- **Exactly once.** A version of the record is sent as new only while the portal does not
  hold the dossier; once it does (an answer, or its "already exists"), every version goes as an
  update. Steps carry their number (`SoThuTu`), so a step resent after a timeout is recognised
  by the portal ("already exists" counts as sent). Older versions still waiting when a newer
  one is queued are superseded, not sent.
- **Failures.** Timeouts, 5xx and "not ready" answers are retried with a growing delay
  (MOTCUA_SYNC_BACKOFF seconds doubled per attempt, at most MOTCUA_SYNC_BACKOFF_MAX). A
  permanent refusal (a field rejected, credentials refused) stops the dossier's sync with the
  reason; a supervisor retries it after the cause is fixed (`retry`), and the record is then
  rebuilt from the dossier as it is.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dossiers.models import Dossier
from integrations.national.base import DONE, FAILED
from integrations.national.registry import portal
from motcua.tasks import enqueue_with_change
from sync.models import DossierSync, SyncMessage
from sync.payloads import dossier_record, record_hash, step_record

M = SyncMessage


def on_dossier_changed(dossier, *, action, by, role, data=None, event=None, **kwargs):
    if dossier.national_reference:
        # Filed on the national portal: what it owes now is asked there, in this record.
        from payments.actions import PAYABLE, request_on_portal

        if dossier.status in PAYABLE:
            request_on_portal(dossier)
    queue_change(dossier, kwargs.get("events") or ([event] if event else []),
                 new=kwargs.get("new", False))


def queue_change(dossier, events=(), *, new=False):
    """Inside the change's transaction: the records this change owes the portal. `new`: the
    dossier was created by this change, so it has no sync state yet (one query less)."""
    # Locked: a change that does not lock the dossier (a payment's notification) still numbers
    # its records after those of a concurrent action.
    state = None if new else \
        DossierSync.objects.select_for_update().filter(dossier=dossier).first()
    created = state is None
    if created:
        state = DossierSync(dossier=dossier)
    # The record's place in the order, built by the worker (_build): version 0, no payload yet.
    messages = [M(dossier=dossier, seq=state.next_seq, kind=M.Kind.DOSSIER, version=0,
                  payload={})]
    state.next_seq += 1
    for event in events:
        messages.append(M(dossier=dossier, seq=state.next_seq, kind=M.Kind.STEP,
                          version=event.seq, payload=step_record(dossier, event)))
        state.next_seq += 1
    if state.state == DossierSync.State.SYNCED:
        state.state = DossierSync.State.PENDING
    state.save(force_insert=created)
    M.objects.bulk_create(messages)
    if portal() is not None:
        enqueue_with_change(sync_dossier, dossier.pk)
    return messages


def _backoff(attempts):
    return min(settings.MOTCUA_SYNC_BACKOFF * 2 ** (attempts - 1), settings.MOTCUA_SYNC_BACKOFF_MAX)


@task()
def sync_dossier(dossier_id):
    """Send the dossier's waiting records in order; returns what happened to the last one."""
    plugin = portal()
    if plugin is None:
        return "no portal configured"
    outcome = "nothing to send"
    while True:
        outcome = _send_next(plugin, dossier_id)
        if outcome != "sent":
            return outcome


def _send_next(plugin, dossier_id):
    """One record: claimed under the row lock, sent with no lock held, recorded under it."""
    claim = _claim(dossier_id)
    if isinstance(claim, str):
        return claim
    message, token, held = claim
    result, held = _deliver(plugin, held, message)  # the network call: no transaction, no lock
    return _record(dossier_id, message.pk, token, result, held)


def _claim(dossier_id):
    """The dossier's first waiting record, claimed for this worker: (message, token, whether
    the portal holds the dossier), or what stops it ("synced", "failed", "waiting", "busy")."""
    now = timezone.now()
    with transaction.atomic():
        state = DossierSync.objects.select_for_update().filter(dossier_id=dossier_id).first()
        if state is None:
            return "nothing to send"
        if state.sending_token and state.sending_until and state.sending_until > now:
            # Another worker is sending this dossier's record and will go on with the next
            # ones; should it die, this job comes back when its claim runs out.
            enqueue_with_change(sync_dossier.using(run_after=state.sending_until), dossier_id)
            return "busy"
        waiting = list(M.objects.filter(dossier_id=dossier_id,
                                        status__in=[M.Status.PENDING, M.Status.FAILED])
                       .order_by("seq")[:50])
        if not waiting:
            if state.state != DossierSync.State.SYNCED or state.sending_token:
                state.state, state.synced_at, state.last_error = DossierSync.State.SYNCED, now, ""
                state.sending_token, state.sending_until = "", None
                state.save(update_fields=["state", "synced_at", "last_error", "sending_token",
                                          "sending_until"])
            return "synced"
        message = waiting[0]
        if message.status == M.Status.FAILED:
            return "failed"  # held until a supervisor retries
        if message.next_attempt_at and message.next_attempt_at > now:
            return "waiting"  # its retry job will come
        # An older version waiting behind a newer one need not go, as long as the portal has
        # the dossier before its next step (it holds it already, or the newer version is next).
        later = [m.kind for m in waiting[1:]]
        if message.kind == M.Kind.DOSSIER and M.Kind.DOSSIER in later and (
                state.created_remote or later[0] == M.Kind.DOSSIER):
            message.status = M.Status.SUPERSEDED
            message.save(update_fields=["status"])
            return "sent"  # go on with the next record
        if message.kind == M.Kind.DOSSIER and not message.payload and not _build(state, message):
            return "sent"  # nothing new to say: go on with the next record
        state.sending_token = secrets.token_hex(16)
        state.sending_until = now + dt.timedelta(seconds=settings.MOTCUA_SYNC_LEASE)
        state.save(update_fields=["sending_token", "sending_until"])
        return message, state.sending_token, state.created_remote


def _build(state, message):
    """Under the sync row lock: the dossier's record as it is now, as the next version, unless
    its content is the version last built (then the message is UNCHANGED; returns False)."""
    dossier = Dossier.objects.select_related("procedure", "agency", "service_center") \
        .get(pk=message.dossier_id)
    record = dossier_record(dossier)
    digest = record_hash(record)
    if digest == state.payload_hash:
        message.status = M.Status.UNCHANGED
        message.save(update_fields=["status"])
        return False
    state.version += 1
    state.payload_hash = digest
    state.save(update_fields=["version", "payload_hash"])
    message.version, message.payload = state.version, {**record, "PhienBan": state.version}
    message.save(update_fields=["version", "payload"])
    return True


def _record(dossier_id, message_id, token, result, held):
    """The portal's answer, written if this worker's claim still stands."""
    now = timezone.now()
    with transaction.atomic():
        state = DossierSync.objects.select_for_update().get(dossier_id=dossier_id)
        if state.sending_token != token:
            # The claim ran out and another worker sent the record again (the portal knows a
            # record it holds already): its answer is the one kept.
            return "busy"
        state.sending_token, state.sending_until = "", None
        state.created_remote = state.created_remote or held
        message = M.objects.get(pk=message_id)
        message.attempts += 1
        if result.result == DONE:
            message.status, message.sent_at, message.last_error = M.Status.SENT, now, ""
            message.next_attempt_at = None
            message.save()
            state.save()
            return "sent"
        message.last_error = result.message[:2000]
        state.last_error = f"{message.get_kind_display()} #{message.seq}: {result.message}"[:2000]
        if result.result == FAILED:
            message.status = M.Status.FAILED
            state.state, state.failed_at = DossierSync.State.FAILED, now
            message.save()
            state.save()
            return "failed"
        delay = _backoff(message.attempts)
        message.next_attempt_at = now + dt.timedelta(seconds=delay)
        message.save()
        state.save()
        enqueue_with_change(sync_dossier.using(run_after=message.next_attempt_at), dossier_id)
        return "retry"


def _deliver(plugin, held, message):
    """Send one record; returns (the portal's answer, whether the portal holds the dossier)."""
    if message.kind == M.Kind.STEP:
        return plugin.send_progress(message.payload), held
    result = plugin.send_dossier(message.payload, update=held)
    if result.exists and not held:
        # The portal holds it already (an earlier send whose answer was lost): update it.
        held = True
        result = plugin.send_dossier(message.payload, update=True)
    if result.result == DONE:
        held = True
    elif result.exists:
        return type(result)(FAILED, result.message), held
    return result, held


def retry(dossier):
    """A supervisor sends the dossier again after fixing the cause of a failure: the record is
    built again from the dossier as it is now, as a new version; steps are sent as they were."""
    with transaction.atomic():
        state = DossierSync.objects.select_for_update().get(dossier=dossier)
        for message in M.objects.filter(dossier=dossier, status=M.Status.FAILED):
            if message.kind == M.Kind.DOSSIER:
                message.payload, message.version = {}, 0
                state.payload_hash = ""  # built and sent even if its content is the refused one
            message.status, message.next_attempt_at = M.Status.PENDING, None
            message.save()
        M.objects.filter(dossier=dossier, status=M.Status.PENDING).update(next_attempt_at=None)
        state.state, state.failed_at = DossierSync.State.PENDING, None
        state.save()
        if portal() is not None:
            enqueue_with_change(sync_dossier, dossier.pk)


def queue_waiting(now=None):
    """Queue a job for each dossier with records due (after a portal was configured, or to
    catch up); returns how many. `manage.py sync_national` runs it."""
    now = now or timezone.now()
    ids = list(M.objects.filter(status=M.Status.PENDING)
               .exclude(next_attempt_at__gt=now).values_list("dossier_id", flat=True).distinct())
    with transaction.atomic():
        for dossier_id in ids:
            enqueue_with_change(sync_dossier, dossier_id)
    return len(ids)


def state_of(dossier):
    """{state, synced_at, error} for pages and the API."""
    try:
        state = dossier.national_sync
    except DossierSync.DoesNotExist:
        return {"state": DossierSync.State.PENDING, "synced_at": None, "error": ""}
    return {"state": state.state, "synced_at": state.synced_at, "error": state.last_error}
