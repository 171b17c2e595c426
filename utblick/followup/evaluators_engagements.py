"""Evaluators for the rules about engagements (KR-4, KR-8, KR-10, VX-4, ST-10, ST-12, LN-9)."""

from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core.formatting import number, rounded
from utblick.engagements.choices import (
    AgreementStatus,
    AgreementType,
    Compensation,
    FundingOutcome,
    Kind,
    ReviewDecision,
    Status,
)
from utblick.engagements.models import Agreement, Engagement, Exchange, NetworkMembership, Project, Trip

from .registry import Evaluator, Finding, register

OPEN_STATUSES = (Status.IDEA, Status.PLANNED, Status.ONGOING)
WATCH_ENGAGEMENTS = ("engagements.Engagement",)


def _finding(engagement: Engagement, **params: Any) -> Finding:
    return Finding(
        subject=engagement,
        unit=engagement.owner_unit,
        params={"title": engagement.title, **params},
        is_confidential=engagement.is_confidential,
    )


def _engagements(organisation, kind: str | None = None):
    engagements = Engagement.objects.filter(organisation=organisation, status__in=OPEN_STATUSES).select_related(
        "owner_unit"
    )
    return engagements.filter(kind=kind) if kind else engagements


@register
class MembershipPurpose(Evaluator):
    """KR-8, ST-8: a membership states its purpose and the directions it serves."""

    key = "membership_purpose"
    title = gettext_lazy("Memberships state their purpose")
    watches = (*WATCH_ENGAGEMENTS, "engagements.NetworkMembership")

    def findings(self, *, organisation, parameters, today):
        memberships = NetworkMembership.objects.filter(engagement__in=_engagements(organisation, Kind.MEMBERSHIP))
        for membership in memberships.select_related("engagement__owner_unit").prefetch_related(
            "engagement__directions"
        ):
            engagement = membership.engagement
            if not membership.purpose.strip() or not engagement.directions.all():
                yield _finding(engagement)

    def message(self, params):
        return _("%(title)s does not state the purpose of the membership and the directions it serves.") % params

    def resolution(self, params):
        return _("Write the purpose and choose the directions on the membership's page.")


@register
class MembershipEvaluation(Evaluator):
    """KR-8: a membership is evaluated at least every N months; overdue ones are flagged."""

    key = "membership_evaluation"
    title = gettext_lazy("Memberships are evaluated regularly")
    watches = (*WATCH_ENGAGEMENTS, "engagements.NetworkMembership", "engagements.Evaluation")

    def findings(self, *, organisation, parameters, today):
        default_months = int(parameters.get("months", 24))
        memberships = (
            NetworkMembership.objects.filter(engagement__in=_engagements(organisation, Kind.MEMBERSHIP))
            .select_related("engagement__owner_unit")
            .annotate(last=Max("evaluations__evaluated_on"))
        )
        for membership in memberships:
            months = min(membership.evaluation_interval_months or default_months, default_months)
            base = membership.last or membership.engagement.starts_on
            if base is None or base <= today - relativedelta(months=months):
                due = base + relativedelta(months=months) if base else today
                yield Finding(
                    subject=membership.engagement,
                    unit=membership.engagement.owner_unit,
                    params={"title": membership.engagement.title, "months": months},
                    due_on=due,
                    is_confidential=membership.engagement.is_confidential,
                )

    def message(self, params):
        return _("%(title)s has not been evaluated in %(months)s months.") % params

    def resolution(self, params):
        return _("Record an evaluation with its verdict on the membership's page.")


RENEWING = Q(reviews__decision__in=[ReviewDecision.CONTINUE, ReviewDecision.RENEGOTIATE])


