"""The Department of Home Affairs edits frameworks here until the framework pages exist: areas
with their criteria, criteria with their sub-criteria; a framework that does not add up to 100
or lacks what a rule needs is named with its problems on save."""

from django.contrib import admin, messages

from reform.actions import problems
from reform.models import Area, Criterion, Framework, SubCriterion


def warn_problems(request, framework):
    """What keeps the framework from being used, as warnings after a save (reform.actions)."""
    for code, reason in problems(framework):
        messages.warning(request, f"{code}: {reason}" if code else reason)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["year", "unit_type", "name"]
    list_filter = ["unit_type", "year"]
    inlines = [AreaInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_problems(request, form.instance)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "name"]
    list_filter = ["framework"]
    inlines = [CriterionInline]


class SubCriterionInline(admin.StackedInline):
    model = SubCriterion
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["area", "number", "name"]
    list_filter = ["area__framework"]
    inlines = [SubCriterionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_problems(request, form.instance.area.framework)
