from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "utblick.watch"
    label = "watch"
    verbose_name = _("Environmental scanning")

    def ready(self) -> None:
        post_migrate.connect(_ensure_fulltext, sender=self)
        from utblick.core import navigation, panels

        from .views import engagement_panel, unit_panel

        navigation.register(50, _("Scanning"), "watch:overview")
        panels.register("engagement", 20, "watch/engagement_panel.html", engagement_panel)
        panels.register("unit", 40, "watch/unit_panel.html", unit_panel)


def _ensure_fulltext(using: str = "default", **kwargs: object) -> None:
    """SQLite rebuilds a table to alter it, which drops the search triggers; put them back."""
    from utblick.core import fulltext
    from utblick.watch.search import TERMS_INDEX

    fulltext.ensure(TERMS_INDEX, connections[using])
