from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, Person, Unit, UnitRole


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "is_active", "public_pages_enabled"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "kind", "parent", "is_active"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "kind", "title"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "email"]


@admin.register(UnitRole)
class UnitRoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "unit", "role", "starts_on", "ends_on"]
    list_filter = ["role", "unit__organisation"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    filter_horizontal = ["units"]
    search_fields = ["user__email"]
