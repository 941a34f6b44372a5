from django.contrib import admin

from directives.models import Directive, Extension, MonthlyKPI, Task, TaskEvent, UnitTaskScore


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "kind", "title", "issuer"]
    list_filter = ["kind", "issuer"]
    search_fields = ["number", "title"]


class EventInline(admin.TabularInline):
    model = TaskEvent
    extra = 0
    can_delete = False
    readonly_fields = ["seq", "action", "from_status", "to_status", "actor_name", "role",
                       "agency", "at", "note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False  # events are appended by the actions only


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "lead", "status", "due_at", "progress"]
    list_filter = ["status", "category", "priority"]
    search_fields = ["code", "content"]
    raw_id_fields = ["parent", "series", "assignee", "assigned_by"]
    readonly_fields = ["status", "due_at", "original_due_at", "warn_at", "warned_at",
                       "next_reminder_at", "overdue_since", "completed_at", "closed_at"]
    inlines = [EventInline]


admin.site.register(Extension)
admin.site.register(UnitTaskScore)
admin.site.register(MonthlyKPI)
