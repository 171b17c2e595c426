from utblick.api.routes import ORGANISATION, Route

from .views import DeviationViewSet, IndicatorViewSet, ReportBuildViewSet

ROUTES = [
    Route(f"{ORGANISATION}/deviations", DeviationViewSet, "deviation"),
    Route(f"{ORGANISATION}/indicators", IndicatorViewSet, "indicator"),
    Route(f"{ORGANISATION}/reports", ReportBuildViewSet, "reportbuild"),
]
