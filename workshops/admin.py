from django.contrib import admin

from workshops.forms import BaseSessionFormSet
from workshops.models import Cohort, LearningAim, Programme, Session, Workshop


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


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """Who belongs to which programme: its leads see its cohorts, its facilitators run them."""

    list_display = ["name", "run_with"]
    search_fields = ["name", "run_with"]
    filter_horizontal = ["members"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "workshop", "organisation", "status", "join_code"]
    list_filter = [
        "programme",
        "workshop",
        "is_cancelled",
        "is_test",
        ("archived_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "organisation", "join_code", "slug"]
    filter_horizontal = ["facilitators"]
    readonly_fields = ["join_code"]
    inlines = [SessionInline]
