from django.contrib import admin

from workshops.forms import BaseSessionFormSet
from workshops.models import Cohort, LearningAim, Session, Workshop


class LearningAimInline(admin.TabularInline):
    model = LearningAim
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LearningAimInline]


class SessionInline(admin.TabularInline):
    model = Session
    # The same checks as the facilitator's page, so a superuser cannot save overlapping sessions.
    formset = BaseSessionFormSet
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "workshop", "organisation", "status", "join_code"]
    list_filter = ["workshop", "is_cancelled", "is_test", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "organisation", "join_code", "slug"]
    filter_horizontal = ["facilitators"]
    readonly_fields = ["join_code"]
    inlines = [SessionInline]
