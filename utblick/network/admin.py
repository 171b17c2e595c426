from django.contrib import admin

from .models import FeedToken, Peer


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    """The administrator names the peer installations whose feeds ``partner_harvest`` reads."""

    list_display = ["name", "feed_url", "kind", "is_active", "last_harvest_at", "last_harvest_ok"]
    readonly_fields = ["last_harvest_at", "last_harvest_ok", "last_harvest_message"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    """Tokens are made with ``manage.py network_feed_token NAME`` (shown once); here they are revoked."""

    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "prefix", "created_by", "last_used_at"]
    fields = ["name", "prefix", "created_by", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False
