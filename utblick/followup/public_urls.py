from django.urls import path

from utblick.network import views as network

from . import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:org>/", public.organisation_page, name="organisation"),
    path("<slug:org>/engagements/<int:pk>/", public.engagement_page, name="engagement"),
    path("<slug:org>/open-data.<str:file_format>", public.open_data, name="open_data"),
    path("<slug:org>/decidim-results.csv", public.decidim_results, name="decidim"),
    path("<slug:org>/partners.json", network.public_feed, name="partners_feed"),
    path("<slug:org>/map/", public.partner_map, name="partner_map"),
]
