"""The organisations app's API routes; ``utblick.api.urls`` registers every app's ``ROUTES``."""

from utblick.api.routes import ORGANISATION, Route

from .views import OrganisationViewSet, PersonViewSet, UnitRoleViewSet, UnitViewSet

ROUTES = [
    Route("organisations", OrganisationViewSet, "organisation"),
    Route(f"{ORGANISATION}/units", UnitViewSet, "unit"),
    Route(f"{ORGANISATION}/people", PersonViewSet, "person"),
    Route(f"{ORGANISATION}/roles", UnitRoleViewSet, "unitrole"),
]
