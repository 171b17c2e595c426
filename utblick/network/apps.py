from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "utblick.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from utblick.core import changes, navigation, panels

        from . import services, views

        changes.listen(services.on_change)
        navigation.register(45, _("Partner search"), "network:search")
        panels.register("engagement", 30, "network/engagement_panel.html", views.engagement_panel)
        panels.register("watch_item", 10, "network/item_panel.html", views.item_panel)
        panels.register("watch_desk", 10, "network/desk_panel.html", views.desk_panel)
