from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from utblick.core import urls as core_urls
from utblick.organisations.views import HomeView

# The start page lists one's organisations, so the organisations app serves it; it keeps its place
# among the site's own pages (``core:home``), since the core imports no app above it.
core_patterns = [path("", HomeView.as_view(), name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("", include((core_patterns, core_urls.app_name))),
    path("accounts/api-tokens/", include("utblick.api.token_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("o/<slug:org>/", include("utblick.organisations.urls")),
    path("o/<slug:org>/", include("utblick.strategies.urls")),
    path("o/<slug:org>/", include("utblick.engagements.urls")),
    path("o/<slug:org>/", include("utblick.watch.urls")),
    path("o/<slug:org>/", include("utblick.network.urls")),
    path("o/<slug:org>/", include("utblick.followup.urls")),
    path("o/<slug:org>/", include("utblick.privacy.urls")),
    path("api/", include("utblick.api.urls")),
    path("feeds/", include("utblick.followup.feed_urls")),
    path("network/", include("utblick.network.feed_urls")),
    path("public/", include("utblick.followup.public_urls")),
]

# Error pages inside the site's layout (utblick/templates/4xx.html, 500.html); unknown addresses
# under /api/ answer JSON, like the API's own errors.
handler400 = "utblick.core.views.bad_request"
handler403 = "utblick.core.views.permission_denied"
handler404 = "utblick.api.views.not_found"
handler500 = "utblick.core.views.server_error"

# Uploads (attachments, strategy documents, call lists) are never served from MEDIA_URL, not even by
# the development server: each is downloaded through its app's view, which checks who is asking.
