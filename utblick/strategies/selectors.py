"""Reads about strategies: what an organisation sees of a (possibly shared) strategy, review status."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from utblick.organisations.models import Organisation

from .models import (
    Dimension,
    Direction,
    Goal,
    GoverningDocument,
    Indicator,
    MandatePeriod,
    RuleSetting,
    Strategy,
    StrategyOwnership,
    StrategyReview,
    StrategyVersion,
    Theme,
)
from .registry import INDICATORS, get_rule

# -- What of a (possibly shared) strategy an organisation sees (LN-11) ---------------------------
# The pages, the public pages, the API and every strategy file read a strategy through these: the
# joint parts plus the organisation's own (``PartQuerySet.for_organisation``), its own governing
# documents and its own reviews. ``organisation=None`` is the administrator's whole strategy, every
# owner's parts included (the seed files, a backup).


def parts_seen_by[P: QuerySet](parts: P, organisation: Organisation | None) -> P:
    return parts if organisation is None else parts.for_organisation(organisation)  # type: ignore[attr-defined]


def documents_seen_by(documents: QuerySet[GoverningDocument], organisation: Organisation | None) -> QuerySet:
    return documents if organisation is None else documents.filter(organisation=organisation)


def reviews_seen_by(reviews: QuerySet[StrategyReview], organisation: Organisation | None) -> QuerySet:
    return reviews if organisation is None else reviews.filter(organisation=organisation)


def directions_in_force(organisation: Organisation) -> QuerySet[Direction]:
    """The directions of the organisation's strategy versions in force: the joint ones and its own."""
    in_force = Direction.objects.filter(version__in=StrategyVersion.objects.in_force(organisation))
    return parts_seen_by(in_force, organisation).order_by("order", "pk")


def themes_in_force(organisation: Organisation) -> QuerySet[Theme]:
    """The themes of the organisation's strategy versions in force, in their dimensions' order."""
    in_force = Theme.objects.filter(dimension__version__in=StrategyVersion.objects.in_force(organisation))
    return parts_seen_by(in_force, organisation).select_related("dimension").order_by("dimension__order", "order", "pk")


def strategies_seen_by(*, organisation: Organisation | None) -> QuerySet[Strategy]:
    """The organisation's strategies, each with only what the organisation sees of it prefetched.

    Read ``strategy.versions.all()``, ``version.directions.all()``, ``direction.goals.all()`` … (never a
    new ``filter`` or ``order_by`` on them, which would read past the prefetch). The order is the
    strategy file's: versions by adoption and label, parts by their order, documents by title.
    """
    documents = documents_seen_by(GoverningDocument.objects.select_related("organisation"), organisation)
    documents = documents.order_by("title", "pk")
    goals = parts_seen_by(Goal.objects.all(), organisation).order_by("order", "pk")
    themes = Theme.objects.order_by("order", "pk")
    versions = StrategyVersion.objects.select_related("replaces").order_by("adopted_on", "label")
    versions = versions.prefetch_related(
        Prefetch("governing_documents", queryset=documents),
        Prefetch(
            "directions",
            queryset=parts_seen_by(Direction.objects.all(), organisation)
            .select_related("organisation")
            .order_by("order", "pk")
            .prefetch_related(
                Prefetch(
                    "goals",
                    queryset=goals.select_related("organisation").prefetch_related(
                        Prefetch("governing_documents", queryset=documents)
                    ),
                )
            ),
        ),
        Prefetch(
            "dimensions",
            queryset=parts_seen_by(Dimension.objects.all(), organisation)
            .select_related("organisation")
            .order_by("order", "pk")
            .prefetch_related(Prefetch("themes", queryset=themes)),
        ),
        Prefetch(
            "indicators",
            queryset=parts_seen_by(Indicator.objects.all(), organisation)
            .select_related("organisation")
            .order_by("order", "pk"),
        ),
        Prefetch(
            "rule_settings",
            queryset=parts_seen_by(RuleSetting.objects.all(), organisation)
            .select_related("organisation")
            .order_by("order", "pk"),
        ),
    )
    reviews = reviews_seen_by(StrategyReview.objects.select_related("organisation", "period"), organisation)
    strategies = Strategy.objects.all() if organisation is None else Strategy.objects.in_organisation(organisation)
    return strategies.prefetch_related(
        Prefetch(
            "ownerships",
            queryset=StrategyOwnership.objects.select_related("organisation").order_by("organisation__slug"),
        ),
        Prefetch("reviews", queryset=reviews.order_by("reviewed_on", "organisation__slug")),
        Prefetch("versions", queryset=versions),
    )


