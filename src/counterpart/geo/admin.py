from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from counterpart.core.admin import AliasInline
from counterpart.geo.models import Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "level", "parent", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name", "name_en", "name_ja", "name_zh_hant")
    raw_id_fields = ("parent", "successor")
    # 665k regions with the national tree: no second count of the whole table under a search.
    show_full_result_count = False
    list_select_related = ("parent",)
    inlines = [AliasInline]
