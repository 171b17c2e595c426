from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("followup/", views.DashboardView.as_view(), name="dashboard"),
    path("followup/deviations/", views.DeviationListView.as_view(), name="deviation_list"),
    path("followup/settings/", views.SettingsView.as_view(), name="settings"),
    path("followup/compare/", views.ComparisonView.as_view(), name="comparison"),
]
