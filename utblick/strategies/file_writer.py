"""Writing a checked strategy file into the database (docs/strategy-file.md).

The strategy's content becomes the file's, updated in place: versions are found by label,
directions and dimensions by code, themes by code within their dimension, indicators and rule
settings by key (and ``only_for``), goals by text. What stays keeps its row, so engagements and watch
profiles keep their directions and themes across a re-import; what the file no longer has is
removed. Only what the importer may write is touched (``file_access.ImportScope``): a co-owner's
own parts, reviews, ownership and governing-document links stay as they are.

Callers have validated the file (``files.validate``) and checked it (``file_access.check``).
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from utblick.organisations.models import Organisation

from .file_access import EVERYTHING, ImportScope
from .models import (
    Dimension,
    Direction,
    DocumentKind,
    Goal,
    GoverningDocument,
    Indicator,
    MandatePeriod,
    ReviewOutcome,
    RuleSetting,
    Strategy,
    StrategyOwnership,
    StrategyReview,
    StrategyVersion,
    Theme,
    VersionStatus,
)
from .registry import INDICATORS

Only = Callable[[dict], Organisation | None]


def strategy_write(data: dict[str, Any], *, scope: ImportScope) -> Strategy:
    orgs = {organisation.slug: organisation for organisation in Organisation.objects.all()}

    def only(part: dict) -> Organisation | None:
        return orgs[part["only_for"]] if part.get("only_for") else None

    strategy = Strategy.objects.filter(slug=data["slug"]).first() or Strategy(slug=data["slug"])
    strategy.name, strategy.description = data["name"], data.get("description", "")
    strategy.save()
    _write_owners(strategy, data["owners"], orgs)
    documents: dict[str, GoverningDocument] = {}
    for document in data.get("governing_documents", []):
        found, _created = GoverningDocument.objects.update_or_create(
            organisation=orgs[document["organisation"]],
            title=document["title"],
            defaults={
                "kind": document.get("kind", DocumentKind.OTHER),
                "adopted_on": document.get("adopted_on"),
                "url": document.get("url", ""),
                "description": document.get("description", ""),
            },
        )
        documents[document["title"]] = found
    before = {version.label: version for version in strategy.versions.all()}
    by_label: dict[str, StrategyVersion] = {}
    for version_data in data["versions"]:
        version = version_write(
            strategy, version_data, documents, only, scope=scope, version=before.get(version_data["label"])
        )
        by_label[version.label] = version
    for label, version in before.items():
        if label not in by_label:  # ``file_access`` made sure it holds nothing the importer may not remove
            version.delete()
    for version_data in data["versions"]:
        version = by_label[version_data["label"]]
        replaces = by_label[version_data["replaces"]] if version_data.get("replaces") else None
        if version.replaces_id != (replaces.pk if replaces else None):
            version.replaces = replaces
            version.save(update_fields=["replaces"])
    for review in strategy.reviews.all():
        if scope.owns(review.organisation_id):
            review.delete()
    for review in data.get("reviews", []):
        StrategyReview.objects.create(
            strategy=strategy,
            organisation=orgs[review["organisation"]],
            period=MandatePeriod.for_date(review["reviewed_on"]),
            reviewed_on=review["reviewed_on"],
            body=review.get("body", "Kommunstyrelsen"),
            outcome=review.get("outcome", ReviewOutcome.KEEP),
            summary=review.get("summary", ""),
            case_number=review.get("case_number", ""),
            document_url=review.get("document_url", ""),
        )
    return strategy


def _write_owners(strategy: Strategy, owners: list[dict], orgs: dict[str, Organisation]) -> None:
    """Owners named are kept or added, the others removed (``file_access`` allowed each change)."""
    before = {ownership.organisation_id: ownership for ownership in strategy.ownerships.all()}
    named = set()
    for owner in owners:
        organisation = orgs[owner["organisation"]]
        named.add(organisation.pk)
        ownership = before.get(organisation.pk) or StrategyOwnership(strategy=strategy, organisation=organisation)
        if ownership.pk is None or ownership.local_name != owner.get("local_name", ""):
            ownership.local_name = owner.get("local_name", "")
            ownership.save()
    for organisation_id, ownership in before.items():
        if organisation_id not in named:
            ownership.delete()


def version_write(
    strategy: Strategy,
    version_data: dict[str, Any],
    documents: dict[str, GoverningDocument],
    only: Only,
    *,
    scope: ImportScope = EVERYTHING,
    version: StrategyVersion | None = None,
) -> StrategyVersion:
    """One version with its directions, goals, dimensions, indicators and rule settings (``replaces`` aside)."""
    version = version or StrategyVersion(strategy=strategy, label=version_data["label"])
    version.title = version_data.get("title", "")
    version.status = version_data.get("status", VersionStatus.DRAFT)
    version.adopted_by = version_data.get("adopted_by", "")
    version.adopted_on = version_data.get("adopted_on")
    version.valid_from = version_data.get("valid_from")
    version.case_number = version_data.get("case_number", "")
    version.document_url = version_data.get("document_url", "")
    version.summary = version_data.get("summary", "")
    version.save()
    _set_documents(version, [documents[title] for title in version_data.get("governing_documents", [])], scope)

    directions = _writable(version.directions.all(), scope, key=lambda direction: direction.code)
    for order, direction_data in enumerate(version_data.get("directions", [])):
        direction = directions.pop(direction_data["code"], None) or Direction(
            version=version, code=direction_data["code"]
        )
        direction.name = direction_data["name"]
        direction.description = direction_data.get("description", "")
        direction.organisation = only(direction_data)
        direction.order = order
        direction.save()
        _write_goals(direction, direction_data.get("goals", []), documents, only, scope)
    _delete(directions)

    dimensions = _writable(version.dimensions.all(), scope, key=lambda dimension: dimension.code)
    for order, dimension_data in enumerate(version_data.get("dimensions", [])):
        dimension: Dimension = dimensions.pop(dimension_data["code"], None) or Dimension(
            version=version, code=dimension_data["code"]
        )
        dimension.name = dimension_data["name"]
        dimension.description = dimension_data.get("description", "")
        dimension.organisation = only(dimension_data)
        dimension.order = order
        dimension.save()
        themes = {theme.code: theme for theme in dimension.themes.all()}
        for theme_order, theme_data in enumerate(dimension_data.get("themes", [])):
            theme = themes.pop(theme_data["code"], None) or Theme(dimension=dimension, code=theme_data["code"])
            theme.name = theme_data["name"]
            theme.description = theme_data.get("description", "")
            theme.order = theme_order
            theme.save()
        _delete(themes)
    _delete(dimensions)

    indicators = _writable(version.indicators.all(), scope, key=lambda part: (part.key, part.organisation_id))
    for order, indicator_data in enumerate(version_data.get("indicators", [])):
        organisation = only(indicator_data)
        key = (indicator_data["key"], organisation.pk if organisation else None)
        indicator = indicators.pop(key, None) or Indicator(version=version, key=indicator_data["key"])
        target = indicator_data.get("target")
        indicator.good_direction = indicator_data.get("good_direction", INDICATORS[indicator.key].good_direction)
        indicator.target = Decimal(str(target)) if target is not None else None
        indicator.target_year = indicator_data.get("target_year")
        indicator.organisation = organisation
        indicator.order = order
        indicator.save()
    _delete(indicators)

    settings = _writable(version.rule_settings.all(), scope, key=lambda part: (part.key, part.organisation_id))
    for order, rule_data in enumerate(version_data.get("rules", [])):
        organisation = only(rule_data)
        key = (rule_data["key"], organisation.pk if organisation else None)
        setting = settings.pop(key, None) or RuleSetting(version=version, key=rule_data["key"])
        setting.enabled = rule_data.get("enabled", True)
        setting.parameters = rule_data.get("parameters", {})
        setting.note = rule_data.get("note", "")
        setting.organisation = organisation
        setting.order = order
        setting.save()
    _delete(settings)
    return version


def _write_goals(direction: Direction, goals_data: list[dict], documents: dict, only: Only, scope: ImportScope) -> None:
    """Goals have no code: one with the same text keeps its row."""
    before: dict[str, list[Goal]] = {}
    for goal in direction.goals.order_by("order", "pk"):
        if scope.writes(goal):
            before.setdefault(goal.text, []).append(goal)
    for order, goal_data in enumerate(goals_data):
        same = before.get(goal_data["text"])
        goal = same.pop(0) if same else Goal(direction=direction, text=goal_data["text"])
        goal.description = goal_data.get("description", "")
        goal.organisation = only(goal_data)
        goal.order = order
        goal.save()
        _set_documents(goal, [documents[title] for title in goal_data.get("governing_documents", [])], scope)
    _delete({goal.pk: goal for goals in before.values() for goal in goals})


def _set_documents(holder: Any, documents: list[GoverningDocument], scope: ImportScope) -> None:
    """The file's documents, and the links to documents of organisations the import does not write for."""
    others = [document for document in holder.governing_documents.all() if not scope.owns(document.organisation_id)]
    holder.governing_documents.set([*documents, *others])


def _writable(parts: Any, scope: ImportScope, *, key: Callable[[Any], Any]) -> dict[Any, Any]:
    return {key(part): part for part in parts if scope.writes(part)}


def _delete(parts: dict[Any, Any]) -> None:
    for part in parts.values():
        part.delete()
