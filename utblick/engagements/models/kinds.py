"""Each kind's own data, one table per kind, joined one-to-one to its ``Engagement``."""

import datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Person

from ..choices import (
    EU_PROGRAMMES,
    STAGE_TRANSITIONS,
    AgreementStatus,
    AgreementType,
    ArenaLevel,
    BodyKind,
    Currency,
    ExchangeKind,
    Programme,
    ProjectRole,
    ProjectStage,
    ReviewDecision,
    SeatHolder,
    Verdict,
    VisitDecision,
    VisitDirection,
)
from .engagement import Engagement, case_number_problem
from .partners import Partner


class EngagementPart(AuditedModel):
    """A record that belongs to one engagement and follows its permissions."""

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "engagement__organisation"
    scope_unit_field = "engagement__owner_unit"
    engagement: Engagement  # each concrete part declares the link

    class Meta:
        abstract = True
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    @property
    def scope_organisation_id(self) -> int:
        return self.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.engagement.owner_unit_id


# -- Projects and applications (VX-1, VX-9, LN-8, ST-10) -----------------------------------------


class Project(EngagementPart):
    """An EU or otherwise externally funded project, from idea through application to completion."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="project")
    programme = models.CharField(_("funding programme"), max_length=30, choices=Programme.choices, blank=True)
    call_identifier = models.CharField(_("call"), max_length=120, blank=True)
    role = models.CharField(_("our role"), max_length=10, choices=ProjectRole.choices, default=ProjectRole.PARTNER)
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.IDEA)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK)
    total_budget = models.DecimalField(_("total budget"), max_digits=14, decimal_places=0, null=True, blank=True)
    own_contribution = models.DecimalField(
        _("own contribution"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    funding_applied = models.DecimalField(
        _("external funding applied for"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    funding_granted = models.DecimalField(
        _("external funding granted"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    exchange_rate = models.DecimalField(
        _("SEK per EUR"), max_digits=8, decimal_places=4, null=True, blank=True, help_text=_("For amounts in EUR.")
    )
    # Reports that convert EUR to SEK state the rate, the day it applies to and where it comes from;
    # without a recorded rate nothing is converted (no assumed rate).
    exchange_rate_date = models.DateField(
        _("date of the exchange rate"), null=True, blank=True, help_text=_("The day the rate applies to.")
    )
    exchange_rate_source = models.CharField(
        _("source of the exchange rate"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the Riksbank's rate of the day, or the rate in the grant agreement."),
    )
    is_aid = models.BooleanField(
        _("aid project"), default=False, help_text=_("International development cooperation (biståndsprojekt).")
    )
    aid_paid_by_others_pct = models.PositiveSmallIntegerField(
        _("share paid by others (%)"),
        null=True,
        blank=True,
        help_text=_("For aid projects: how much another party (e.g. Sida) pays."),
    )
    next_report_due = models.DateField(_("next report to the funder"), null=True, blank=True)

    class Meta:
        # The dashboard and the calendar look for reports due soon across the organisation.
        indexes = [models.Index(fields=["next_report_due"], name="project_report_due_idx")]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def is_eu_funded(self) -> bool:
        return self.programme in EU_PROGRAMMES

    @property
    def needs_rate(self) -> bool:
        """An amount in EUR without a recorded rate: it cannot be given in SEK."""
        return self.currency == Currency.EUR and not self.exchange_rate

    def in_sek(self, amount: Decimal | None) -> Decimal | None:
        """The amount in SEK by the project's own recorded rate; None where EUR has no rate recorded."""
        if amount is None:
            return None
        if self.currency == Currency.EUR:
            if not self.exchange_rate:
                return None
            return (amount * self.exchange_rate).quantize(Decimal("1"))
        return amount

    def clean(self) -> None:
        if self.aid_paid_by_others_pct is not None and self.aid_paid_by_others_pct > 100:
            raise ValidationError({"aid_paid_by_others_pct": _("A share cannot exceed 100 %.")})
        if self.funding_granted and self.stage in {ProjectStage.IDEA, ProjectStage.PREPARING, ProjectStage.SUBMITTED}:
            raise ValidationError(
                {"funding_granted": _("Granted funding is recorded once the application is granted.")}
            )


