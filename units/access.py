"""Who may see which organisations. Every scoped read in later apps starts from here.

The rule: a supervisor or administrator of a provincial People's Committee sees the whole
province; anyone else sees the agencies they hold a role in and the agencies below them (a
department's sub-units, a commune's own offices). A counter officer also sees their center.
"""

from django.contrib.auth.models import AbstractUser
from django.db.models import Q

from motcua.memo import Memo
from units.models import Agency, ServiceCenter, StaffRole

# The longest username and agency code there can be: an API request naming a person or an
# agency by them is checked against these, and they are published as the maxLength of such
# fields in openapi.yaml.
USERNAME_MAX = AbstractUser._meta.get_field("username").max_length
AGENCY_CODE_MAX = Agency._meta.get_field("code").max_length

_PROVINCE_WIDE_ROLES = {StaffRole.Role.SUPERVISOR, StaffRole.Role.ADMINISTRATOR}

# Agencies and centers change rarely and are read on every staff request: kept a while per
# process (motcua/memo.py), so a user's roles cost one small query. Read-only objects.
_agencies = Memo("agencies by id")
_centers = Memo("service centers by id")


def agency_by_id(pk):
    return _agencies.get(pk, lambda: Agency.objects.select_related("unit").filter(pk=pk).first())


def center_by_id(pk):
    return _centers.get(pk, lambda: ServiceCenter.objects.select_related("unit", "agency")
                        .filter(pk=pk).first())


def roles_of(user):
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_motcua_roles", None)
    if cached is None:
        cached = remember_roles(user, list(StaffRole.objects.filter(user=user)))
    return cached


def remember_roles(user, roles):
    """Keep the user's roles (all of them, just read) on the user object for the request, with
    their agency and center from the shared reference data (motcua.authentication reads them
    with the API token)."""
    for role in roles:
        role.agency = agency_by_id(role.agency_id)
        if role.service_center_id:
            role.service_center = center_by_id(role.service_center_id)
    user._motcua_roles = roles
    return roles


def is_staff_member(user):
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user)))


def visible_agency_ids(user):
    """The set of agency ids the user may see, or None meaning every agency. The set is a
    function of the user's roles and the agency tree (reference data): it is kept per set of
    roots (motcua/memo.py), so a staff request does not walk the tree each time."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    province_units, roots = set(), set()
    for role in roles_of(user):
        agency = role.agency
        if role.role in _PROVINCE_WIDE_ROLES and agency.kind == Agency.Kind.PROVINCE_COMMITTEE:
            province_units.add(agency.unit_id)
        else:
            roots.add(agency.id)
    key = (frozenset(province_units), frozenset(roots))
    # A copy: callers may change theirs.
    return set(_visible.get(key, lambda: frozenset(_below(province_units, roots))))


_visible = Memo("agencies visible from roles")


def _below(province_units, roots):
    ids = set()
    if province_units:
        ids |= set(
            Agency.objects.filter(
                Q(unit_id__in=province_units) | Q(unit__parent_id__in=province_units)
            ).values_list("id", flat=True)
        )
    frontier = roots - ids
    ids |= frontier
    while frontier:  # walk down the agency tree; it is a few levels deep at most
        frontier = set(
            Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        ) - ids
        ids |= frontier
    return ids


def agencies_for_user(user):
    ids = visible_agency_ids(user)
    qs = Agency.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def service_centers_for_user(user):
    ids = visible_agency_ids(user)
    qs = ServiceCenter.objects.all()
    if ids is None:
        return qs
    own = [r.service_center_id for r in roles_of(user) if r.service_center_id]
    return qs.filter(Q(agency_id__in=ids) | Q(id__in=own))
