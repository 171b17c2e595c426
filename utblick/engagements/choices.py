from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROJECT = "project", _("project or application")
    MEMBERSHIP = "membership", _("membership")
    AGREEMENT = "agreement", _("agreement")
    VISIT = "visit", _("visit")
    TRIP = "trip", _("trip")
    TRAINING = "training", _("training")
    REPRESENTATION = "representation", _("representation")
    ADVOCACY = "advocacy", _("advocacy")

    @property
    def new_label(self) -> str:
        """The heading "New visit": one phrase per kind, as Swedish nouns differ in gender ("nytt besök", "ny resa")."""
        return str(KIND_NEW_LABELS[self])

    @property
    def plural_label(self) -> str:
        """The kind as a list of several ("Resor"), for list headings and imports."""
        return str(KIND_PLURAL_LABELS[self])


KIND_NEW_LABELS = {
    Kind.PROJECT: _("New project or application"),
    Kind.MEMBERSHIP: _("New membership"),
    Kind.AGREEMENT: _("New agreement"),
    Kind.VISIT: _("New visit"),
    Kind.TRIP: _("New trip"),
    Kind.TRAINING: _("New training"),
    Kind.REPRESENTATION: _("New representation"),
    Kind.ADVOCACY: _("New advocacy"),
}
KIND_PLURAL_LABELS = {
    Kind.PROJECT: _("projects and applications"),
    Kind.MEMBERSHIP: _("memberships"),
    Kind.AGREEMENT: _("agreements"),
    Kind.VISIT: _("visits"),
    Kind.TRIP: _("trips"),
    Kind.TRAINING: _("trainings"),
    Kind.REPRESENTATION: _("representation"),
    Kind.ADVOCACY: _("advocacy"),
}


