from .assessments import Grade, VisitAssessment
from .bulk import EngagementImport
from .engagement import Attachment, BudgetLine, Engagement, EngagementQuerySet, counted_in_year
from .kinds import (
    KIND_MODELS,
    Advocacy,
    Agreement,
    AgreementReview,
    Evaluation,
    Exchange,
    NetworkMembership,
    Project,
    ProjectStageChange,
    Representation,
    Training,
    Visit,
)
from .partners import Partner, city_coordinates, country_name, region_group_of
from .trips import DEFAULT_FACTOR_SET, EmissionFactorSet, Trip, TripLeg, great_circle_km

KIND_MODELS["trip"] = Trip

__all__ = [
    "DEFAULT_FACTOR_SET",
    "KIND_MODELS",
    "Advocacy",
    "Agreement",
    "AgreementReview",
    "Attachment",
    "BudgetLine",
    "EmissionFactorSet",
    "Engagement",
    "EngagementImport",
    "EngagementQuerySet",
    "Evaluation",
    "Exchange",
    "Grade",
    "NetworkMembership",
    "Partner",
    "Project",
    "ProjectStageChange",
    "Representation",
    "Training",
    "Trip",
    "TripLeg",
    "Visit",
    "VisitAssessment",
    "city_coordinates",
    "counted_in_year",
    "country_name",
    "great_circle_km",
    "region_group_of",
]
