from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "utblick.strategies"
    label = "strategies"
    verbose_name = _("Strategies")

    def ready(self) -> None:
        from utblick.core import navigation
        from utblick.organisations import register_stamps

        from . import models

        # The strategy as reports and the register's filters read it (docs/adr/0027).
        register_stamps.follow(
            models.Strategy,
            models.StrategyOwnership,
            models.StrategyVersion,
            models.GoverningDocument,
            models.Direction,
            models.Goal,
            models.Dimension,
            models.Theme,
            models.Indicator,
            models.RuleSetting,
            models.StrategyReview,
        )

        navigation.register(5, _("Strategy"), "strategies:strategy")