@register
class DormantTwinCity(Evaluator):
    """KR-10: a twin-city agreement without exchanges for N months is to be reviewed."""

    key = "dormant_twin_city"
    title = gettext_lazy("Dormant twin-city agreements are reviewed")
    watches = (*WATCH_ENGAGEMENTS, "engagements.Agreement", "engagements.Exchange", "engagements.AgreementReview")

    def findings(self, *, organisation, parameters, today):
        months = int(parameters.get("months", 24))
        since = today - relativedelta(months=months)
        agreements = (
            Agreement.objects.filter(engagement__organisation=organisation)
            .exclude(agreement_status=AgreementStatus.ENDED)
            .filter(agreement_type__in=[AgreementType.TWIN, AgreementType.FRIENDSHIP, AgreementType.SISTER])
            .select_related("engagement__owner_unit")
            .annotate(last=Max("exchanges__happened_on"), renewed=Max("reviews__decided_on", filter=RENEWING))
        )
        for agreement in agreements:
            # The inactivity clock runs from the last exchange, or from a decision to continue (or to
            # renegotiate) taken since (KR-10).
            active = max((day for day in (agreement.last, agreement.renewed) if day), default=None)
            if active is None or active < since:
                deadline = (
                    agreement.reviews.filter(decision="")
                    .order_by("deadline")
                    .values_list("deadline", flat=True)
                    .first()
                )
                yield Finding(
                    subject=agreement.engagement,
                    unit=agreement.engagement.owner_unit,
                    params={"title": agreement.engagement.title, "months": months, "last": str(agreement.last or "–")},
                    due_on=deadline,
                    is_confidential=agreement.engagement.is_confidential,
                )

    def message(self, params):
        return _("%(title)s has had no logged exchange in %(months)s months (last: %(last)s).") % params

    def resolution(self, params):
        return _("Log an exchange, or record a review with the decision to continue, renegotiate or end the agreement.")


@register
class FundingInvestigated(Evaluator):
    """KR-4: external funding is investigated before a planned engagement starts."""

    key = "funding_investigated"
    title = gettext_lazy("External funding is always investigated")
    # The watch desk's funding investigation writes the engagement's outcome; it re-checks at once too.
    watches = (*WATCH_ENGAGEMENTS, "watch.FundingInvestigation")

    def findings(self, *, organisation, parameters, today):
        # Activities that could be co-funded; planned ones, and those that started this past year.
        recent = Q(status=Status.PLANNED) | Q(status=Status.ONGOING, starts_on__gte=today - relativedelta(months=12))
        engagements = (
            _engagements(organisation)
            .filter(kind__in=[Kind.PROJECT, Kind.TRIP, Kind.VISIT, Kind.TRAINING])
            .filter(recent)
            .filter(Q(funding_outcome="") | Q(funding_outcome=FundingOutcome.NOT_INVESTIGATED))
        )
        for engagement in engagements:
            yield _finding(engagement)

    def message(self, params):
        return _("External funding has not been investigated for %(title)s.") % params

    def resolution(self, params):
        return _(
            "Choose Investigate external funding on the engagement's page: the matching calls are listed there; "
            "record which were considered and the outcome."
        )


@register
class FlightCompensation(Evaluator):
    """VX-4: flights record their CO2e and are climate-compensated."""

    key = "flight_compensation"
    title = gettext_lazy("Flights are climate-compensated")
    watches = (*WATCH_ENGAGEMENTS, "engagements.Trip", "engagements.TripLeg")

    def findings(self, *, organisation, parameters, today):
        trips = Trip.objects.filter(engagement__organisation=organisation, flight_km__gt=0).exclude(
            compensation=Compensation.COMPENSATED
        )
        for trip in trips.select_related("engagement__owner_unit"):
            # The flights' emissions only: rail and road legs need no compensation (VX-4).
            yield _finding(trip.engagement, co2e=str(rounded(trip.flight_co2e_kg)))

    def message(self, params):
        return _("The flights of %(title)s (%(co2e)s kg CO2e) are not climate-compensated.") % {
            **params,
            "co2e": number(params["co2e"]),
        }

    def resolution(self, params):
        return _("Compensate the flights and record the reference on the trip.")


@register
class AidExternalFunding(Evaluator):
    """ST-10 (all costs) and LN-9 (primarily): aid projects are paid by another party."""

    key = "aid_external_funding"
    title = gettext_lazy("Aid projects are externally funded")
    watches = (*WATCH_ENGAGEMENTS, "engagements.Project")

    def findings(self, *, organisation, parameters, today):
        share = int(parameters.get("minimum_share", 100))
        projects = Project.objects.filter(engagement__in=_engagements(organisation, Kind.PROJECT), is_aid=True)
        for project in projects.select_related("engagement__owner_unit"):
            if (project.aid_paid_by_others_pct or 0) < share:
                yield _finding(project.engagement, share=share, paid=project.aid_paid_by_others_pct or 0)

    def message(self, params):
        return _("%(title)s is an aid project paid %(paid)s %% by others; the strategy requires %(share)s %%.") % params

    def resolution(self, params):
        return _("Secure funding from another party (e.g. Sida), or do not pursue the project.")


