from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

from counterpart.core.models import Alias, ApiToken


class AliasInline(GenericTabularInline):
    model = Alias
    extra = 0


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("text", "language", "kind", "content_type", "object_id")
    list_filter = ("language", "kind", "content_type")
    search_fields = ("text",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "created_at", "last_used_at")
