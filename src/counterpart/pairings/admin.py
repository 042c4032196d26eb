from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from counterpart.pairings.models import Pairing, ScopeGrant


@admin.register(Pairing)
class PairingAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "level", "programme", "start_date", "parent")
    list_filter = ("level", "programme")
    raw_id_fields = ("helper_region", "helped_region", "helper_org", "helped_org", "parent")
    readonly_fields = ("path",)


@admin.register(ScopeGrant)
class ScopeGrantAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "pairing", "side", "organization")
    list_filter = ("role", "side")
    raw_id_fields = ("user", "pairing", "organization")