@register
class NoTwinCityAgreements(Evaluator):
    """ST-12: no new twin-city agreements."""

    key = "no_twin_city_agreements"
    title = gettext_lazy("No twin-city agreements")
    watches = (*WATCH_ENGAGEMENTS, "engagements.Agreement")

    def findings(self, *, organisation, parameters, today):
        agreements = Agreement.objects.filter(
            engagement__in=_engagements(organisation, Kind.AGREEMENT), agreement_type=AgreementType.TWIN
        ).exclude(agreement_status=AgreementStatus.ENDED)
        for agreement in agreements.select_related("engagement__owner_unit"):
            yield _finding(agreement.engagement)

    def message(self, params):
        return _("%(title)s is a twin-city agreement, which the strategy does not allow.") % params

    def resolution(self, params):
        return _("Make it a cooperation agreement with a concrete aim, or drop it.")


@register
class CooperationAgreementAim(Evaluator):
    """ST-12: cooperation agreements state a concrete aim."""

    key = "cooperation_agreement_aim"
    title = gettext_lazy("Cooperation agreements have a concrete aim")
    watches = (*WATCH_ENGAGEMENTS, "engagements.Agreement")

    def findings(self, *, organisation, parameters, today):
        agreements = Agreement.objects.filter(
            engagement__in=_engagements(organisation, Kind.AGREEMENT), agreement_type=AgreementType.COOPERATION, aim=""
        )
        for agreement in agreements.select_related("engagement__owner_unit"):
            yield _finding(agreement.engagement)

    def message(self, params):
        return _("%(title)s states no concrete aim for the cooperation.") % params

    def resolution(self, params):
        return _("Write the agreement's concrete aim.")


@register
class ExchangeDemocracyEquality(Evaluator):
    """LN-9: exchanges consider democracy and gender equality."""

    key = "exchange_democracy_equality"
    title = gettext_lazy("Exchanges consider democracy and gender equality")
    watches = (*WATCH_ENGAGEMENTS, "engagements.Exchange")

    def findings(self, *, organisation, parameters, today):
        exchanges = Exchange.objects.filter(
            agreement__engagement__organisation=organisation,
            democracy_equality="",
            happened_on__gte=today - relativedelta(months=12),
        ).select_related("agreement__engagement__owner_unit")
        for exchange in exchanges:
            engagement = exchange.agreement.engagement
            yield Finding(
                subject=engagement,
                unit=engagement.owner_unit,
                params={"title": engagement.title, "day": str(exchange.happened_on)},
                discriminator=str(exchange.pk),
                is_confidential=engagement.is_confidential,
            )

    def message(self, params):
        return (
            _("The exchange of %(day)s under %(title)s does not say how democracy and gender equality were considered.")
            % params
        )

    def resolution(self, params):
        return _("Describe on the exchange how democracy and gender equality were considered.")


@register
class ClearLinkToPriority(Evaluator):
    """LN-9: past the idea stage every engagement is linked to a direction."""

    key = "clear_link_to_priority"
    title = gettext_lazy("A clear link to a priority area")
    watches = WATCH_ENGAGEMENTS

    def findings(self, *, organisation, parameters, today):
        for engagement in _engagements(organisation).exclude(status=Status.IDEA).filter(directions__isnull=True):
            yield _finding(engagement)

    def message(self, params):
        return _("%(title)s is not linked to any of the strategy's priority areas.") % params

    def resolution(self, params):
        return _("Choose the directions the engagement serves.")


@register
class LongTermLocalBenefit(Evaluator):
    """LN-9, ST-13: engagements state the local benefit they expect (and, when completed, achieved)."""

    key = "long_term_local_benefit"
    title = gettext_lazy("Long-term local benefit is stated")
    watches = WATCH_ENGAGEMENTS

    def findings(self, *, organisation, parameters, today):
        engagements = Engagement.objects.filter(organisation=organisation).select_related("owner_unit")
        missing = engagements.filter(
            status__in=[Status.PLANNED, Status.ONGOING], expected_results=""
        ) | engagements.filter(status=Status.COMPLETED, achieved_results="")
        for engagement in missing:
            yield _finding(engagement)

    def message(self, params):
        return _("%(title)s does not state the results it expects or achieved.") % params

    def resolution(self, params):
        return _("Write the expected results, and the achieved ones when it is completed.")
