from django.contrib import admin

from opendata.models import Access, Dataset, Version


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["number", "format", "filename", "rows_count", "note", "created_at", "rows_kept"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "access", "status", "theme", "modified_at"]
    list_filter = ["status", "access", "theme"]
    search_fields = ["title", "name"]
    readonly_fields = ["uid", "source", "created_at", "modified_at", "issued_at", "approved_by"]
    inlines = [VersionInline]


@admin.register(Access)
class AccessAdmin(admin.ModelAdmin):
    list_display = ["at", "dataset", "user", "agency", "what"]
    list_filter = ["what"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
