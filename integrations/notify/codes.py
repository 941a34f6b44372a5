"""One-time codes that prove a person holds the phone or e-mail address they gave.

Used where someone acts without an account: a complaint or suggestion (PAKN) sent without
signing in is accepted once the code sent to its phone or e-mail comes back.

- A code is 6 digits, valid MOTCUA_CODE_TTL_SECONDS (10 minutes), and only a keyed hash of it
  is stored (ContactCheck).
- It allows MOTCUA_CODE_MAX_FAILURES wrong answers (5); then a new code must be asked for.
- An address receives at most MOTCUA_CODE_SENDS_PER_HOUR codes an hour (3), and a client
  address may ask for MOTCUA_CODE_CLIENT_SENDS_PER_HOUR (10): the counts are rows in the
  database, so neither a new browser session nor another worker process resets them.

The code is sent in the request, through the configured channel's plugin (SMS for a phone,
e-mail for an address): the person waits for it, and a failure must be told to them now. A
retry job, as notifications use, would deliver a code after it had expired.
"""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from integrations.models import ContactCheck
from integrations.notify.base import Message
from integrations.notify.registry import channels
from motcua.client import client_address

log = logging.getLogger("motcua.notify")

# The channel plugins that reach each kind of address, in order of preference.
CHANNELS = {ContactCheck.Kind.PHONE: ("sms", "zalo"), ContactCheck.Kind.EMAIL: ("email",)}


class CodeRefused(Exception):
    """No code can be sent, or the one given is not accepted; the message says why."""


def _hash(nonce, code):
    return salted_hmac("motcua.contact-code", f"{nonce}:{code}").hexdigest()


def mask(kind, address):
    """What a page may show of the address: 09•••••678, n•••@gmail.com."""
    if kind == ContactCheck.Kind.PHONE:
        return address[:2] + "•" * max(len(address) - 5, 0) + address[-3:]
    name, _sep, domain = address.partition("@")
    return f"{name[:1]}•••@{domain}"


def channel_for(kind):
    configured = channels()
    return next((configured[name] for name in CHANNELS[kind] if name in configured), None)


def send_code(request, purpose, kind, address, what):
    """Send a new code to `address` (a normalised phone or an e-mail) and return its check.
    `what` says in the message what the code is for. CodeRefused if it cannot be sent now."""
    channel = channel_for(kind)
    if channel is None:
        raise CodeRefused(_("Codes cannot be sent by SMS here: give an e-mail address.")
                          if kind == ContactCheck.Kind.PHONE else
                          _("Codes cannot be sent by e-mail here: give a phone number."))
    now = timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    client = client_address(request)[:45]
    sent = ContactCheck.objects.filter(address=address, created_at__gte=hour_ago)
    if sent.count() >= settings.MOTCUA_CODE_SENDS_PER_HOUR:
        first = sent.order_by("created_at").values_list("created_at", flat=True).first()
        raise CodeRefused(_("Too many codes were sent to this address: ask again after "
                            "%(when)s.") % {"when": timezone.localtime(
                                first + dt.timedelta(hours=1)).strftime("%H:%M")})
    if client and ContactCheck.objects.filter(client=client, created_at__gte=hour_ago).count() \
            >= settings.MOTCUA_CODE_CLIENT_SENDS_PER_HOUR:
        raise CodeRefused(_("Too many codes were asked from this connection: try again in an "
                            "hour."))
    code, nonce = f"{secrets.randbelow(10 ** 6):06d}", secrets.token_hex(16)
    check = ContactCheck.objects.create(
        purpose=purpose, kind=kind, address=address, channel=channel.name, nonce=nonce,
        code_hash=_hash(nonce, code), client=client, created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.MOTCUA_CODE_TTL_SECONDS))
    minutes = settings.MOTCUA_CODE_TTL_SECONDS // 60
    with translation.override(settings.LANGUAGE_CODE):
        message = Message(kind="code", dossier_code="", subject=_("Your MotCua code"), text=_(
            "MotCua: your code is %(code)s, to %(what)s. It is valid %(minutes)d minutes. "
            "Do not give it to anyone.") % {"code": code, "what": what, "minutes": minutes})
    try:
        channel.send(address, message)
    except Exception as exc:  # the gateway failed: the person is told now, and may ask again
        log.warning("code to %s through %s failed: %s", mask(kind, address), channel.name, exc)
        ContactCheck.objects.filter(pk=check.pk).update(expires_at=now)
        raise CodeRefused(_("The code could not be sent just now: try again in a moment.")) \
            from exc
    return check


def confirm(check_id, purpose, code):
    """The check, verified, if `code` is its code; CodeRefused saying why not. A wrong code is
    counted even though the answer is a refusal."""
    code = "".join(str(code or "").split())
    refusal = None
    with transaction.atomic():
        check = ContactCheck.objects.select_for_update().filter(
            pk=check_id, purpose=purpose).first() if isinstance(check_id, int) else None
        now = timezone.now()
        if check is None:
            refusal = _("Ask for a new code.")
        elif check.verified_at is not None:
            refusal = _("This code has been used already.")
        elif now >= check.expires_at:
            refusal = _("The code has expired: ask for a new one.")
        elif check.failures >= settings.MOTCUA_CODE_MAX_FAILURES:
            refusal = _("Too many wrong codes: ask for a new one.")
        elif not (len(code) == 6 and code.isdigit()
                  and constant_time_compare(_hash(check.nonce, code), check.code_hash)):
            check.failures += 1
            check.save(update_fields=["failures"])
            left = settings.MOTCUA_CODE_MAX_FAILURES - check.failures
            refusal = _("The code is not right: %(left)d tries left.") % {"left": left} \
                if left else _("Too many wrong codes: ask for a new one.")
        else:
            check.verified_at = now
            check.save(update_fields=["verified_at"])
    if refusal:
        raise CodeRefused(refusal)
    return check


def purge(older_than=dt.timedelta(days=1)):
    """Forget the codes of yesterday and before (the scheduler's purge_codes job): what they
    proved is on the petition, and the hourly counts need only the last hour."""
    return ContactCheck.objects.filter(created_at__lt=timezone.now() - older_than).delete()[0]
