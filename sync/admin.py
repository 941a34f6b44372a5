"""Supervisors read the sync state in the admin and send failed dossiers again (the same
retry as /can-bo/dong-bo/)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sync import outbox
from sync.models import DossierSync, SyncMessage
from sync.views import may_retry
from units.access import visible_agency_ids


class MessageInline(admin.TabularInline):
    model = SyncMessage
    fk_name = "dossier"
    extra = 0
    can_delete = False
    fields = ["seq", "kind", "version", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-seq")


@admin.register(DossierSync)
class DossierSyncAdmin(admin.ModelAdmin):
    list_display = ["dossier", "state", "version", "synced_at", "failed_at", "last_error"]
    list_filter = ["state"]
    search_fields = ["dossier__code"]
    readonly_fields = ["dossier", "state", "version", "created_remote", "synced_at",
                       "failed_at", "last_error"]
    exclude = ["next_seq", "payload_hash"]
    actions = ["send_again"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("dossier")
        ids = visible_agency_ids(request.user)
        return qs if ids is None else qs.filter(dossier__agency_id__in=ids)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again to the national portal"))
    def send_again(self, request, queryset):
        if not may_retry(request.user):
            self.message_user(request, _("Only supervisors and leaders send again."),
                              messages.ERROR)
            return
        count = 0
        for state in queryset.exclude(state=DossierSync.State.SYNCED):
            outbox.retry(state.dossier)
            count += 1
        self.message_user(request, _("%(n)d dossiers will be sent again.") % {"n": count})
