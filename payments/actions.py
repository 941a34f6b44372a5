"""Paying a dossier's fee lines: start a payment, accept the provider's word once, reconcile,
record what the counter collects. Each paid payment gets its receipt number (biên lai).

The amount must be exact; a provider's notification is recorded once per event, and a payment
is paid once whatever arrives after. When the lines of a financial obligation (status 6) are
all paid, the dossier resumes by itself (role "system").
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers import fees
from dossiers import transitions as t
from dossiers.actions import do_system_action, user_roles
from dossiers.codes import next_code
from dossiers.models import Dossier, FeeLine
from payments.models import Callback, Payment, Refund
from payments.registry import provider as provider_named
from payments.registry import providers
from sync import outbox as sync_outbox
from units.models import StaffRole

log = logging.getLogger(__name__)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
PAYABLE = {t.SUBMITTED, t.RECEIVED, t.PROCESSING, t.SUPPLEMENT, t.PAYMENT, t.RESOLVED}


def new_reference():
    return "MC" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


# ----------------------------------------------------------------------------- starting


def check_start(user, dossier, provider_name):
    """(provider, lines) for the person paying what their dossier owes online."""
    if dossier.applicant_id != user.pk:
        raise PermissionDenied(_("Only the applicant pays online for a dossier."))
    provider = providers().get(provider_name or "")
    if provider is None:
        raise ValidationError({"provider": _("Choose one of the payment methods offered.")})
    if dossier.status not in PAYABLE:
        raise ValidationError({"action": _("This dossier is closed: nothing is paid on it.")})
    lines = fees.outstanding(dossier)
    if not lines:
        raise ValidationError({"action": _("Nothing is owed on this dossier.")})
    return provider, lines


@transaction.atomic
def do_start(dossier, provider, lines, by):
    """A pending payment of these lines (the same one again if nothing changed; an older one
    for other lines is cancelled so that only one can be paid)."""
    amount = sum(line.amount for line in lines)
    ids = sorted(line.pk for line in lines)
    for pending in Payment.objects.select_for_update().filter(
            dossier=dossier, status=Payment.Status.PENDING).prefetch_related("lines"):
        if pending.provider == provider.name and pending.amount == amount \
                and sorted(x.pk for x in pending.lines.all()) == ids:
            return pending
        pending.status = Payment.Status.CANCELLED
        pending.save(update_fields=["status"])
    payment = Payment.objects.create(dossier=dossier, reference=new_reference(),
                                     provider=provider.name, platform=provider.platform,
                                     amount=amount, created_by=by)
    payment.lines.set(lines)
    payment.instructions = provider.instructions(payment)
    payment.save(update_fields=["instructions"])
    return payment


# ----------------------------------------------------------------------------- settling

# outcome -> HTTP status of the webhook's answer
OUTCOMES = {"paid": 200, "duplicate": 200, "already_paid": 200, "overpaid": 200,
            "unknown_reference": 404, "wrong_amount": 422, "cancelled": 409,
            "duplicate_transaction": 409}


def record_settlement(provider, settlement):
    """Record what the provider says was paid, once. Returns the outcome."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                callback = Callback.objects.create(
                    provider=provider.name, event_id=settlement.event_id[:120], outcome="received",
                    payload={"reference": settlement.reference, "amount": settlement.amount,
                             "transaction_id": settlement.transaction_id})
        except IntegrityError:
            return "duplicate"  # this very notification was recorded already
        payment = Payment.objects.select_for_update().filter(
            reference=settlement.reference, provider=provider.name).first()
        outcome = _settle(payment, settlement, provider)
        callback.payment, callback.outcome = payment, outcome
        callback.save(update_fields=["payment", "outcome"])
    if outcome in ("wrong_amount", "cancelled", "duplicate_transaction", "unknown_reference"):
        log.warning("payment notification %s from %s: %s", settlement.event_id, provider.name,
                    outcome)
    return outcome


