"""The scanning desk's API routes; ``utblick.api.urls`` registers every app's ``ROUTES``."""

from utblick.api.routes import ORGANISATION, Route

from .views import ItemViewSet, WatchProfileViewSet

ROUTES = [
    Route(f"{ORGANISATION}/watch-items", ItemViewSet, "watchitem"),
    Route(f"{ORGANISATION}/watch-profiles", WatchProfileViewSet, "watchprofile"),
]
