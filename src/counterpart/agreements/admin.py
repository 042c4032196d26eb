from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from counterpart.agreements.models import Agreement, AgreementParty, Milestone, ProgressReport


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    raw_id_fields = ("organization",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "sector", "status", "signed_date", "pairing")
    list_filter = ("kind", "sector", "status")
    search_fields = ("title", "title_en", "title_ja")
    raw_id_fields = ("pairing", "meeting")
    inlines = [PartyInline, MilestoneInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "reported_on", "year", "month", "value", "review_status", "reporter")
    raw_id_fields = ("agreement", "reporter", "reviewed_by")

    def has_delete_permission(self, request, obj=None):
        return False  # ledger data is never hard-deleted
