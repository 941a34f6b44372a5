from django.contrib import admin

from assistant.models import Asked, Faq


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    list_display = ["question", "procedure", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["procedure"]


@admin.register(Asked)
class AskedAdmin(admin.ModelAdmin):
    list_display = ["at", "text", "intent", "procedure_code", "confidence", "answered",
                    "channel"]
    list_filter = ["answered", "intent", "channel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
