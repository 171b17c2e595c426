from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("followup/", views.DashboardView.as_view(), name="dashboard"),
    path("followup/deviations/", views.DeviationListView.as_view(), name="deviation_list"),
    path("followup/settings/", views.SettingsView.as_view(), name="settings"),
    path("followup/compare/", views.ComparisonView.as_view(), name="comparison"),
    path("reports/", views.ReportView.as_view(), name="reports"),
    path("reports/download.<str:format>", views.ReportDownloadView.as_view(), name="report_download"),
    path("reports/conclusions/", views.ConclusionsView.as_view(), name="report_conclusions"),
]
