from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "utblick.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from utblick.core import navigation

        navigation.register(10, _("Units"), "organisations:unit_list")
        navigation.register(20, _("People"), "organisations:person_list")
