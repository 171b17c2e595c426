from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "utblick.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from . import audit, authentication, schema  # noqa: F401 - register their drf-spectacular extensions

        pre_create_historical_record.connect(audit.stamp_historical_record, dispatch_uid="utblick-api-audit")
