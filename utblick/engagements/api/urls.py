from utblick.api.routes import ENGAGEMENT, ORGANISATION, Route

from .views import (
    AgreementReviewViewSet,
    BudgetLineViewSet,
    EngagementViewSet,
    EvaluationViewSet,
    ExchangeViewSet,
    PartnerViewSet,
    TripLegViewSet,
    VisitAssessmentViewSet,
)

ROUTES = [
    Route(f"{ORGANISATION}/engagements", EngagementViewSet, "engagement"),
    Route(f"{ENGAGEMENT}/exchanges", ExchangeViewSet, "exchange"),
    Route(f"{ENGAGEMENT}/reviews", AgreementReviewViewSet, "agreementreview"),
    Route(f"{ENGAGEMENT}/evaluations", EvaluationViewSet, "evaluation"),
    Route(f"{ENGAGEMENT}/legs", TripLegViewSet, "tripleg"),
    Route(f"{ENGAGEMENT}/budget-lines", BudgetLineViewSet, "budgetline"),
    Route(f"{ENGAGEMENT}/assessments", VisitAssessmentViewSet, "visitassessment"),
    Route(f"{ORGANISATION}/partners", PartnerViewSet, "partner"),
]
