from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "utblick.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from utblick.core import navigation

        from . import register_stamps
        from .models import Unit

        register_stamps.follow(Unit)  # units name the rows of reports and the register's unit filter

        navigation.register(10, _("Units"), "organisations:unit_list")
        navigation.register(20, _("People"), "organisations:person_list")
