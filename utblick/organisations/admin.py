from django.contrib import admin

from utblick.core.admin import ReadOnlyAdmin, ServiceAdmin

from .models import Membership, Organisation, Person, Unit, UnitRole


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "slug", "kind", "is_active", "public_pages_enabled"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "kind", "parent", "is_active"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "kind", "title"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "email"]


@admin.register(UnitRole)
class UnitRoleAdmin(ReadOnlyAdmin):
    list_display = ["person", "unit", "role", "starts_on", "ends_on"]
    list_filter = ["role", "unit__organisation"]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    filter_horizontal = ["units"]
    search_fields = ["user__email"]
