"""Supervisors read ratings and petitions in the admin too; changes go through the pages and
the API (feedback.petitions), which keep the deadlines and the history."""

from django.contrib import admin

from feedback.models import Petition, PetitionEvent, Rating
from units.access import visible_agency_ids


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = visible_agency_ids(request.user)
        return qs if ids is None else qs.filter(agency_id__in=ids)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ScopedAdmin):
    list_display = ["created_at", "dossier", "agency", "channel", "overall"]
    list_filter = ["channel", "overall"]
    date_hierarchy = "created_at"


class EventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "to_status", "actor_name", "note"]
    readonly_fields = fields


@admin.register(Petition)
class PetitionAdmin(ScopedAdmin):
    list_display = ["code", "title", "agency", "status", "due_at", "on_time"]
    list_filter = ["status", "kind", "subject"]
    search_fields = ["code", "title"]
    inlines = [EventInline]
