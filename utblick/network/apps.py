from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "utblick.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from utblick.core import changes, navigation, panels

        post_migrate.connect(_ensure_fulltext, sender=self)

        from . import services, views

        changes.listen(services.on_change)
        navigation.register(45, _("Partner search"), "network:search")
        panels.register("engagement", 30, "network/engagement_panel.html", views.engagement_panel)
        panels.register("watch_item", 10, "network/item_panel.html", views.item_panel)
        panels.register("watch_desk", 10, "network/desk_panel.html", views.desk_panel)


def _ensure_fulltext(using: str = "default", **kwargs: object) -> None:
    """SQLite rebuilds a table to alter it, which drops the search triggers; put them back."""
    from django.db import connections

    from utblick.core import fulltext
    from utblick.network.search import RECORD_INDEX

    fulltext.ensure(RECORD_INDEX, connections[using])
