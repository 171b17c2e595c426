from django.contrib import admin

from utblick.core.admin import ReadOnlyAdmin, ServiceAdmin

from .models import EmissionFactorSet, Engagement, Partner


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "owner_unit", "kind", "status", "starts_on"]
    list_filter = ["kind", "status", "organisation"]
    search_fields = ["title", "case_number"]
    list_select_related = ["organisation", "owner_unit"]
    raw_id_fields = ["owner_unit", "responsible", "organisation"]
    filter_horizontal = ["directions", "themes", "partners"]


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "kind", "country", "region_group"]
    list_filter = ["kind", "region_group"]
    search_fields = ["name"]


@admin.register(EmissionFactorSet)
class EmissionFactorSetAdmin(ServiceAdmin):
    list_display = ["name", "version", "is_default"]
