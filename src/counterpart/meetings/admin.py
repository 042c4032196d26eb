from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from counterpart.meetings.models import Attendance, Decision, Figure, Meeting


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("person",)


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "kind", "number", "pairing")
    list_filter = ("kind",)
    search_fields = ("title", "title_en", "place")
    date_hierarchy = "date"
    raw_id_fields = ("pairing", "host", "parent", "place_region")
    inlines = [AttendanceInline, DecisionInline, FigureInline]
