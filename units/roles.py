"""What each staff role may do in the administration pages.

Each role is a Django group ("motcua:<role>") whose permissions are kept in step with this table
after every migrate; holding a StaffRole puts the account in the group (and lets it sign in to
the staff pages). Rows the role may see are narrowed further by units.access.

The administrator role is meant for the province's system administrators: it edits the catalog,
organisations and staff. Supervisors and leaders read the catalog and organisations; counter
officers and specialists read the catalog. Later capabilities add their own permissions here.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from units.models import StaffRole

APPS = ("catalog", "units")
ROLE_PERMISSIONS = {
    StaffRole.Role.ADMINISTRATOR: {"apps": APPS, "actions": ("view", "add", "change", "delete")},
    StaffRole.Role.SUPERVISOR: {"apps": APPS + ("feedback", "sync"), "actions": ("view",)},
    StaffRole.Role.LEADER: {"apps": APPS + ("feedback", "sync"), "actions": ("view",)},
    StaffRole.Role.SPECIALIST: {"apps": ("catalog",), "actions": ("view",)},
    StaffRole.Role.COUNTER_OFFICER: {"apps": ("catalog",), "actions": ("view",)},
}


def group_name(role):
    return f"motcua:{role}"


def sync_role_groups(**kwargs):
    """Create or update one group per role with the permissions of ROLE_PERMISSIONS."""
    for role, rule in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name(role))
        actions = Q()
        for action in rule["actions"]:
            actions |= Q(codename__startswith=f"{action}_")
        group.permissions.set(
            Permission.objects.filter(actions, content_type__app_label__in=rule["apps"])
        )


def sync_user_groups(user):
    """Put the account in exactly the groups of the roles it holds."""
    held = {group_name(role) for role in StaffRole.objects.filter(user=user).values_list("role", flat=True)}
    role_groups = Group.objects.filter(name__startswith="motcua:")
    user.groups.remove(*role_groups.exclude(name__in=held))
    user.groups.add(*role_groups.filter(name__in=held))
    if held and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
