from django.contrib import admin

from units.access import agencies_for_user, service_centers_for_user, visible_agency_ids
from units.models import AdministrativeUnit, Agency, ServiceCenter, StaffRole


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "division_type", "parent"]
    list_filter = ["level", "division_type"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]


class ScopedAdmin(admin.ModelAdmin):
    """Staff who are not superusers only see the organisations in their scope."""


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    raw_id_fields = ["unit", "parent"]

    def get_queryset(self, request):
        return agencies_for_user(request.user).select_related("unit")


@admin.register(ServiceCenter)
class ServiceCenterAdmin(ScopedAdmin):
    list_display = ["code", "name", "unit", "agency", "is_active"]
    search_fields = ["name", "code"]
    raw_id_fields = ["unit", "agency"]

    def get_queryset(self, request):
        return service_centers_for_user(request.user).select_related("unit", "agency")


@admin.register(StaffRole)
class StaffRoleAdmin(ScopedAdmin):
    list_display = ["user", "role", "agency", "service_center", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    raw_id_fields = ["user", "agency", "service_center"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user", "agency", "service_center")
        ids = visible_agency_ids(request.user)
        return qs if ids is None else qs.filter(agency_id__in=ids)