def _settle(payment, settlement, provider):
    if payment is None:
        return "unknown_reference"
    if payment.status == Payment.Status.PAID:
        if not settlement.transaction_id or settlement.transaction_id == payment.transaction_id:
            return "already_paid"  # the same payment is never counted twice
        # Another transfer for what was already paid: real money that is not owed.
        return _open_refund(payment, settlement, provider, Refund.Reason.OVERPAID, "overpaid")
    if payment.status == Payment.Status.CANCELLED:
        # Money for a superseded request: an officer refunds or reassigns it.
        return _open_refund(payment, settlement, provider, Refund.Reason.SUPERSEDED,
                            "cancelled")
    if isinstance(settlement.amount, bool) or settlement.amount != payment.amount:
        return "wrong_amount"
    try:
        with transaction.atomic():
            _mark_paid(payment, transaction_id=settlement.transaction_id[:100],
                       paid_at=settlement.paid_at or timezone.now(), payer=settlement.payer)
    except IntegrityError:
        return "duplicate_transaction"  # this transaction already paid another payment
    return "paid"


def _open_refund(payment, settlement, provider, reason, outcome):
    """Record money to give back, once per provider transaction, and tell the unit."""
    try:
        with transaction.atomic():
            Refund.objects.create(
                dossier=payment.dossier, payment=payment, reason=reason, provider=provider.name,
                transaction_id=settlement.transaction_id[:100], amount=settlement.amount,
                payer=settlement.payer, received_at=settlement.paid_at or timezone.now())
    except IntegrityError:
        return "duplicate"  # this transaction's refund is already open
    log.warning("payment %s received again (%s, %s đồng): refund opened for dossier %s",
                payment.reference, settlement.transaction_id, settlement.amount,
                payment.dossier.code)
    return outcome


def open_refunds(agency_ids=None):
    """The money still to give back, for units (None: all), oldest first."""
    qs = Refund.objects.filter(refunded_at__isnull=True).select_related("dossier", "payment")
    if agency_ids is not None:
        qs = qs.filter(dossier__agency_id__in=agency_ids)
    return qs.order_by("received_at")


def check_refunded(user, refund, data):
    if StaffRole.Role.COUNTER_OFFICER not in user_roles(user, refund.dossier):
        raise PermissionDenied(_("Only the counter officers of the dossier's unit record a "
                                 "refund."))
    if refund.refunded_at is not None:
        raise ValidationError({"action": _("This refund was already recorded.")})
    note = (data.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": _("Say how the money was given back (transfer "
                                         "reference, receipt number).")})
    return {"note": note[:500]}


def do_refunded(refund, cleaned, by):
    updated = Refund.objects.filter(pk=refund.pk, refunded_at__isnull=True).update(
        refunded_at=timezone.now(), refunded_by=by, note=cleaned["note"])
    return updated == 1


def _mark_paid(payment, *, transaction_id="", paid_at=None, payer=""):
    paid_at = paid_at or timezone.now()
    payment.status = Payment.Status.PAID
    payment.paid_at, payment.transaction_id, payment.payer = paid_at, transaction_id, payer
    payment.receipt_number = next_code("BL", timezone.localdate(paid_at))
    payment.save()
    payment.lines.update(paid_at=paid_at, paid_online=payment.online)
    # Another request still waiting for these lines (the national portal's, a bank
    # transfer's) is void now: paid anyway later, it opens a refund (_settle).
    Payment.objects.filter(dossier_id=payment.dossier_id, status=Payment.Status.PENDING,
                           lines__in=payment.lines.all()).exclude(pk=payment.pk) \
        .update(status=Payment.Status.CANCELLED)
    dossier = payment.dossier
    if payment.online:
        Dossier.objects.filter(pk=dossier.pk).update(paid_online=True,
                                                     payment_platform=payment.platform)
        dossier.paid_online, dossier.payment_platform = True, payment.platform
    sync_outbox.queue_change(dossier)  # the national record's fees and DuocThanhToanTrucTuyen
    if dossier.status == t.PAYMENT and not fees.outstanding(dossier, [FeeLine.Stage.PROCESSING]) \
            and payment.online:
        do_system_action(dossier.code, "confirm_payment", {"note": _(
            "Paid online, receipt %(number)s.") % {"number": payment.receipt_number}})


