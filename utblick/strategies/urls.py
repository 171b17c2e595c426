from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("strategy/", views.StrategyDetailView.as_view(), name="strategy"),
    path("strategy/export/", views.StrategyExportView.as_view(), name="export"),
    path("strategy/import/", views.StrategyImportView.as_view(), name="import"),
    path("strategy/compare/", views.VersionCompareView.as_view(), name="version_compare"),
    path("strategy/versions/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path("strategy/versions/<int:pk>/copy/", views.VersionCopyView.as_view(), name="version_copy"),
    path("strategy/versions/<int:pk>/directions/add/", views.DirectionCreateView.as_view(), name="direction_add"),
    path("strategy/directions/<int:pk>/edit/", views.DirectionEditView.as_view(), name="direction_edit"),
    path("strategy/directions/<int:pk>/goals/add/", views.GoalCreateView.as_view(), name="goal_add"),
    path("strategy/goals/<int:pk>/edit/", views.GoalEditView.as_view(), name="goal_edit"),
    path("strategy/goals/<int:pk>/delete/", views.GoalDeleteView.as_view(), name="goal_delete"),
    path("strategy/reviews/add/", views.ReviewCreateView.as_view(), name="review_add"),
    path("strategy/versions/<int:pk>/dimensions/add/", views.DimensionCreateView.as_view(), name="dimension_add"),
    path("strategy/dimensions/<int:pk>/edit/", views.DimensionEditView.as_view(), name="dimension_edit"),
    path("strategy/dimensions/<int:pk>/themes/add/", views.ThemeCreateView.as_view(), name="theme_add"),
    path("strategy/versions/<int:pk>/rules/add/", views.RuleSettingCreateView.as_view(), name="rule_add"),
    path("strategy/rules/<int:pk>/edit/", views.RuleSettingEditView.as_view(), name="rule_edit"),
    path("strategy/documents/add/", views.GoverningDocumentCreateView.as_view(), name="document_add"),
    path("strategy/documents/<int:pk>/edit/", views.GoverningDocumentEditView.as_view(), name="document_edit"),
    path("strategy/from-document/", views.DocumentImportCreateView.as_view(), name="document_import_add"),
    path("strategy/from-document/<int:pk>/", views.DocumentImportView.as_view(), name="document_import"),
    path(
        "strategy/from-document/<int:pk>/discard/",
        views.DocumentImportDeleteView.as_view(),
        name="document_import_delete",
    ),
]
