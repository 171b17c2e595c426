from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "utblick.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from utblick.core import changes

        from . import evaluation, evaluators, evaluators_engagements  # noqa: F401 - registers the evaluators

        changes.listen(evaluation.on_change)

        from utblick.organisations import register_stamps

        from .models import Deviation, MandateReviewDraft

        register_stamps.follow(Deviation, MandateReviewDraft)  # what reports say of the rules and the review

        from utblick.core import navigation, panels

        from .views import engagement_panel, organisation_panel, unit_panel

        navigation.register(60, _("Follow-up"), "followup:dashboard")
        navigation.register(70, _("Reports"), "followup:reports")
        panels.register("unit", 50, "followup/unit_panel.html", unit_panel)
        panels.register("organisation", 10, "followup/organisation_panel.html", organisation_panel)
        panels.register("engagement", 10, "followup/engagement_panel.html", engagement_panel)