def strategy_seen_by(*, strategy: Strategy, organisation: Organisation | None) -> Strategy:
    """One strategy as ``strategies_seen_by`` gives it."""
    return strategies_seen_by(organisation=organisation).get(pk=strategy.pk)


def governing_documents_for_file(*, strategy: Strategy, organisation: Organisation | None) -> QuerySet:
    """The governing documents a strategy file lists: every owner's, or the organisation's own."""
    owners = [ownership.organisation_id for ownership in strategy.ownerships.all()]
    documents = GoverningDocument.objects.filter(organisation__in=owners).select_related("organisation")
    return documents_seen_by(documents, organisation).order_by("organisation__slug", "title")


def strategy_list_for(*, organisation: Organisation) -> QuerySet[Strategy]:
    return Strategy.objects.in_organisation(organisation).prefetch_related("ownerships")


def strategy_get_current(*, organisation: Organisation) -> Strategy | None:
    return strategy_list_for(organisation=organisation).order_by("pk").first()


def directions_for(*, version: StrategyVersion, organisation: Organisation) -> list[Direction]:
    """The joint directions plus the organisation's own; goals likewise (LN-11)."""
    documents = documents_seen_by(GoverningDocument.objects.order_by("title"), organisation)
    goals = (
        parts_seen_by(Goal.objects.all(), organisation)
        .prefetch_related(Prefetch("governing_documents", queryset=documents))
        .order_by("order", "pk")
    )
    return list(
        parts_seen_by(Direction.objects.filter(version=version), organisation)
        .prefetch_related(Prefetch("goals", queryset=goals))
        .order_by("order", "pk")
    )


