"""Evaluators for the rules about units and the strategy itself (VX-8, ST-6, VX-11).

Rules about engagements live in ``evaluators_engagements.py``. Each evaluator's key is the rule's
key in the strategy's rule registry (``utblick.strategies.registry``).
"""

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.engagements.models import Engagement
from utblick.organisations.choices import OPERATIONAL_UNIT_KINDS, UnitRoleKind
from utblick.organisations.models import Unit, UnitRole
from utblick.strategies.models import MandatePeriod, Strategy, StrategyReview

from .models import YearReportSubmission
from .registry import Evaluator, Finding, register


@register
class ContactPersonPerUnit(Evaluator):
    """Every department and company names a contact person for international affairs (VX-8, ST-6)."""

    key = "contact_person_per_unit"
    title = gettext_lazy("Every unit has a contact person")
    watches = ("organisations.Unit", "organisations.UnitRole")

    def findings(self, *, organisation, parameters: dict[str, Any], today: datetime.date):
        kinds = parameters.get("unit_kinds") or sorted(OPERATIONAL_UNIT_KINDS)
        contact = UnitRole.objects.current(today).filter(unit=OuterRef("pk"), role=UnitRoleKind.CONTACT_PERSON)
        units = Unit.objects.filter(organisation=organisation, is_active=True, kind__in=kinds).exclude(Exists(contact))
        for unit in units:
            yield Finding(subject=unit, unit=unit, params={"unit": unit.name})

    def message(self, params: dict[str, Any]) -> str:
        return _("%(unit)s has no contact person for international affairs.") % params

    def resolution(self, params: dict[str, Any]) -> str:
        return _("Name a contact person on the unit's page under People and roles.")


@register
class StrategyReviewPerMandatePeriod(Evaluator):
    """The executive board reviews the strategy at least once per mandate period (VX-11).

    A period that ended without a review is a deviation; so is the current one once fewer than
    ``warn_months`` months remain without a review (due at the period's end).
    """

    key = "strategy_review_per_mandate_period"
    title = gettext_lazy("The strategy is reviewed each mandate period")
    watches = ("strategies.StrategyReview", "strategies.StrategyVersion")

    def findings(self, *, organisation, parameters: dict[str, Any], today: datetime.date):
        warn_months = int(parameters.get("warn_months", 6))
        for strategy in Strategy.objects.filter(ownerships__organisation=organisation).distinct():
            version = strategy.current_version(today)
            if version is None:
                continue
            adopted = version.valid_from or version.adopted_on or today
            reviewed = set(
                StrategyReview.objects.filter(strategy=strategy, organisation=organisation).values_list(
                    "period__election_year", flat=True
                )
            )
            election_year = MandatePeriod.election_year_for(adopted)
            while True:
                starts_on, ends_on = MandatePeriod.bounds_for_election(election_year)
                if starts_on > today:
                    break
                period = MandatePeriod.for_date(starts_on)
                warn_from = ends_on - relativedelta(months=warn_months)
                if election_year not in reviewed and (ends_on < today or today >= warn_from):
                    yield Finding(
                        subject=strategy,
                        unit=None,
                        params={"strategy": strategy.local_name(organisation), "period": period.label},
                        discriminator=period.label,
                        due_on=ends_on,
                    )
                election_year += 4

    def message(self, params: dict[str, Any]) -> str:
        return _("%(strategy)s has not been reviewed in the mandate period %(period)s.") % params

    def resolution(self, params: dict[str, Any]) -> str:
        return _("Record the executive board's review of the strategy for the period on the strategy page.")


@register
class YearlyReportPerUnit(Evaluator):
    """VX-9: every department and company hands in its yearly report on international work.

    From the first day of ``due_month`` a unit that had engagements the year before and has not
    handed in that year's report is a deviation.
    """

    key = "yearly_report_per_unit"
    title = gettext_lazy("Every unit reports yearly")
    watches = ("followup.YearReportSubmission",)

    def findings(self, *, organisation, parameters: dict[str, Any], today: datetime.date):

        due_month = int(parameters.get("due_month", 2))
        year = today.year - 1
        if today < datetime.date(today.year, due_month, 1):
            return
        # The engagements of the year as the report that is due counts them (undated starts in, cancelled out).
        active = Engagement.objects.filter(organisation=organisation).counted_in(year)
        units = Unit.objects.filter(
            organisation=organisation,
            is_active=True,
            kind__in=sorted(OPERATIONAL_UNIT_KINDS),
            pk__in=active.values("owner_unit"),
        ).exclude(pk__in=YearReportSubmission.objects.filter(year=year).values("unit"))
        for unit in units:
            yield Finding(
                subject=unit,
                unit=unit,
                params={"unit": unit.name, "year": year},
                discriminator=str(year),
                due_on=datetime.date(today.year, due_month, 1),
            )

    def message(self, params: dict[str, Any]) -> str:
        return _("%(unit)s has not handed in its yearly report on international work for %(year)s.") % params

    def resolution(self, params: dict[str, Any]) -> str:
        return _("Write the yearly report under Reports and mark it as handed in.")
