from django.contrib import admin

from utblick.core.admin import ReadOnlyAdmin, ServiceAdmin

from .models import ImportRun, Item, Source, WatchProfile


@admin.register(Source)
class SourceAdmin(ServiceAdmin):
    """Shared sources (no organisation) are kept here by the system administrator."""

    list_display = ["name", "organisation", "kind", "file_format", "is_active", "last_checked_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["identifier", "title", "source", "kind", "status", "closes_on"]
    list_filter = ["kind", "status"]
    search_fields = ["identifier", "title"]
    list_select_related = ["source"]
    raw_id_fields = ["source"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["source", "created_at", "state", "new", "updated", "unchanged", "rejected"]
    list_filter = ["state", "kind"]
    list_select_related = ["source"]
    raw_id_fields = ["source", "started_by"]


@admin.register(WatchProfile)
class WatchProfileAdmin(ReadOnlyAdmin):
    list_display = ["unit"]
    raw_id_fields = ["unit"]
    filter_horizontal = ["directions", "themes"]
