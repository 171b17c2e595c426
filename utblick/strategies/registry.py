"""The rules and indicators a strategy can switch on, declared in code.

A rule is one small class: a key, a title in Swedish and English, typed parameters and a
docstring naming the requirement it serves. A strategy version switches rules on with a
``RuleSetting`` (key + parameters); the follow-up app evaluates them against the register.
Indicators are declared the same way and computed by the follow-up app.

(The module is not called ``rules.py``: the ``rules`` package autodiscovers modules by that name.)
"""

from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.organisations.choices import UnitKind

# -- Parameters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A typed rule parameter with a default and bounds.

    ``label`` and ``help_text`` are what the coordinator's form shows (``strategies.forms.RuleSettingForm``
    makes one field per parameter); ``choices`` are (value, label) pairs for a text or a list.
    """

    name: str
    kind: type  # int, bool, str or list
    default: Any
    label: Any
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, Any], ...] = ()
    help_text: Any = ""

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    def clean(self, value: Any) -> Any:
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ValidationError(_("%(name)s must be true or false.") % {"name": self.name})
            return value
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(_("%(name)s must be a whole number.") % {"name": self.name})
            if self.minimum is not None and value < self.minimum:
                raise ValidationError(
                    _("%(name)s must be at least %(minimum)s.") % {"name": self.name, "minimum": self.minimum}
                )
            if self.maximum is not None and value > self.maximum:
                raise ValidationError(
                    _("%(name)s must be at most %(maximum)s.") % {"name": self.name, "maximum": self.maximum}
                )
            return value
        if self.kind is list:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValidationError(_("%(name)s must be a list of words.") % {"name": self.name})
            unknown = [item for item in value if self.choices and item not in self.choice_values]
            if unknown:
                raise ValidationError(
                    _("%(name)s has unknown values: %(values)s.") % {"name": self.name, "values": ", ".join(unknown)}
                )
            return value
        if not isinstance(value, str):
            raise ValidationError(_("%(name)s must be text.") % {"name": self.name})
        if self.choices and value not in self.choice_values:
            raise ValidationError(_("%(name)s has unknown values: %(values)s.") % {"name": self.name, "values": value})
        return value


class Rule:
    """A principle of the strategy that the follow-up checks continuously (ST-5)."""

    key: ClassVar[str]
    title: ClassVar[Any]
    requirement: ClassVar[str]
    parameters: ClassVar[tuple[Parameter, ...]] = ()
    # The kinds of engagement the rule is about (engagement kind codes); ALL_KINDS for every kind.
    kinds: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def concerns(cls, kind: str) -> bool:
        return cls.kinds == ALL_KINDS or kind in cls.kinds

    @classmethod
    def clean_parameters(cls, values: dict[str, Any] | None) -> dict[str, Any]:
        """Validated parameters with defaults filled in; unknown names are an error."""
        values = dict(values or {})
        known = {parameter.name: parameter for parameter in cls.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValidationError(_("Unknown parameter: %(names)s.") % {"names": ", ".join(unknown)})
        return {name: parameter.clean(values.get(name, parameter.default)) for name, parameter in known.items()}

    @classmethod
    def describe(cls, values: dict[str, Any] | None = None) -> str:
        """The rule in one plain sentence, for the strategy page."""
        raise NotImplementedError


ALL_KINDS = ("*",)
RULES: dict[str, type[Rule]] = {}


def rule(cls: type[Rule]) -> type[Rule]:
    RULES[cls.key] = cls
    return cls


def get_rule(key: str) -> type[Rule] | None:
    return RULES.get(key)


def _p(values: dict[str, Any] | None, rule_class: type[Rule]) -> dict[str, Any]:
    try:
        return rule_class.clean_parameters(values)
    except ValidationError:
        return {parameter.name: parameter.default for parameter in rule_class.parameters}


@rule
class MembershipPurpose(Rule):
    """KR-8, ST-8: a membership states its purpose and which directions it serves."""

    key = "membership_purpose"
    title = gettext_lazy("Memberships state their purpose")
    requirement = "KR-8"
    kinds = ("membership",)

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every membership of a network or organisation states its purpose and the directions it serves.")


@rule
class MembershipEvaluation(Rule):
    """KR-8: every membership is evaluated at least every N months."""

    key = "membership_evaluation"
    title = gettext_lazy("Memberships are evaluated regularly")
    requirement = "KR-8"
    kinds = ("membership",)
    parameters = (
        Parameter(
            "months",
            int,
            24,
            gettext_lazy("months between evaluations"),
            1,
            120,
            help_text=gettext_lazy("How long a membership may go without an evaluation before it is a deviation."),
        ),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every membership is evaluated at least every %(months)s months.") % _p(values, cls)


@rule
class DormantTwinCity(Rule):
    """KR-10: a twin-city agreement with no logged exchange for N months is reviewed."""

    key = "dormant_twin_city"
    title = gettext_lazy("Dormant twin-city agreements are reviewed")
    requirement = "KR-10"
    kinds = ("agreement",)
    parameters = (
        Parameter(
            "months",
            int,
            24,
            gettext_lazy("months without exchanges"),
            1,
            120,
            help_text=gettext_lazy(
                "How long a twin-city agreement may go without a logged exchange before it is due for review."
            ),
        ),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        return _(
            "A twin-city agreement without any logged exchange for %(months)s months is reviewed and, where "
            "appropriate, ended."
        ) % _p(values, cls)


@rule
class FundingInvestigated(Rule):
    """KR-4, VX-3: external funding is investigated before an engagement leaves planning."""

    key = "funding_investigated"
    title = gettext_lazy("External funding is always investigated")
    requirement = "KR-4"
    kinds = ("project", "trip", "visit", "training")

    @classmethod
    def describe(cls, values=None) -> str:
        return _(
            "Before a planned engagement starts, the possibilities of external funding are investigated and recorded."
        )


@rule
class FlightCompensation(Rule):
    """VX-4: flights record their CO2e and are climate-compensated."""

    key = "flight_compensation"
    title = gettext_lazy("Flights are climate-compensated")
    requirement = "VX-4"
    kinds = ("trip",)

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every trip by air records its emissions (CO2e) and is climate-compensated.")


@rule
class AidExternalFunding(Rule):
    """ST-10 (fully), LN-9 (primarily): aid projects are paid by another party."""

    key = "aid_external_funding"
    title = gettext_lazy("Aid projects are externally funded")
    requirement = "ST-10"
    kinds = ("project",)
    parameters = (
        Parameter(
            "minimum_share",
            int,
            100,
            gettext_lazy("share paid by others (%)"),
            0,
            100,
            help_text=gettext_lazy(
                "The least share of an aid project's costs that another party pays; 100 means all of them."
            ),
        ),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        share = _p(values, cls)["minimum_share"]
        if share >= 100:
            return _("Aid projects are allowed only when another party (e.g. Sida) covers all costs.")
        return _("Aid projects are primarily externally funded: at least %(share)s %% of the costs.") % {"share": share}


@rule
class NoTwinCityAgreements(Rule):
    """ST-12: the organisation signs no twin-city agreements."""

    key = "no_twin_city_agreements"
    title = gettext_lazy("No twin-city agreements")
    requirement = "ST-12"
    kinds = ("agreement",)

    @classmethod
    def describe(cls, values=None) -> str:
        return _("No new twin-city (vänort) agreements are signed; cooperation agreements are used instead.")


@rule
class CooperationAgreementAim(Rule):
    """ST-12, LN-9: a cooperation agreement states a concrete aim."""

    key = "cooperation_agreement_aim"
    title = gettext_lazy("Cooperation agreements have a concrete aim")
    requirement = "ST-12"
    kinds = ("agreement",)

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every cooperation agreement states the concrete aim it is signed for.")


@rule
class ExchangeDemocracyEquality(Rule):
    """LN-9: international exchanges consider democracy and gender equality."""

    key = "exchange_democracy_equality"
    title = gettext_lazy("Exchanges consider democracy and gender equality")
    requirement = "LN-9"
    kinds = ("agreement",)

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every international exchange records how democracy and gender equality were considered.")


@rule
class ClearLinkToPriority(Rule):
    """LN-9: every engagement is clearly linked to a priority area."""

    key = "clear_link_to_priority"
    title = gettext_lazy("A clear link to a priority area")
    requirement = "LN-9"
    kinds = ALL_KINDS

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every engagement past the idea stage is linked to at least one direction of the strategy.")


@rule
class LongTermLocalBenefit(Rule):
    """LN-9, ST-13: every engagement states the long-term local benefit (results) it expects."""

    key = "long_term_local_benefit"
    title = gettext_lazy("Long-term local benefit is stated")
    requirement = "LN-9"
    kinds = ALL_KINDS

    @classmethod
    def describe(cls, values=None) -> str:
        return _(
            "Every engagement states the long-term benefit for the municipality it expects, and later what it achieved."
        )


@rule
class ContactPersonPerUnit(Rule):
    """VX-8, ST-6: every department and company names a contact person."""

    key = "contact_person_per_unit"
    title = gettext_lazy("Every unit has a contact person")
    requirement = "VX-8"
    parameters = (
        Parameter(
            "unit_kinds",
            list,
            ["central_office", "company", "department"],
            gettext_lazy("kinds of unit"),
            choices=tuple(
                (kind.value, kind.label)
                for kind in (
                    UnitKind.COUNCIL,
                    UnitKind.EXECUTIVE_BOARD,
                    UnitKind.COMMITTEE,
                    UnitKind.DEPARTMENT,
                    UnitKind.CENTRAL_OFFICE,
                    UnitKind.COMPANY,
                )
            ),
            help_text=gettext_lazy("The kinds of unit that must name a contact person for international affairs."),
        ),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every department and municipal company names a contact person for international affairs.")


@rule
class YearlyReportPerUnit(Rule):
    """VX-9: every department and company reports its international work each year."""

    key = "yearly_report_per_unit"
    title = gettext_lazy("Every unit reports yearly")
    requirement = "VX-9"
    parameters = (
        Parameter(
            "due_month",
            int,
            2,
            gettext_lazy("month the report is due"),
            1,
            12,
            help_text=gettext_lazy(
                "The month by which every unit reports on the year before: 1 is January, 12 December."
            ),
        ),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        return _("Every department and company reports its international work and results for the year before.")


@rule
class StrategyReviewPerMandatePeriod(Rule):
    """VX-11: the executive board reviews the strategy at least once per mandate period."""

    key = "strategy_review_per_mandate_period"
    title = gettext_lazy("The strategy is reviewed each mandate period")
    requirement = "VX-11"
    parameters = (
        Parameter(
            "warn_months",
            int,
            6,
            gettext_lazy("months of warning before the period ends"),
            0,
            48,
            help_text=gettext_lazy("How long before the mandate period ends a missing review is shown as a deviation."),
        ),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        return _("The executive board follows up the strategy at least once per mandate period.")


# -- Indicators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    title: Any
    unit: Any
    good_direction: str  # "rise" or "fall"
    requirement: str


INDICATORS: dict[str, IndicatorDefinition] = {
    definition.key: definition
    for definition in [
        IndicatorDefinition(
            "eu_funded_projects", gettext_lazy("EU-funded projects"), gettext_lazy("projects"), "rise", "LN-8"
        ),
        IndicatorDefinition(
            "other_funded_projects",
            gettext_lazy("Projects with other external funding"),
            gettext_lazy("projects"),
            "rise",
            "LN-8",
        ),
        IndicatorDefinition(
            "applications_submitted",
            gettext_lazy("Applications submitted"),
            gettext_lazy("applications"),
            "rise",
            "VX-9",
        ),
        IndicatorDefinition("application_success_rate", gettext_lazy("Applications granted"), "%", "rise", "VX-9"),
        IndicatorDefinition(
            "external_funding_granted_sek", gettext_lazy("External funding granted"), "SEK", "rise", "VX-3"
        ),
        IndicatorDefinition(
            "memberships_evaluated_on_time_pct", gettext_lazy("Memberships evaluated on time"), "%", "rise", "KR-8"
        ),
        IndicatorDefinition(
            "twin_agreements_active_12m",
            gettext_lazy("Twin-city agreements with exchanges in the last 12 months"),
            gettext_lazy("agreements"),
            "rise",
            "KR-10",
        ),
        IndicatorDefinition(
            "representation_seats_politicians",
            gettext_lazy("Seats held by politicians"),
            gettext_lazy("seats"),
            "rise",
            "LN-6",
        ),
        IndicatorDefinition(
            "representation_seats_officials",
            gettext_lazy("Seats held by officials"),
            gettext_lazy("seats"),
            "rise",
            "LN-6",
        ),
        IndicatorDefinition(
            "eu_training_participants",
            gettext_lazy("Participants in EU trainings"),
            gettext_lazy("participants"),
            "rise",
            "LN-8",
        ),
        IndicatorDefinition("flight_co2e_kg", gettext_lazy("Emissions from flights"), "kg CO2e", "fall", "VX-4"),
        IndicatorDefinition(
            "flights_compensated_pct", gettext_lazy("Flights climate-compensated"), "%", "rise", "VX-4"
        ),
        IndicatorDefinition(
            "engagements_per_direction",
            gettext_lazy("Engagements per direction"),
            gettext_lazy("engagements"),
            "rise",
            "ST-2",
        ),
        IndicatorDefinition(
            "engagements_per_theme", gettext_lazy("Engagements per theme"), gettext_lazy("engagements"), "rise", "KR-2"
        ),
    ]
}
