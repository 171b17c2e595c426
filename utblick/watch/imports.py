"""Writing what the readers found: new items created, changed ones updated, the rest left alone.

Items are found by their source and identifier, so importing the same file again creates
nothing and changes nothing (only the time each item was last seen moves on, without a history
row). A changed item is updated with a history row, so a moved deadline shows in its history.
The whole import is one transaction: a file that fails half-way writes nothing.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from utblick.core import jobs
from utblick.core.models import User
from utblick.core.problems import RowProblem

from . import formats, text
from .choices import FileFormat, RunState
from .models import ImportRun, Item, ItemTerms, Source

BATCH_SIZE = 500
PROGRESS_EVERY = 2000
MAX_STORED_REJECTIONS = 500


class ImportFailed(Exception):
    """The file could not be imported; nothing was written. ``problems`` lists rows and columns for tables."""

    def __init__(self, message: str, problems: list[RowProblem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[formats.Rejection] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)

    def reject(self, rejection: formats.Rejection) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_STORED_REJECTIONS:
            self.rejections.append(rejection)

    @property
    def processed(self) -> int:
        return self.new + self.updated + self.unchanged + self.rejected


def terms_text(item: Item) -> list[str]:
    """The stems an item is ranked by; the title counts twice (the title says what a call is about)."""
    parts = [item.title, item.title, item.call_title, item.summary, item.keywords, item.type_of_action]
    parts.append(item.programme_name)
    return text.stems(" ".join(part for part in parts if part))


def _terms_row(item: Item) -> ItemTerms:
    stems = terms_text(item)
    return ItemTerms(item_id=item.pk, terms=f" {' '.join(stems)} ", length=len(stems))


def _apply(item: Item, data: formats.ItemData, source: Source) -> None:
    item.kind = data.kind or source.item_kind
    item.title = data.title
    item.summary = data.summary
    item.programme = data.programme
    item.programme_name = data.programme_name
    item.call_identifier = data.call_identifier
    item.call_title = data.call_title
    item.type_of_action = data.type_of_action
    item.keywords = data.keywords
    item.status = data.status
    item.opens_on = data.opens_on
    item.published_on = data.published_on
    item.set_deadlines(data.deadlines)
    item.budget = data.budget
    item.currency = data.currency if data.budget is not None else item.currency or "EUR"
    item.url = data.url
    item.language = data.language or source.language


def _batches(entries: Iterable[formats.Entry], size: int) -> Iterator[list[formats.Entry]]:
    iterator = iter(entries)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def items_write(
    *,
    source: Source,
    entries: Iterable[formats.Entry],
    user: User | None = None,
    batch_size: int = BATCH_SIZE,
) -> Counts:
    """Create, update or leave each entry's item; reject entries an item cannot be made of."""
    counts = Counts()
    seen: set[str] = set()
    now = timezone.now()
    user = user if getattr(user, "is_authenticated", False) else None
    fields = [*Item.CONTENT_FIELDS, "closes_on", "last_seen"]
    for batch in _batches(entries, batch_size):
        wanted: dict[str, formats.ItemData] = {}
        for entry in batch:
            if isinstance(entry, formats.Rejection):
                counts.reject(entry)
            elif entry.identifier in seen:
                counts.reject(formats.Rejection(entry.identifier, _("appears more than once in the file")))
            else:
                seen.add(entry.identifier)
                wanted[entry.identifier] = entry
        existing = {item.identifier: item for item in Item.objects.filter(source=source, identifier__in=wanted)}
        new, changed, unchanged = [], [], []
        for identifier, data in wanted.items():
            item = existing.get(identifier)
            creating = item is None
            if item is None:
                item = Item(source=source, identifier=identifier, first_seen=now, last_seen=now)
                before = None
            else:
                before = [getattr(item, name) for name in Item.CONTENT_FIELDS]
            _apply(item, data, source)
            try:
                item.full_clean(exclude=["source"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                counts.reject(formats.Rejection(identifier, "; ".join(error.messages)))
                continue
            if creating:
                new.append(item)
            elif [getattr(item, name) for name in Item.CONTENT_FIELDS] != before:
                item.last_seen = now
                changed.append(item)
            else:
                unchanged.append(item.pk)
        if new:
            created = bulk_create_with_history(new, Item, batch_size=batch_size, default_user=user)
            ItemTerms.objects.bulk_create([_terms_row(item) for item in created], batch_size=batch_size)
            counts.item_ids.extend(item.pk for item in created)
        if changed:
            bulk_update_with_history(changed, Item, fields=fields, batch_size=batch_size, default_user=user)
            ItemTerms.objects.filter(item__in=changed).delete()
            ItemTerms.objects.bulk_create([_terms_row(item) for item in changed], batch_size=batch_size)
            counts.item_ids.extend(item.pk for item in changed)
        if unchanged:
            # Seen again, unchanged: only the time moves on; no history row (nothing changed).
            Item.objects.filter(pk__in=unchanged).update(last_seen=now)
        counts.new += len(new)
        counts.updated += len(changed)
        counts.unchanged += len(unchanged)
    return counts


# -- Files --------------------------------------------------------------------------------------


def entries_from(stream: IO[bytes], file_format: str, *, source: Source, mapping: dict | None = None):
    """The reader for a format; tables are checked row by row first (all rows or none)."""
    if file_format == FileFormat.FT_SEARCH:
        return formats.read_ft_search(stream)
    if file_format == FileFormat.FT_BULK:
        return formats.read_ft_bulk(stream)
    if file_format in (FileFormat.RSS, FileFormat.ATOM):
        return formats.read_feed(stream.read(), kind=source.item_kind, language=source.language)
    if file_format in (FileFormat.CSV, FileFormat.XLSX):
        header, rows = formats.read_table(stream.read(), file_format)
        mapping = mapping or formats.default_mapping(header)
        unknown = sorted(set(mapping.values()) - set(header))
        if unknown:
            raise ImportFailed(_("The file has no column %(columns)s.") % {"columns": ", ".join(unknown)})
        items, problems = formats.rows_to_items(rows, mapping, language=source.language)
        if problems:
            raise ImportFailed(
                _("%(count)s problems; nothing was imported.") % {"count": len(problems)}, problems=problems
            )
        if not items:
            raise ImportFailed(_("The file has no rows."))
        return items
    raise ImportFailed(_("Unknown format: %(format)s") % {"format": file_format})


def guess_format(stream: IO[bytes], name: str = "") -> str:
    head = stream.read(65536)
    stream.seek(0)
    try:
        return formats.detect_format(head, name)
    except formats.FormatError as error:
        raise ImportFailed(str(error)) from error


def run_file_import(*, run: ImportRun, stream: IO[bytes], user: User | None = None) -> ImportRun:
    """Import one file into the run's source; the run records progress, counts and rejections.

    Two passes: the first reads the whole file without writing (a malformed file stops here, and
    the progress page shows how far it got); the second writes every item in one transaction.
    On failure the run records why and ``ImportFailed`` is raised; nothing of the file is written.
    """
    size = _size_of(stream)
    _progress(run, state=RunState.RUNNING, size=size, position=0, processed=0)
    try:
        if not run.file_format:
            run.file_format = guess_format(stream, run.file_name)
            ImportRun.objects.filter(pk=run.pk).update(file_format=run.file_format)
        read = 0
        for read, _entry in enumerate(_entries(run, stream), start=1):
            if read % PROGRESS_EVERY == 0:
                _progress(run, position=_position(stream), processed=read)
        _progress(run, state=RunState.WRITING, position=size, processed=read)
        stream.seek(0)
        counts = items_write(source=run.source, entries=_entries(run, stream), user=user)
    except (formats.FormatError, ImportFailed) as error:
        problems = getattr(error, "problems", [])
        _finish(run, state=RunState.FAILED, message=str(error), problems=problems)
        raise ImportFailed(str(error), problems=problems) from error
    _finish(run, state=RunState.DONE, counts=counts, position=size)
    run.item_ids = counts.item_ids  # type: ignore[attr-defined]
    return run


def _entries(run: ImportRun, stream: IO[bytes]) -> Iterable[formats.Entry]:
    return entries_from(stream, run.file_format, source=run.source, mapping=run.mapping or None)


def _progress(run: ImportRun, **values: Any) -> None:
    """Progress is written at once (outside any transaction), for the progress page to read."""
    ImportRun.objects.filter(pk=run.pk).update(**values, updated_at=timezone.now())
    for name, value in values.items():
        setattr(run, name, value)


def _size_of(stream: IO[bytes]) -> int:
    try:
        position = stream.tell()
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(position)
        return size
    except (OSError, AttributeError):
        return 0


def _position(stream: IO[bytes]) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return 0


def _finish(
    run: ImportRun,
    *,
    state: str,
    message: str = "",
    counts: Counts | None = None,
    problems: list | None = None,
    position: int | None = None,
) -> None:
    run.state = state
    run.message = message
    run.finished_at = timezone.now()
    if counts is not None:
        run.new, run.updated, run.unchanged, run.rejected = (
            counts.new,
            counts.updated,
            counts.unchanged,
            counts.rejected,
        )
        run.processed = counts.processed
        run.rejections = [{"at": r.at, "reason": r.reason} for r in counts.rejections]
    if problems:
        run.rejections = [problem.as_dict() for problem in problems[:500]]
    if position is not None:
        run.position = position
    run.save()


def import_path(
    *,
    path: Path,
    source: Source,
    file_format: str = "",
    mapping: dict | None = None,
    user: User | None = None,
) -> ImportRun:
    """For the command: import a file from disk (any size; the portal's reference file is streamed)."""
    run = ImportRun.objects.create(
        source=source, file_name=path.name, file_format=file_format, mapping=mapping or {}, started_by=user
    )
    with jobs.guarded(run), path.open("rb") as stream:  # whatever happens, the run does not stay running
        return run_file_import(run=run, stream=stream, user=user)
