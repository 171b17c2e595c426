from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "utblick.core"
    label = "core"
    verbose_name = _("Core")


# Django strings newer than Django's own Swedish catalogue; translated in ours.
DJANGO_STRINGS = [_("- Select an option -")]
