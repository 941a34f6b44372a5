"""API token authentication that reads a staff member's roles with the token.

DRF's TokenAuthentication reads the token and its user; every staff request then reads the
user's roles (units.access.roles_of) to scope what it may see and do. Here one query reads the
roles joined to their user and to the token, so a staff member's API request costs one query
to authenticate instead of two (bench/intake_throughput.py). A token whose user holds no role
(a person's account, a superuser) is read as DRF reads it. What is accepted and refused is
DRF's rule, unchanged: an unknown key or an inactive account is refused with its message.
"""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from units.access import remember_roles
from units.models import StaffRole


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        roles = list(StaffRole.objects.select_related("user").filter(user__auth_token__key=key))
        if not roles:
            return super().authenticate_credentials(key)
        user = roles[0].user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        for role in roles:
            role.user = user  # one user object, as roles_of reads them
        remember_roles(user, roles)
        # The token row itself was matched by the join: its key and user are what DRF's
        # request.auth would hold.
        return user, Token(key=key, user=user)
