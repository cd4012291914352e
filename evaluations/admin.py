from django.contrib import admin

from evaluations.models import ItemTemplate, Response, ResponseImport, Survey, SurveyTemplate


class ItemTemplateInline(admin.StackedInline):
    model = ItemTemplate
    extra = 0


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    """A workshop's default surveys, copied into each new cohort."""

    list_display = ["workshop", "phase"]
    inlines = [ItemTemplateInline]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["cohort", "title", "phase", "status", "opens_at", "closes_at"]
    list_filter = ["status", "phase"]
    search_fields = ["cohort__name", "title"]


@admin.register(ResponseImport)
class ResponseImportAdmin(admin.ModelAdmin):
    list_display = ["survey", "file_name", "row_count", "created_at"]
    readonly_fields = ["sha256"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "source", "created_at", "updated_at"]
    list_filter = ["source"]
    readonly_fields = ["survey", "participant", "submission_token", "source", "response_import"]

    def has_delete_permission(self, request, obj=None):
        # Deleting one response here would leave its answers in the kept totals (docs/adr/0040).
        return False
