from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "utblick.strategies"
    label = "strategies"
    verbose_name = _("Strategies")

    def ready(self) -> None:
        from utblick.core import navigation

        navigation.register(5, _("Strategy"), "strategies:strategy")
