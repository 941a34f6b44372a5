from rest_framework.permissions import SAFE_METHODS, BasePermission

from units.access import roles_of
from units.models import StaffRole


def is_administrator(user):
    return user.is_authenticated and (
        user.is_superuser
        or any(r.role == StaffRole.Role.ADMINISTRATOR for r in roles_of(user))
    )


class AdministratorsWrite(BasePermission):
    """Anyone may read; only administrators (the role, or superusers) may change."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_administrator(request.user)
