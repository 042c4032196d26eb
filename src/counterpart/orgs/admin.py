from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from counterpart.core.admin import AliasInline
from counterpart.orgs.models import Organization, Person, Position


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_en", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name", "name_en", "name_ja", "name_zh_hant")
    raw_id_fields = ("region", "parent")
    inlines = [AliasInline]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_en", "name_ja")
    search_fields = ("name", "name_en", "name_ja", "name_zh_hant")
    inlines = [PositionInline, AliasInline]
