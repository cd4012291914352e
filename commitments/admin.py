from django.contrib import admin

from commitments.models import Commitment, CommitmentSettings, FollowUpNote, Reminder


@admin.register(CommitmentSettings)
class CommitmentSettingsAdmin(admin.ModelAdmin):
    list_display = ["cohort", "is_open", "needs_approval"]
    list_filter = ["is_open", "needs_approval"]


class FollowUpNoteInline(admin.TabularInline):
    model = FollowUpNote
    extra = 0
    raw_id_fields = ["author"]


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["due_date", "sent_to", "sent_at", "expires_at", "used_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["text", "cohort", "kind", "status", "due_date", "moderation"]
    list_filter = ["kind", "status", "moderation", "cohort"]
    search_fields = ["text", "display_name", "email"]
    raw_id_fields = ["participant"]
    inlines = [FollowUpNoteInline, ReminderInline]
