"""Rating the service: through the one-time link sent when the result is returned, from "Hồ sơ
của tôi", or at a counter kiosk. One rating per dossier whatever the channel.

The answers are those of the SIPAS survey (Decision 1001/QĐ-BNV 2023): overall satisfaction
and, optionally, each of its five factors. A dissatisfied rating counts against indicator 5.4
of Decision 766 (DOMAIN.md §5).
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dossiers import transitions as t
from dossiers.models import Dossier
from feedback.models import FACTORS, Level, Rating, RatingLink
from integrations.notify.base import Message
from integrations.notify.service import queue_message
from units.access import roles_of
from units.models import StaffRole

COMMENT_MAX = 2000
TOKEN_TEXT_MAX = 100  # the longest text read as a link's token (issue_link's are 32 characters)


class RatingRefused(Exception):
    """A rating that cannot be taken; `code` is the API's error code, `status` its HTTP status."""

    def __init__(self, code, message, status=409):
        super().__init__(message)
        self.code, self.status = code, status


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token):
    return f"{settings.MOTCUA_PUBLIC_URL}/danh-gia/{token}/"


# ----------------------------------------------------------------------------- answers


def check_rating(data):
    """The answers of a rating form or request, cleaned; ValidationError names the field."""
    errors, cleaned = {}, {}
    levels = Level.values  # a list: an answer that is a list or an object is simply wrong
    overall = data.get("overall")
    if overall in (None, ""):
        errors["overall"] = [_("Say how satisfied you are overall.")]
    elif overall not in levels:
        errors["overall"] = [_("Choose satisfied, neutral or dissatisfied.")]
    else:
        cleaned["overall"] = overall
    for factor in FACTORS:
        value = data.get(factor) or ""
        if value and value not in levels:
            errors[factor] = [_("Choose satisfied, neutral or dissatisfied.")]
        cleaned[factor] = value
    comment = data.get("comment") or ""
    if not isinstance(comment, str):
        errors["comment"] = [_("The comment must be text.")]
    elif len(comment) > COMMENT_MAX:
        errors["comment"] = [_("The comment is too long (at most %(n)d characters).")
                             % {"n": COMMENT_MAX}]
    else:
        cleaned["comment"] = comment.strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def can_rate(dossier, rated=None):
    """Whether the dossier may be rated now; `rated` if the caller already knows."""
    if rated is None:
        rated = dossier.ratings.exists()
    return dossier.status == t.RETURNED and not rated


# ----------------------------------------------------------------------------- the link


def issue_link(dossier, now=None):
    """A new one-time link for the dossier's applicant; returns the token (never stored)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(24)
    RatingLink.objects.create(dossier=dossier, token_hash=_hash(token),
                              expires_at=now + dt.timedelta(days=settings.MOTCUA_RATING_LINK_DAYS))
    return token


def _usable(link, now):
    if link is None:
        raise RatingRefused("invalid_link", _("This rating link is not valid."), 404)
    if link.used_at is not None:
        raise RatingRefused("link_used", _("This rating link has already been used: each "
                                           "link works once."), 410)
    if link.expires_at <= now:
        raise RatingRefused("link_expired", _("This rating link has expired."), 410)
    if link.dossier.ratings.exists():
        raise RatingRefused("already_rated", _("This dossier has already been rated."), 410)
    return link


def link_for(token):
    """The usable link of a token (for showing the form), or RatingRefused."""
    link = RatingLink.objects.select_related("dossier__procedure", "dossier__agency") \
        .filter(token_hash=_hash(token or "")).first()
    return _usable(link, timezone.now())


def do_rate_by_link(token, cleaned):
    with transaction.atomic():
        link = RatingLink.objects.select_for_update(of=("self",)).select_related("dossier") \
            .filter(token_hash=_hash(token or "")).first()
        _usable(link, timezone.now())
        return _save(link.dossier, cleaned, Rating.Channel.LINK)


# ----------------------------------------------------------------------------- portal, kiosk


def check_portal_rating(user, dossier):
    if dossier.applicant_id != user.pk:
        raise RatingRefused("forbidden", _("Only the applicant may rate this dossier online."),
                            403)
    _returned_and_unrated(dossier)


def _returned_and_unrated(dossier):
    if dossier.status != t.RETURNED:
        raise RatingRefused("not_returned", _("A dossier can be rated once its result has "
                                              "been returned."))
    if dossier.ratings.exists():
        raise RatingRefused("already_rated", _("This dossier has already been rated."))


def kiosk_center(user):
    """The service center whose kiosk this counter account runs, or None."""
    for role in roles_of(user):
        if role.role == StaffRole.Role.COUNTER_OFFICER and role.service_center_id:
            return role.service_center
    return None


def check_kiosk(user, dossier):
    """A counter account records a rating at its center's kiosk: of a returned dossier it may
    see (get_dossier_for_user), or of the visit itself (dossier None)."""
    center = kiosk_center(user)
    if center is None:
        raise RatingRefused("forbidden", _("Ratings are taken at a service center's kiosk, "
                                           "by a counter account."), 403)
    if dossier is not None:
        _returned_and_unrated(dossier)
    return center


def do_rate(dossier, cleaned, channel, *, by=None, center=None):
    """Record a rating (of `dossier`, or of a kiosk visit at `center`)."""
    with transaction.atomic():
        if dossier is not None:
            dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
            _returned_and_unrated(dossier)
        return _save(dossier, cleaned, channel, by=by, center=center)


def _save(dossier, cleaned, channel, *, by=None, center=None):
    rating = Rating(dossier=dossier, channel=channel, recorded_by=by, **cleaned,
                    agency_id=dossier.agency_id if dossier else center.agency_id,
                    service_center_id=dossier.service_center_id if dossier else center.pk)
    try:
        with transaction.atomic():
            rating.save(force_insert=True)
    except IntegrityError:  # rated meanwhile through another channel
        raise RatingRefused("already_rated", _("This dossier has already been rated.")) from None
    if dossier is not None:  # its links are spent too
        RatingLink.objects.filter(dossier=dossier, used_at__isnull=True) \
            .update(used_at=rating.created_at)
    return rating


# ----------------------------------------------------------------------------- invitation


def on_dossier_changed(dossier, *, action, by, role, data, **kwargs):
    """When the result is returned, invite the applicant to rate, by the channels that reach
    them, with a link that works once."""
    if action != "return_result":
        return
    token = issue_link(dossier)
    event = kwargs.get("event") or dossier.events.order_by("-seq").first()
    with translation.override(settings.LANGUAGE_CODE):
        message = Message(
            kind="rating", dossier_code=dossier.code,
            subject=_("Dossier %(code)s") % {"code": dossier.code},
            text=_("Dossier %(code)s: the result was handed over. Please tell us how satisfied "
                   "you are (the link works once, for %(days)d days): %(link)s")
            % {"code": dossier.code, "days": settings.MOTCUA_RATING_LINK_DAYS,
               "link": link_url(token)})
    queue_message(dossier, event, message)
