from utblick.api.routes import ORGANISATION, Route

from .views import PartnerSearchViewSet

ROUTES = [
    Route(f"{ORGANISATION}/partner-search", PartnerSearchViewSet, "partnersearch"),
]