class ProjectStageChange(AuditedModel):
    """The date of every move in a project's pipeline (VX-9)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices)
    changed_on = models.DateField(_("date"))

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "project__engagement__organisation"

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["project", "changed_on", "pk"]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.changed_on}"

    @property
    def scope_organisation_id(self) -> int:
        return self.project.engagement.organisation_id

    @staticmethod
    def allowed(old: str, new: str) -> bool:
        return new in STAGE_TRANSITIONS.get(old, set())


# -- Memberships (KR-7, KR-8, ST-8) -------------------------------------------------------------


class NetworkMembership(EngagementPart):
    """Membership of a network or organisation: Eurocities, ICLEI, C40, Skåne Nordost, CEMR …"""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="membership")
    network = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("network or organisation")
    )
    arena_level = models.CharField(
        _("arena"), max_length=20, choices=ArenaLevel.choices, default=ArenaLevel.INTERNATIONAL
    )
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("Why we are members, in the strategy's terms."))
    demands = models.TextField(
        _("demands and alliances pursued"), blank=True, help_text=_("What the membership is meant to advance.")
    )
    yearly_fee = models.DecimalField(_("yearly fee (SEK)"), max_digits=12, decimal_places=0, null=True, blank=True)
    representatives = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("representatives"))
    evaluation_interval_months = models.PositiveSmallIntegerField(
        _("evaluate every (months)"), default=24, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    def last_evaluation(self) -> "Evaluation | None":
        return self.evaluations.order_by("-evaluated_on").first()

    def evaluation_due_on(self) -> datetime.date | None:
        """The last evaluation (or the start) plus the interval."""
        last = self.last_evaluation()
        base = last.evaluated_on if last else self.engagement.starts_on
        if base is None:
            return None
        return base + relativedelta(months=self.evaluation_interval_months)


class Evaluation(VersionedModel):
    """An evaluation of a membership with its verdict (KR-8)."""

    new_label = _("New evaluation")  # the heading of its create form: Swedish nouns differ in gender

    membership = models.ForeignKey(NetworkMembership, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("date"))
    evaluated_by = models.CharField(_("evaluated by"), max_length=150)
    verdict = models.CharField(
        _("verdict"),
        max_length=20,
        choices=Verdict.choices,
        help_text=_("A verdict to leave ends the membership on the evaluation's date."),
    )
    reasoning = models.TextField(_("reasoning"), blank=True)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "membership__engagement__organisation"
    scope_unit_field = "membership__engagement__owner_unit"

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return f"{self.evaluated_on}: {self.get_verdict_display()}"

    @property
    def scope_organisation_id(self) -> int:
        return self.membership.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.membership.engagement.owner_unit_id

    @property
    def parent_engagement(self) -> Engagement:
        return self.membership.engagement

    def clean(self) -> None:
        if self.membership_id:
            problem = case_number_problem(self.membership.engagement.organisation, self.case_number)
            if problem:
                raise ValidationError({"case_number": problem})

    def get_absolute_url(self) -> str:
        return self.parent_engagement.get_absolute_url() + "#kind-heading"


# -- Agreements (KR-10, KR-11, ST-12) -----------------------------------------------------------


class Agreement(EngagementPart):
    """A twin-city, friendship, sister-city or cooperation agreement with a partner city."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="agreement")
    partner_city = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner city")
    )
    agreement_type = models.CharField(
        _("type"), max_length=20, choices=AgreementType.choices, default=AgreementType.COOPERATION
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    agreement_status = models.CharField(
        _("agreement status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    aim = models.TextField(_("concrete aim"), blank=True, help_text=_("What the agreement is meant to achieve."))

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    def last_exchange_on(self) -> datetime.date | None:
        return self.exchanges.aggregate(last=models.Max("happened_on"))["last"]

    def active_since(self) -> datetime.date | None:
        """Where the inactivity clock starts (KR-10): the last exchange, or a later decision to continue
        (or renegotiate) the agreement."""
        renewed = self.reviews.filter(decision__in=[ReviewDecision.CONTINUE, ReviewDecision.RENEGOTIATE]).aggregate(
            last=models.Max("decided_on")
        )["last"]
        return max((day for day in (self.last_exchange_on(), renewed) if day), default=None)


class Exchange(VersionedModel):
    """A logged exchange under an agreement: the measure of its activity (KR-10)."""

    new_label = _("New exchange")  # the heading of its create form: Swedish nouns differ in gender

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="exchanges")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ExchangeKind.choices)
    description = models.CharField(_("what happened"), max_length=300)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    democracy_equality = models.TextField(
        _("democracy and gender equality"),
        blank=True,
        help_text=_("How democracy and gender equality were considered."),
    )
    project = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("as part of the project"),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "agreement__engagement__organisation"
    scope_unit_field = "agreement__engagement__owner_unit"

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-happened_on"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.description}"

    @property
    def scope_organisation_id(self) -> int:
        return self.agreement.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.agreement.engagement.owner_unit_id

    @property
    def parent_engagement(self) -> Engagement:
        return self.agreement.engagement

    def get_absolute_url(self) -> str:
        return self.parent_engagement.get_absolute_url() + "#kind-heading"


class AgreementReview(VersionedModel):
    """A review of an agreement: its deadline and, once taken, the decision (KR-10)."""

    new_label = _("New agreement review")  # the heading of its create form: Swedish nouns differ in gender

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    deadline = models.DateField(_("to be decided by"))
    decision = models.CharField(
        _("decision"),
        max_length=20,
        choices=ReviewDecision.choices,
        blank=True,
        help_text=_(
            "To end: the agreement ends on the decision's date. To continue: it counts as active again from "
            "that date. To renegotiate: it stays under review."
        ),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True, help_text=_("The deciding body."))
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "agreement__engagement__organisation"
    scope_unit_field = "agreement__engagement__owner_unit"

    class Meta:
        verbose_name = _("agreement review")
        verbose_name_plural = _("agreement reviews")
        ordering = ["-deadline"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return f"{self.agreement}: {self.deadline}"

    @property
    def scope_organisation_id(self) -> int:
        return self.agreement.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.agreement.engagement.owner_unit_id

    @property
    def parent_engagement(self) -> Engagement:
        return self.agreement.engagement

    def get_absolute_url(self) -> str:
        return self.parent_engagement.get_absolute_url() + "#kind-heading"

    def clean(self) -> None:
        if bool(self.decision) != bool(self.decided_on):
            raise ValidationError(_("A decision needs its date, and a date needs its decision."))
        if self.agreement_id:
            problem = case_number_problem(self.agreement.engagement.organisation, self.case_number)
            if problem:
                raise ValidationError({"case_number": problem})


# -- Visits (ST-3, ST-11, LN-5) -----------------------------------------------------------------


class Visit(EngagementPart):
    """An incoming request for a visit, an outgoing study visit or a hosted conference."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="visit")
    direction = models.CharField(_("kind of visit"), max_length=20, choices=VisitDirection.choices)
    requester = models.CharField(_("requested by"), max_length=200, blank=True)
    group_size = models.PositiveIntegerField(_("number of visitors"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    cost_estimate = models.DecimalField(_("our cost (SEK)"), max_digits=12, decimal_places=0, null=True, blank=True)
    paid_by = models.CharField(_("paid by"), max_length=200, blank=True)
    capacity_ok = models.BooleanField(_("we have the capacity"), null=True, blank=True)
    assessment = models.TextField(_("assessment against the strategy"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=VisitDecision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    redirected_to = models.CharField(_("redirected to"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def serves_no_direction(self) -> bool:
        """An incoming request linked to none of the strategy's directions (ST-3): flagged on its page and
        in the API."""
        if self.direction != VisitDirection.INCOMING:
            return False
        assessment = self.graded_assessment
        if assessment is not None:  # once assessed, the assessment says which directions it serves
            return assessment.serves_none
        return not self.engagement.directions.exists()

    @property
    def graded_assessment(self) -> Any:
        """The request's assessment against the strategy (``VisitAssessment``), or None before one is made."""
        return getattr(self, "strategy_assessment", None)

    def clean(self) -> None:
        if self.decision and not self.decision_reason.strip():
            raise ValidationError({"decision_reason": _("Give the reason for the decision; it goes into the reply.")})
        if self.decision == VisitDecision.REDIRECT and not self.redirected_to.strip():
            raise ValidationError({"redirected_to": _("Say where the request is redirected.")})


# -- Training (LN-8, KR-12, VX-3) ---------------------------------------------------------------


class Training(EngagementPart):
    """Competence development with participants counted by level."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="training")
    topic = models.CharField(_("topic"), max_length=200, help_text=_("E.g. EU programmes, application writing."))
    is_eu_training = models.BooleanField(_("about the EU"), default=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    politicians = models.PositiveIntegerField(_("elected representatives"), default=0)
    management = models.PositiveIntegerField(_("management"), default=0)
    staff = models.PositiveIntegerField(_("staff"), default=0)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def participants(self) -> int:
        return self.politicians + self.management + self.staff


# -- Representation (LN-6, KR-7) ----------------------------------------------------------------


class Representation(EngagementPart):
    """A seat of a politician or official in an international board, committee, network or forum."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, primary_key=True, related_name="representation"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="seats", verbose_name=_("who holds the seat")
    )
    holder = models.CharField(_("held by"), max_length=20, choices=SeatHolder.choices)
    body = models.CharField(_("board, committee or forum"), max_length=200)
    body_kind = models.CharField(_("kind of body"), max_length=20, choices=BodyKind.choices, default=BodyKind.BOARD)
    arena_level = models.CharField(
        _("arena"), max_length=20, choices=ArenaLevel.choices, default=ArenaLevel.INTERNATIONAL
    )

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)


# -- Advocacy (ST-14) ---------------------------------------------------------------------------


class Advocacy(EngagementPart):
    """An EU file or process followed: the position taken, the channels used, the outcome."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="advocacy")
    file_reference = models.CharField(
        _("file or process"), max_length=200, help_text=_("E.g. a regulation's procedure number.")
    )
    policy_area = models.CharField(_("policy area"), max_length=120, blank=True)
    position = models.TextField(_("our position"))
    channels = models.TextField(_("channels"), blank=True, help_text=_("Networks, MEPs, consultations used."))
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("advocacy")
        verbose_name_plural = _("advocacy")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)


KIND_MODELS: dict[str, type[EngagementPart]] = {
    "project": Project,
    "membership": NetworkMembership,
    "agreement": Agreement,
    "visit": Visit,
    "training": Training,
    "representation": Representation,
    "advocacy": Advocacy,
}
