from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Administrative units and organisations")

    def ready(self):
        from motcua.memo import invalidate_on
        from units import roles
        from units.models import AdministrativeUnit, Agency, ServiceCenter, StaffRole

        # Runs after each app's migrations (no sender filter): the last run sees the
        # permissions of every app, whatever their order in INSTALLED_APPS.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="units-role-groups")
        post_save.connect(_role_changed, sender=StaffRole, dispatch_uid="units-role-saved")
        post_delete.connect(_role_changed, sender=StaffRole, dispatch_uid="units-role-deleted")
        invalidate_on(AdministrativeUnit, Agency, ServiceCenter)


def _role_changed(sender, instance, **kwargs):
    from units.roles import sync_user_groups

    sync_user_groups(instance.user)
