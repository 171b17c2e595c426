"""How apps declare their API routes, and the one router that serves them under ``/api/v1/``.

Each app lists ``ROUTES`` in ``<app>/api/urls.py``; the router takes them in ``INSTALLED_APPS``
order, so a new app's endpoints need only that module (see docs/api.md).
"""

import importlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from rest_framework import routers

# Resources of one organisation live under its slug, as the pages live under /o/<slug>/.
ORGANISATION = r"organisations/(?P<organisation_slug>[-a-zA-Z0-9_]+)"
ENGAGEMENT = rf"{ORGANISATION}/engagements/(?P<engagement_pk>[0-9]+)"


@dataclass(frozen=True)
class Route:
    prefix: str
    viewset: Any
    basename: str


class ApiRootView(routers.APIRootView):
    """The entry point of /api/v1/: the organisations, from which every other address follows."""

    @classmethod
    def as_view(cls, *args: Any, **kwargs: Any) -> Any:
        view = super().as_view(*args, **kwargs)
        view.login_required = False  # DRF answers unauthenticated calls itself (401)
        return view


class Router(routers.DefaultRouter):
    include_format_suffixes = False
    APIRootView = ApiRootView


def app_routes() -> list[Route]:
    routes: list[Route] = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("utblick.") or app == "utblick.api":
            continue
        try:
            module = importlib.import_module(f"{app}.api.urls")
        except ModuleNotFoundError as error:
            if error.name in (f"{app}.api", f"{app}.api.urls"):
                continue
            raise
        routes.extend(module.ROUTES)
    return routes


def build_router() -> Router:
    router = Router()
    for route in app_routes():
        router.register(route.prefix, route.viewset, basename=route.basename)
    return router