class Status(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class TargetGroup(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    STAFF = "staff", _("staff")
    STUDENTS = "students", _("students")
    BUSINESSES = "businesses", _("businesses")
    VISITORS = "visitors", _("visitors")


class FundingOutcome(models.TextChoices):
    NOT_INVESTIGATED = "", _("not yet investigated")
    NOT_RELEVANT = "not_relevant", _("not relevant")
    NO_MATCH = "no_match", _("investigated, no match")
    APPLICATION_PLANNED = "application_planned", _("application planned")
    FUNDED = "funded", _("externally funded")


class Confidentiality(models.TextChoices):
    # Not covered by secrecy (OSL); whether it is shown on the public pages is a separate step, publishing.
    OPEN = "", _("not confidential")
    CONFIDENTIAL = "confidential", _("confidential")


class ProjectStage(models.TextChoices):
    IDEA = "idea", _("idea")
    PREPARING = "preparing", _("preparing the application")
    SUBMITTED = "submitted", _("submitted")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")


# Which stage may follow which (VX-9, LN-8); a project may also be withdrawn to "completed" early.
STAGE_TRANSITIONS: dict[str, set[str]] = {
    ProjectStage.IDEA: {ProjectStage.PREPARING},
    ProjectStage.PREPARING: {ProjectStage.SUBMITTED, ProjectStage.IDEA},
    ProjectStage.SUBMITTED: {ProjectStage.GRANTED, ProjectStage.REJECTED},
    ProjectStage.GRANTED: {ProjectStage.ONGOING},
    ProjectStage.REJECTED: {ProjectStage.PREPARING},
    ProjectStage.ONGOING: {ProjectStage.COMPLETED},
    ProjectStage.COMPLETED: set(),
}


class Programme(models.TextChoices):
    INTERREG = "interreg", "Interreg"
    ERASMUS = "erasmus", "Erasmus+"
    HORIZON = "horizon", "Horizon Europe"
    LIFE = "life", "LIFE"
    ESF = "esf", "ESF+"
    CERV = "cerv", "CERV"
    AMIF = "amif", "AMIF"
    CREATIVE_EUROPE = "creative_europe", "Creative Europe"
    SIDA = "sida", "Sida"
    NATIONAL = "national", _("national funding")
    OTHER = "other", _("other")


EU_PROGRAMMES = frozenset(
    {
        Programme.INTERREG,
        Programme.ERASMUS,
        Programme.HORIZON,
        Programme.LIFE,
        Programme.ESF,
        Programme.CERV,
        Programme.AMIF,
        Programme.CREATIVE_EUROPE,
    }
)


class ProjectRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")


class Currency(models.TextChoices):
    SEK = "SEK", "SEK"
    EUR = "EUR", "EUR"


class ArenaLevel(models.TextChoices):
    REGIONAL = "regional", _("regional")
    NATIONAL = "national", _("national")
    INTERNATIONAL = "international", _("international")


class Verdict(models.TextChoices):
    CONTINUE = "continue", _("continue")
    CHANGE = "change", _("change")
    LEAVE = "leave", _("leave")


class AgreementType(models.TextChoices):
    TWIN = "twin", _("twin city (vänort)")
    FRIENDSHIP = "friendship", _("friendship")
    COOPERATION = "cooperation", _("cooperation")
    SISTER = "sister", _("sister city")


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    UNDER_REVIEW = "under_review", _("under review")
    ENDED = "ended", _("ended")


class ExchangeKind(models.TextChoices):
    CULTURAL = "cultural", _("cultural")
    EXPERIENCE = "experience", _("exchange of experience")
    BUSINESS = "business", _("business")
    SCHOOL = "school", _("school")
    PROJECT = "project", _("project")


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("continue")
    RENEGOTIATE = "renegotiate", _("renegotiate")
    END = "end", _("end")


class VisitDirection(models.TextChoices):
    INCOMING = "incoming", _("incoming request")
    OUTGOING = "outgoing", _("outgoing study visit")
    CONFERENCE = "conference", _("hosted conference")


class VisitDecision(models.TextChoices):
    PENDING = "", _("not decided")
    ACCEPT = "accept", _("accept")
    DECLINE = "decline", _("decline")
    REDIRECT = "redirect", _("redirect")


class DirectionFit(models.TextChoices):
    """How well an incoming request serves one direction of the strategy (ST-3)."""

    WELL = "well", _("serves well")
    PARTLY = "partly", _("serves partly")
    NOT = "not", _("does not serve")


class TravelMode(models.TextChoices):
    AIR = "air", _("air")
    RAIL = "rail", _("rail")
    ROAD = "road", _("road")
    SEA = "sea", _("sea")


class Compensation(models.TextChoices):
    NOT_NEEDED = "not_needed", _("not needed")
    PENDING = "pending", _("not yet compensated")
    COMPENSATED = "compensated", _("compensated")


class SeatHolder(models.TextChoices):
    POLITICIAN = "politician", _("elected representative")
    OFFICIAL = "official", _("official")


class BodyKind(models.TextChoices):
    BOARD = "board", _("board")
    COMMITTEE = "committee", _("committee")
    NETWORK = "network", _("network")
    FORUM = "forum", _("temporary forum")


class PartnerKind(models.TextChoices):
    CITY = "city", _("city or municipality")
    REGION = "region", _("region")
    UNIVERSITY = "university", _("university")
    COMPANY = "company", _("company")
    AGENCY = "agency", _("agency or support organisation")
    NETWORK = "network", _("network or association")
    MEP = "mep", _("member of the European Parliament")
    OTHER = "other", _("other")


class Placement(models.TextChoices):
    """How a partner got its coordinates."""

    NONE = "", _("not placed")
    GAZETTEER = "gazetteer", _("looked up by name")
    MANUAL = "manual", _("entered by hand")


class RegionGroup(models.TextChoices):
    NORDIC = "nordic", _("Nordic countries")
    EU = "eu", _("EU")
    WORLD = "world", _("rest of the world")
