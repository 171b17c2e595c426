"""Writes to strategies. Views, commands and the API call these."""

import logging
import time
from pathlib import Path
from typing import Any

from django.db import transaction

from utblick.core import changes, jobs
from utblick.core.models import User
from utblick.core.services import model_delete, model_save

from .models import (
    Dimension,
    Direction,
    DocumentImport,
    DocumentImportStatus,
    Goal,
    StrategyReview,
    StrategyVersion,
    Theme,
    VersionStatus,
)


@transaction.atomic
def goal_save(*, goal: Goal, user: User, expected_version: int | None = None) -> Goal:
    return model_save(goal, user=user, expected_version=expected_version)


@transaction.atomic
def direction_save(*, direction: Direction, user: User, expected_version: int | None = None) -> Direction:
    return model_save(direction, user=user, expected_version=expected_version)


@transaction.atomic
def part_save(*, part: Any, user: User, expected_version: int | None = None) -> Any:
    """Dimensions, themes, governing documents and rule settings: validate and save with history."""
    return model_save(part, user=user, expected_version=expected_version)


@transaction.atomic
def part_delete(*, part: Any, user: User) -> None:
    model_delete(part, user=user)


@transaction.atomic
def strategy_review_record(
    *, review: StrategyReview, user: User, expected_version: int | None = None
) -> StrategyReview:
    return model_save(review, user=user, expected_version=expected_version)


@transaction.atomic
def version_copy_to_draft(*, version: StrategyVersion, label: str, user: User) -> StrategyVersion:
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


# -- Strategy documents read into a draft (X-7) ---------------------------------------------------


@transaction.atomic
def document_import_start(*, organisation: Any, upload: Any, user: User) -> DocumentImport:
    """Keep an uploaded strategy document and queue its reading; the page shows progress meanwhile."""
    record = DocumentImport(organisation=organisation, uploaded_by=user, filename=Path(upload.name).name[:255])
    record.file.save(record.filename, upload, save=False)
    model_save(record, user=user)
    jobs.job_enqueue(record, "utblick.strategies.tasks.read_strategy_document", record.pk)
    return record


def document_import_read(*, document_import: DocumentImport) -> DocumentImport:
    """Read the stored document into a draft to review; an unreadable one is marked failed and its file removed.

    Not one transaction: the page reads ``pages_read`` while the reading goes on.
    """
    from . import document_imports
    from .importer import DocumentImportError, read_document

    record = document_import
    last = 0.0

    def progress(done: int, total: int, stage: str = "text") -> None:
        nonlocal last
        if done == total or done == 1 or time.monotonic() - last > 0.5:
            last = time.monotonic()
            DocumentImport.objects.filter(pk=record.pk).update(pages_read=done, pages=total, ocr=stage == "ocr")

    try:
        with record.file.open("rb") as source:
            draft = read_document(source, record.filename, progress=progress)
    except DocumentImportError as error:
        record.status, record.error_code, record.error_params = DocumentImportStatus.FAILED, error.code, error.params
    except Exception:  # a reading must end in a state the page can show, whatever the file held
        logging.getLogger(__name__).exception("Reading the strategy document %s failed", record.pk)
        record.status, record.error_code = DocumentImportStatus.FAILED, "unexpected"
    else:
        record.status, record.text, record.draft = (
            DocumentImportStatus.READY,
            draft.text,
            document_imports.review_draft(draft),
        )
    if record.status == DocumentImportStatus.FAILED:
        record.file.delete(save=False)  # nothing of a document that could not be read is kept
    record.pages_read, record.pages, record.ocr = DocumentImport.objects.values_list("pages_read", "pages", "ocr").get(
        pk=record.pk
    )
    return model_save(record, user=record.uploaded_by)


@transaction.atomic
def document_import_save(
    *, document_import: DocumentImport, draft: dict, expected_version: int, user: User
) -> DocumentImport:
    """Store the coordinator's corrections; a stale ``expected_version`` raises EditConflict."""
    document_import.draft = draft
    return model_save(document_import, user=user, expected_version=expected_version)


@transaction.atomic
def document_import_confirm(
    *, document_import: DocumentImport, draft: dict, expected_version: int, user: User
) -> StrategyVersion:
    """Save the corrections and write the draft as a draft version of the organisation's strategy.

    All or nothing: a ``StrategyFileError`` leaves the draft, the strategy and the register as they were.
    """
    from . import document_imports, selectors
    from .files import strategy_draft_import
    from .importer.draft import strategy_file_dict

    record = document_import_save(
        document_import=document_import, draft=draft, expected_version=expected_version, user=user
    )
    organisation = record.organisation
    data = strategy_file_dict(
        document_imports.strategy_json(draft),
        organisation.slug,
        label=draft["label"],
        replaces=draft.get("replaces_version") or None,
    )
    version = strategy_draft_import(
        data, organisation=organisation, strategy=selectors.strategy_get_current(organisation=organisation), user=user
    )
    record.status, record.strategy_version = DocumentImportStatus.CONFIRMED, version
    model_save(record, user=user)
    changes.changed(version)
    return version


@transaction.atomic
def document_import_discard(*, document_import: DocumentImport, user: User) -> None:
    """Throw away a reading and its file; a confirmed draft version stays in the strategy."""
    document_import.file.delete(save=False)
    part_delete(part=document_import, user=user)
