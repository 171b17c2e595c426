from utblick.api.routes import ORGANISATION, Route

from .views import StrategyViewSet

ROUTES = [Route(f"{ORGANISATION}/strategies", StrategyViewSet, "strategy")]
