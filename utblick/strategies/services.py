"""Writes to strategies. Views, commands and the API call these."""

from typing import Any

from django.db import transaction

from utblick.core import changes
from utblick.core.services import model_save

from .models import (
    Dimension,
    Direction,
    Goal,
    StrategyReview,
    StrategyVersion,
    Theme,
    VersionStatus,
)


@transaction.atomic
def goal_save(*, goal: Goal, user: Any) -> Goal:
    return model_save(goal, user=user)


@transaction.atomic
def direction_save(*, direction: Direction, user: Any) -> Direction:
    return model_save(direction, user=user)


@transaction.atomic
def part_save(*, part: Any, user: Any, expected_version: int | None = None) -> Any:
    """Dimensions, themes, governing documents and rule settings: validate and save with history."""
    return model_save(part, user=user, expected_version=expected_version)


@transaction.atomic
def part_delete(*, part: Any, user: Any) -> None:
    part._history_user = user
    part.delete()
    changes.changed(part)


@transaction.atomic
def strategy_review_record(*, review: StrategyReview, user: Any, expected_version: int | None = None) -> StrategyReview:
    return model_save(review, user=user, expected_version=expected_version)


@transaction.atomic
def version_copy_to_draft(*, version: StrategyVersion, label: str, user: Any) -> StrategyVersion:
    """A new draft with deep copies of the version's directions, goals, dimensions, indicators and rules."""
    draft = StrategyVersion(
        strategy=version.strategy,
        label=label,
        title=version.title,
        status=VersionStatus.DRAFT,
        replaces=version,
        summary=version.summary,
    )
    model_save(draft, user=user)
    draft.governing_documents.set(version.governing_documents.all())
    for direction in version.directions.all():
        goals = list(direction.goals.all())
        copy = Direction.objects.create(
            version=draft,
            code=direction.code,
            name=direction.name,
            description=direction.description,
            organisation=direction.organisation,
            order=direction.order,
        )
        for goal in goals:
            documents = list(goal.governing_documents.all())
            new_goal = Goal.objects.create(
                direction=copy,
                text=goal.text,
                description=goal.description,
                organisation=goal.organisation,
                order=goal.order,
            )
            new_goal.governing_documents.set(documents)
    for dimension in version.dimensions.all():
        themes = list(dimension.themes.all())
        copy_dimension = Dimension.objects.create(
            version=draft,
            code=dimension.code,
            name=dimension.name,
            description=dimension.description,
            organisation=dimension.organisation,
            order=dimension.order,
        )
        for theme in themes:
            Theme.objects.create(
                dimension=copy_dimension,
                code=theme.code,
                name=theme.name,
                description=theme.description,
                order=theme.order,
            )
    for indicator in version.indicators.all():
        indicator.pk = None
        indicator.id = None
        indicator.version = draft
        indicator._state.adding = True
        indicator.save()
    for setting in version.rule_settings.all():
        setting.pk = None
        setting.id = None
        setting.version = draft
        setting._state.adding = True
        setting.save()
    return draft
