from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "utblick.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        post_migrate.connect(_ensure_fulltext, sender=self)
        from utblick.organisations import register_stamps

        from . import models

        # What the organisation's figures, reports and register filters read (docs/adr/0027).
        register_stamps.follow(
            models.Engagement,
            *models.KIND_MODELS.values(),
            models.Evaluation,
            models.Exchange,
            models.AgreementReview,
            models.ProjectStageChange,
            models.BudgetLine,
            models.TripLeg,
            models.Partner,
        )
        register_stamps.follow_links(
            models.Engagement.directions,
            models.Engagement.themes,
            models.Engagement.partners,
            models.Engagement.related,
        )
        from utblick.core import navigation

        navigation.register(30, _("Engagements"), "engagements:engagement_list")
        navigation.register(40, _("Partners"), "engagements:partner_list")


def _ensure_fulltext(using: str = "default", **kwargs: object) -> None:
    """SQLite rebuilds a table to alter it, which drops the search triggers; put them back."""
    from utblick.core import fulltext
    from utblick.engagements.search import ENGAGEMENT_INDEX

    fulltext.ensure(ENGAGEMENT_INDEX, connections[using])
