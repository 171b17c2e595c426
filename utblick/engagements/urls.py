from django.urls import path

from . import assessment_views, import_views, partner_views, views, visit_reply

app_name = "engagements"

urlpatterns = [
    path("engagements/", views.EngagementListView.as_view(), name="engagement_list"),
    path("engagements/export/", views.EngagementExportView.as_view(), name="engagement_export"),
    path("engagements/kind/<slug:kind>/", views.EngagementListView.as_view(), name="kind_list"),
    path("engagements/add/<slug:kind>/", views.EngagementCreateView.as_view(), name="engagement_add"),
    path("engagements/import/<slug:kind>/", import_views.EngagementImportView.as_view(), name="import"),
    path("engagements/import/<slug:kind>/template/", import_views.ImportTemplateView.as_view(), name="import_template"),
    path("engagements/imports/<int:pk>/", import_views.EngagementImportJobView.as_view(), name="import_job"),
    path("engagements/<int:pk>/", views.EngagementDetailView.as_view(), name="engagement"),
    path("engagements/<int:pk>/edit/", views.EngagementEditView.as_view(), name="engagement_edit"),
    path("engagements/<int:pk>/delete/", views.EngagementDeleteView.as_view(), name="engagement_delete"),
    path("engagements/<int:pk>/publish/", views.EngagementPublishView.as_view(), name="engagement_publish"),
    path("engagements/<int:pk>/unpublish/", views.EngagementUnpublishView.as_view(), name="engagement_unpublish"),
    path("engagements/<int:pk>/reply.docx", visit_reply.VisitReplyView.as_view(), name="visit_reply"),
    path(
        "engagements/<int:pk>/assessment/",
        assessment_views.VisitAssessmentEditView.as_view(),
        name="visit_assessment",
    ),
    path(
        "engagements/<int:pk>/assessment/history/",
        assessment_views.VisitAssessmentHistoryView.as_view(),
        name="visit_assessment_history",
    ),
    path("engagements/<int:pk>/history/", views.EngagementHistoryView.as_view(), name="engagement_history"),
    path("engagements/<int:pk>/evaluations/add/", views.EvaluationCreateView.as_view(), name="evaluation_add"),
    path("engagements/<int:pk>/exchanges/add/", views.ExchangeCreateView.as_view(), name="exchange_add"),
    path("engagements/<int:pk>/reviews/add/", views.AgreementReviewCreateView.as_view(), name="agreement_review_add"),
    path("engagements/<int:pk>/legs/add/", views.TripLegCreateView.as_view(), name="leg_add"),
    path("engagements/<int:pk>/attachments/add/", views.AttachmentCreateView.as_view(), name="attachment_add"),
    path(
        "engagements/<int:engagement>/evaluations/<int:pk>/edit/",
        views.EvaluationEditView.as_view(),
        name="evaluation_edit",
    ),
    path(
        "engagements/<int:engagement>/evaluations/<int:pk>/delete/",
        views.EvaluationDeleteView.as_view(),
        name="evaluation_delete",
    ),
    path(
        "engagements/<int:engagement>/exchanges/<int:pk>/edit/", views.ExchangeEditView.as_view(), name="exchange_edit"
    ),
    path(
        "engagements/<int:engagement>/exchanges/<int:pk>/delete/",
        views.ExchangeDeleteView.as_view(),
        name="exchange_delete",
    ),
    path(
        "engagements/<int:engagement>/reviews/<int:pk>/edit/",
        views.AgreementReviewEditView.as_view(),
        name="agreement_review_edit",
    ),
    path(
        "engagements/<int:engagement>/reviews/<int:pk>/delete/",
        views.AgreementReviewDeleteView.as_view(),
        name="agreement_review_delete",
    ),
    path("engagements/<int:engagement>/legs/<int:pk>/edit/", views.TripLegEditView.as_view(), name="leg_edit"),
    path("engagements/<int:engagement>/legs/<int:pk>/delete/", views.TripLegDeleteView.as_view(), name="leg_delete"),
    path("attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("engagements/<int:pk>/resources/add/", views.BudgetLineCreateView.as_view(), name="budget_line_add"),
    path("resources/<int:pk>/edit/", views.BudgetLineEditView.as_view(), name="budget_line_edit"),
    path("resources/<int:pk>/delete/", views.BudgetLineDeleteView.as_view(), name="budget_line_delete"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("partners/", partner_views.PartnerListView.as_view(), name="partner_list"),
    path("partners/add/", partner_views.PartnerCreateView.as_view(), name="partner_add"),
    path("partners/map/", partner_views.PartnerMapView.as_view(), name="partner_map"),
    path("partners/<int:pk>/", partner_views.PartnerDetailView.as_view(), name="partner"),
    path("partners/<int:pk>/edit/", partner_views.PartnerEditView.as_view(), name="partner_edit"),
]