def dimensions_for(*, version: StrategyVersion, organisation: Organisation) -> list[Dimension]:
    return list(
        parts_seen_by(Dimension.objects.filter(version=version), organisation)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")))
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class RuleLine:
    setting: RuleSetting
    title: str
    sentence: str
    enabled: bool


def rule_settings_in_force(*, organisation: Organisation, day: datetime.date | None = None) -> list[RuleSetting]:
    """The switched-on rule settings of the organisation's adopted strategy versions in force (ST-5):
    what the follow-up checks, and the only source of any "the strategy requires …" on a page."""
    versions = list(StrategyVersion.objects.in_force(organisation, day or timezone.localdate()))
    place = {version.pk: place for place, version in enumerate(versions)}
    settings = RuleSetting.objects.filter(version__in=versions, enabled=True).for_organisation(organisation)
    return sorted(settings, key=lambda setting: (place[setting.version_id], setting.order, setting.pk))


@dataclass(frozen=True)
class RuleInForce:
    """A rule the organisation's strategy switches on, said as the strategy says it."""

    key: str
    title: str
    sentence: str
    note: str


def rules_in_force(
    *, organisation: Organisation, kind: str | None = None, day: datetime.date | None = None
) -> list[RuleInForce]:
    """The rules in force for the organisation, each once; with ``kind``, those about that kind of engagement."""
    found: dict[str, RuleInForce] = {}
    for setting in rule_settings_in_force(organisation=organisation, day=day):
        rule = get_rule(setting.key)
        if rule is None or setting.key in found or (kind is not None and not rule.concerns(kind)):
            continue
        found[setting.key] = RuleInForce(setting.key, str(rule.title), rule.describe(setting.parameters), setting.note)
    return list(found.values())


def rules_for(*, version: StrategyVersion, organisation: Organisation) -> list[RuleLine]:
    lines = []
    for setting in parts_seen_by(RuleSetting.objects.filter(version=version), organisation).order_by("order", "pk"):
        rule = get_rule(setting.key)
        if rule is None:
            lines.append(RuleLine(setting, setting.key, "", setting.enabled))
            continue
        lines.append(RuleLine(setting, str(rule.title), rule.describe(setting.parameters), setting.enabled))
    return lines


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    title: str
    unit: str


def indicators_for(*, version: StrategyVersion, organisation: Organisation) -> list[IndicatorLine]:
    lines = []
    for indicator in parts_seen_by(Indicator.objects.filter(version=version), organisation).order_by("order", "pk"):
        definition = INDICATORS.get(indicator.key)
        lines.append(
            IndicatorLine(
                indicator,
                str(definition.title) if definition else indicator.key,
                str(definition.unit) if definition else "",
            )
        )
    return lines


@dataclass(frozen=True)
class ReviewStatus:
    period: MandatePeriod
    review: StrategyReview | None
    due_on: datetime.date

    @property
    def done(self) -> bool:
        return self.review is not None


def review_status(*, strategy: Strategy, organisation: Organisation, day: datetime.date | None = None) -> ReviewStatus:
    """Whether the strategy has been reviewed in the mandate period of ``day`` (VX-11)."""
    day = day or timezone.localdate()
    period = MandatePeriod.for_date(day)
    review = (
        StrategyReview.objects.filter(strategy=strategy, organisation=organisation, period=period)
        .order_by("-reviewed_on")
        .first()
    )
    return ReviewStatus(period=period, review=review, due_on=period.ends_on)


def strategy_page_context(
    *, strategy: Strategy, organisation: Organisation, version: StrategyVersion | None = None
) -> dict[str, Any]:
    version = version or strategy.current_version() or strategy.versions.order_by("-pk").first()
    if version is None:
        return {"strategy": strategy, "local_name": strategy.local_name(organisation)}
    return {
        "strategy": strategy,
        "local_name": strategy.local_name(organisation),
        "version": version,
        "directions": directions_for(version=version, organisation=organisation),
        "dimensions": dimensions_for(version=version, organisation=organisation),
        "rules": rules_for(version=version, organisation=organisation),
        "indicators": indicators_for(version=version, organisation=organisation),
        "documents": documents_seen_by(version.governing_documents.all(), organisation).order_by("title"),
        "versions": strategy.versions.select_related("replaces").order_by("-adopted_on", "-pk"),
        "reviews": reviews_seen_by(strategy.reviews.all(), organisation)
        .select_related("period")
        .order_by("-reviewed_on"),
        "review_status": review_status(strategy=strategy, organisation=organisation),
        # The other owners of a joint strategy: who else sees its shared goals (LN-11).
        "goal_partners": ", ".join(
            ownership.organisation.name
            for ownership in strategy.ownerships.select_related("organisation").order_by("organisation__name")
            if ownership.organisation_id != organisation.pk
        ),
    }


@dataclass
class Comparison:
    added: list[str]
    removed: list[str]
    changed: list[tuple[str, str, str]]


def versions_compare(
    *, old: StrategyVersion, new: StrategyVersion, organisation: Organisation
) -> dict[str, Comparison]:
    """Directions, goals and rules added, removed or changed between two versions."""

    def directions(version: StrategyVersion) -> dict[str, str]:
        return {d.code: d.name for d in parts_seen_by(Direction.objects.filter(version=version), organisation)}

    def goals(version: StrategyVersion) -> set[str]:
        return {
            f"{g.direction.name}: {g.text}"
            for g in parts_seen_by(Goal.objects.filter(direction__version=version), organisation).select_related(
                "direction"
            )
        }

    def rules(version: StrategyVersion) -> dict[str, str]:
        return {
            r.key: ("on" if r.enabled else "off") + str(sorted((r.parameters or {}).items()))
            for r in parts_seen_by(RuleSetting.objects.filter(version=version), organisation)
        }

    old_d, new_d = directions(old), directions(new)
    old_g, new_g = goals(old), goals(new)
    old_r, new_r = rules(old), rules(new)
    return {
        "directions": Comparison(
            added=[new_d[c] for c in new_d.keys() - old_d.keys()],
            removed=[old_d[c] for c in old_d.keys() - new_d.keys()],
            changed=[(c, old_d[c], new_d[c]) for c in old_d.keys() & new_d.keys() if old_d[c] != new_d[c]],
        ),
        "goals": Comparison(added=sorted(new_g - old_g), removed=sorted(old_g - new_g), changed=[]),
        "rules": Comparison(
            added=sorted(new_r.keys() - old_r.keys()),
            removed=sorted(old_r.keys() - new_r.keys()),
            changed=[(k, old_r[k], new_r[k]) for k in sorted(old_r.keys() & new_r.keys()) if old_r[k] != new_r[k]],
        ),
    }
