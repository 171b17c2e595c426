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
    path("reports/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/builds/", views.ReportBuildStartView.as_view(), name="report_build_start"),
    path("reports/builds/<int:pk>/", views.ReportBuildView.as_view(), name="report_build"),
    path("reports/builds/<int:pk>/download/", views.ReportBuildDownloadView.as_view(), name="report_build_download"),
]
