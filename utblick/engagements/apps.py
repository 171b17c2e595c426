from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "utblick.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        from utblick.core import navigation

        navigation.register(30, _("Engagements"), "engagements:engagement_list")
        navigation.register(40, _("Partners"), "engagements:partner_list")
