from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "utblick.privacy"
    label = "privacy"
    verbose_name = _("Personal data and retention")

    def ready(self) -> None:
        from utblick.core import navigation, panels

        from .permissions import may_manage_personal_data
        from .views import notice_panel, person_panel

        navigation.register(80, _("Data protection"), "privacy:index", visible=may_manage_personal_data)
        panels.register("person", 10, "privacy/person_panel.html", person_panel)
        panels.register("privacy_notice", 10, "privacy/notice_panel.html", notice_panel)
