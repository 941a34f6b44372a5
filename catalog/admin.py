from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.actions import (
    do_apply_decision,
    recompute_abolition,
    record_version,
    refresh_derived,
)
from catalog.formfields import KEY_RE
from catalog.interchange import check_process_total
from catalog.models import (
    Component,
    Fee,
    Field,
    FormField,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    PublicationItem,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


class FormFieldForm(forms.ModelForm):
    class Meta:
        model = FormField
        fields = ["position", "key", "label", "kind", "required", "choices", "help_text",
                  "prefill"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 2, "cols": 24})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("key") and not KEY_RE.match(cleaned["key"]):
            self.add_error("key", _("Start with a lower-case letter; use only lower-case "
                                    "letters without accents, digits and underscores."))
        choices = [c for c in (cleaned.get("choices") or "").splitlines() if c.strip()]
        if cleaned.get("kind") == FormField.Kind.CHOICE and len(choices) < 2:
            self.add_error("choices", _("A choice field needs at least two choices."))
        elif cleaned.get("kind") != FormField.Kind.CHOICE and choices:
            self.add_error("choices", _("Only a choice field has choices."))
        return cleaned


class FormFieldInline(admin.TabularInline):
    model = FormField
    form = FormFieldForm
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class ProcessStepFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        durations = [
            form.cleaned_data["duration"] for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problem = check_process_total(self.instance.processing_time, durations)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:] + ".")


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    extra = 0
    raw_id_fields = ["agency"]


class PublicationItemInline(admin.TabularInline):
    model = PublicationItem
    fk_name = "procedure"
    extra = 0
    raw_id_fields = ["decision", "replaces"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "online_level", "fully_published",
                    "abolished_on", "version"]
    list_filter = ["level", "online_level", "fully_published", "field"]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["agency"]
    filter_horizontal = ["bundled"]
    readonly_fields = ["version", "fully_published", "missing_parts", "created_at", "updated_at"]
    inlines = [ComponentInline, FormFieldInline, FeeInline, LegalBasisInline, ProcessStepInline,
               PublicationItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        procedure = form.instance
        recompute_abolition(procedure)
        refresh_derived(procedure)
        record_version(procedure, source="admin", by=request.user)


class DecisionItemInline(admin.TabularInline):
    model = PublicationItem
    fk_name = "decision"
    extra = 0
    raw_id_fields = ["procedure", "replaces"]


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "signed_on", "effective_on", "publicised_on"]
    search_fields = ["number", "title"]
    date_hierarchy = "signed_on"
    inlines = [DecisionItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        do_apply_decision(form.instance, source="admin", by=request.user)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "source", "decision", "created_by", "created_at"]
    search_fields = ["procedure__code", "procedure__name"]
    readonly_fields = [f.name for f in ProcedureVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.site_header = _("MotCua administration")
admin.site.site_title = _("MotCua")
admin.site.index_title = _("Administration")
