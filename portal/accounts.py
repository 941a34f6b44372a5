"""Portal accounts: found or created from what an identity provider vouched for."""

import hashlib

from django.contrib.auth import get_user_model, login
from django.db import transaction

from portal.models import IdentityLink, Person


def _username(identity):
    digest = hashlib.sha256(f"{identity.provider}:{identity.subject}".encode()).hexdigest()[:20]
    return f"{identity.provider[:20]}-{digest}"


@transaction.atomic
def account_for(identity):
    """The portal account of this identity, created on first sign-in. The person's details are
    refreshed from the provider each time (what it vouches for is the truth)."""
    link = IdentityLink.objects.select_related("user").filter(
        provider=identity.provider, subject=identity.subject).first()
    if link is None:
        user = get_user_model().objects.create_user(_username(identity), email=identity.email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        link = IdentityLink.objects.create(provider=identity.provider, subject=identity.subject,
                                           user=user)
    else:
        link.save(update_fields=["last_used_at"])
    person, _ = Person.objects.get_or_create(user=link.user,
                                             defaults={"full_name": identity.full_name})
    person.full_name = identity.full_name or person.full_name
    for field in ("id_number", "birth_date", "phone", "email", "tax_code",
                  "organization_name"):
        value = getattr(identity, field)
        if value:
            setattr(person, field, value)
    person.vneid = identity.vneid
    person.save()
    return link.user


def sign_in(request, identity):
    user = account_for(identity)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["identity_provider"] = identity.provider
    request.session["vneid"] = identity.vneid
    return user
