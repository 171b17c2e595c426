"""``/api/``: the versioned API (``v1/``), its OpenAPI schema and its documentation page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .routes import build_router

router = build_router()

app_name = "api"

v1 = [
    path("", include(router.urls)),
    path("schema/", login_not_required(SpectacularAPIView.as_view(api_version="1")), name="schema"),
    path("docs/", views.ApiDocsView.as_view(), name="docs"),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
]
