from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """The system administrator sees every token (never a secret) and can revoke a leaked one."""

    list_display = ["name", "user", "display_prefix", "created_at", "expires_on", "last_used", "revoked_at"]
    list_filter = ["revoked_at", "expires_on"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "name", "prefix", "expires_on", "last_used", "revoked_at", "created_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are made by their users, who alone see the secret

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            services.api_token_revoke(token=token, user=request.user)
        messages.success(request, _("The tokens were revoked."))
