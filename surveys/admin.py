"""The Department of Home Affairs edits the questionnaire here: its factors and questions.
Rounds, invitations and answers are kept out of the admin: answers are anonymous, and a
round's sample is drawn by surveys.actions, never edited by hand."""

from django.contrib import admin

from surveys.models import Factor, Question, Questionnaire


class FactorInline(admin.TabularInline):
    model = Factor
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "satisfied_from", "created_at"]
    inlines = [FactorInline, QuestionInline]