def reconcile(now=None):
    """Ask the providers about pending payments whose notification never came.
    Returns {outcome: count}."""
    now = now or timezone.now()
    counts = {}
    waiting = open_refunds().count()
    if waiting:
        counts["refunds_open"] = waiting
    pending = Payment.objects.filter(
        status=Payment.Status.PENDING,
        created_at__lte=now - timezone.timedelta(seconds=settings.MOTCUA_PAYMENT_RECONCILE_AFTER),
        created_at__gte=now - timezone.timedelta(days=settings.MOTCUA_PAYMENT_RECONCILE_DAYS),
    ).select_related("dossier")
    for payment in pending:
        provider = provider_named(payment.provider)
        if provider is None:
            continue
        try:
            settlement = provider.find(payment)
        except Exception:  # a provider that is down: try again at the next run
            log.exception("reconciliation of %s with %s failed", payment.reference,
                          payment.provider)
            counts["error"] = counts.get("error", 0) + 1
            continue
        outcome = "not_found" if settlement is None else record_settlement(provider, settlement)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


# ----------------------------------------------------------------------------- national portal


def request_on_portal(dossier):
    """A dossier filed on the national portal owes fees: the person pays them there, through
    the national payment platform. One pending request covers what is owed now (do_start
    keeps it while nothing changed and cancels it for a new one when lines are added); the
    dossier's record carries it to the portal (sync/payloads.py). Inside the change's
    transaction, before its records are built."""
    from payments.contrib.national import NATIONAL

    lines = fees.outstanding(dossier)
    if lines:
        return do_start(dossier, NATIONAL, lines, None)
    return None


def record_paid_on_portal(dossier, lines, *, transaction_id, paid_at=None, payer=""):
    """Fees the person already paid on the portal when filing: a paid payment of the national
    platform with its receipt, as any other."""
    from payments.contrib.national import NATIONAL

    payment = Payment.objects.create(
        dossier=dossier, reference=new_reference(), provider=NATIONAL.name,
        platform=NATIONAL.platform, amount=sum(line.amount for line in lines))
    payment.lines.set(lines)
    _mark_paid(payment, transaction_id=transaction_id[:100], paid_at=paid_at, payer=payer)
    return payment


def do_demo_pay(payment, provider):
    """The demo provider's "pay" button: it settles the payment in its books and, unless told
    to lose it, notifies us through the same check as a real notification."""
    if payment.status != Payment.Status.PENDING:
        return None
    body, signature = provider.settle(payment)
    if not provider.notify:
        return None
    return record_settlement(provider, provider.parse_signed(body, signature))


# ----------------------------------------------------------------------------- counter


def check_counter_payment(user, dossier):
    """The reception and result fees a counter officer collects in cash or by card."""
    if StaffRole.Role.COUNTER_OFFICER not in user_roles(user, dossier):
        raise PermissionDenied(_("Only the counter collects payments."))
    lines = fees.outstanding(dossier, [FeeLine.Stage.RECEPTION, FeeLine.Stage.RESULT])
    if not lines:
        raise ValidationError({"action": _("Nothing is owed at the counter on this dossier.")})
    return lines


@transaction.atomic
def do_counter_payment(dossier, lines, by, payer=""):
    payment = Payment.objects.create(
        dossier=dossier, reference=new_reference(), provider="counter", platform=None,
        amount=sum(line.amount for line in lines), created_by=by)
    payment.lines.set(lines)
    _mark_paid(payment, payer=payer or dossier.applicant_name)
    return payment


def do_collect_at_reception(user, dossier):
    """Counter intake: the reception fees just charged, paid at once at the counter (in the
    intake's transaction). Their payment with its receipt, or None when every fee charged is
    exempt and nothing is owed."""
    if not fees.outstanding(dossier, [FeeLine.Stage.RECEPTION]):
        return None
    try:
        lines = check_counter_payment(user, dossier)
    except PermissionDenied as exc:
        raise ValidationError({"collect": str(exc)}) from None
    return do_counter_payment(dossier, lines, user)


def on_dossier_changed(dossier, *, action, by, role, **kwargs):
    """An officer confirms a financial obligation paid: the lines asked get a counter payment
    and its receipt (an online payment confirms by itself, role "system")."""
    if action == "confirm_payment" and role != t.SYSTEM:
        lines = fees.outstanding(dossier, [FeeLine.Stage.PROCESSING])
        if lines:
            do_counter_payment(dossier, lines, by)

