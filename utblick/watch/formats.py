"""Readers for the formats of docs/watch-formats.md: each yields ``ItemData`` or ``Rejection`` per entry.

A reader raises ``FormatError`` when the file as a whole cannot be read (not JSON, not XML, the
expected list missing): then nothing is written. An entry that lacks what an item needs (an
identifier, a title) is a ``Rejection`` with its reason; the other entries are imported. Fields
the readers do not know are ignored. The portal's reference file is streamed with ijson, so its
size does not matter.
"""

import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import ijson
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import spreadsheets
from utblick.core.library_errors import json_problem, xml_problem
from utblick.core.problems import RowProblem

from . import programmes, text
from .amounts import parse_amount
from .choices import FT_STATUS_CODES, FileFormat, ItemKind, ItemStatus


class FormatError(Exception):
    """The file cannot be read at all; nothing is written."""


@dataclass
class ItemData:
    identifier: str
    title: str
    kind: str = ""
    summary: str = ""
    programme: str = ""
    programme_name: str = ""
    call_identifier: str = ""
    call_title: str = ""
    type_of_action: str = ""
    keywords: str = ""
    status: str = ""
    opens_on: datetime.date | None = None
    published_on: datetime.date | None = None
    deadlines: list[datetime.date] = field(default_factory=list)
    budget: Decimal | None = None
    currency: str = "EUR"
    url: str = ""
    language: str = ""


@dataclass(frozen=True)
class Rejection:
    at: str  # "object 17", "row 5", "entry 3"
    reason: str

    def __str__(self) -> str:
        return f"{self.at}: {self.reason}"


Entry = ItemData | Rejection


# -- Recognising the format -------------------------------------------------------------------


def detect_format(head: bytes, name: str = "") -> str:
    """The format of a file from its name and first bytes; FormatError when it is none of ours."""
    lowered = name.lower()
    if head.startswith(b"PK\x03\x04") or lowered.endswith(".xlsx"):
        return FileFormat.XLSX
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:65536]
    if start.startswith(b"{"):
        if b'"fundingData"' in start:
            return FileFormat.FT_BULK
        if b'"results"' in start:
            return FileFormat.FT_SEARCH
        raise FormatError(
            _("The file is JSON, but neither a search result nor a reference file of the Funding & Tenders portal.")
        )
    if start.startswith(b"<"):
        if re.search(rb"<rss[\s>]", start) or re.search(rb"<rdf:RDF[\s>]", start):
            return FileFormat.RSS
        if re.search(rb"<feed[\s>]", start):
            return FileFormat.ATOM
        raise FormatError(_("The file is XML, but neither an RSS nor an Atom feed."))
    if lowered.endswith(".csv") or b"," in start.split(b"\n", 1)[0] or b";" in start.split(b"\n", 1)[0]:
        return FileFormat.CSV
    raise FormatError(_("The file's format was not recognised. Choose the format, or see the list of formats."))


# -- Small parsers ------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y")


def parse_date(value: Any) -> datetime.date | None:
    """ISO dates and datetimes, the portal's "2026-04-15T00:00:00.000+0000", and common written dates."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    textual = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", textual)
    if match:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(textual, pattern).date()
        except ValueError:
            continue
    raise ValueError(textual)


def date_from_epoch_ms(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    return datetime.datetime.fromtimestamp(int(value) / 1000, tz=datetime.UTC).date()


STATUS_WORDS = {
    "open": ItemStatus.OPEN,
    "öppen": ItemStatus.OPEN,
    "öppet": ItemStatus.OPEN,
    "forthcoming": ItemStatus.FORTHCOMING,
    "kommande": ItemStatus.FORTHCOMING,
    "planned": ItemStatus.FORTHCOMING,
    "closed": ItemStatus.CLOSED,
    "stängd": ItemStatus.CLOSED,
    "stängt": ItemStatus.CLOSED,
}


def parse_status(value: Any) -> str:
    textual = str(value or "").strip().lower()
    if not textual:
        return ""
    if textual in FT_STATUS_CODES:
        return FT_STATUS_CODES[textual]
    if textual in STATUS_WORDS:
        return STATUS_WORDS[textual]
    raise ValueError(textual)


def _first(values: Any) -> str:
    if isinstance(values, list):
        return str(values[0]).strip() if values else ""
    return "" if values is None else str(values).strip()


def _all(values: Any) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    return [str(value).strip() for value in values if str(value).strip()]


# -- Streaming JSON -----------------------------------------------------------------------------


def _require_array(stream: IO[bytes], path: str) -> None:
    """Check that the JSON holds a list at ``path`` (it comes first in the portal's files)."""
    try:
        for prefix, event, _value in ijson.parse(stream):
            if prefix == path and event == "start_array":
                return
    except ijson.JSONError as error:
        raise FormatError(_("The file is not valid JSON: %(error)s") % {"error": json_problem(error)}) from error
    raise FormatError(_("The file holds no list “%(path)s”; it is not in the expected format.") % {"path": path})


def _stream_objects(stream: IO[bytes], path: str) -> Iterator[Any]:
    _require_array(stream, path)
    stream.seek(0)
    try:
        yield from ijson.items(stream, f"{path}.item", use_float=True)
    except ijson.JSONError as error:
        raise FormatError(
            _("The file is not valid JSON near byte %(position)s: %(error)s")
            % {"position": stream.tell(), "error": json_problem(error)}
        ) from error


def read_ft_search(stream: IO[bytes]) -> Iterator[Entry]:
    """The portal's search API response: ``results[].metadata`` holds lists of strings per field."""
    for number, result in enumerate(_stream_objects(stream, "results"), start=1):
        at = _("result %(number)s") % {"number": number}
        if not isinstance(result, dict):
            yield Rejection(at, _("not an object"))
            continue
        metadata = result.get("metadata") or {}
        if not isinstance(metadata, dict):
            yield Rejection(at, _("its metadata is not an object"))
            continue
        identifier = _first(metadata.get("identifier")) or str(result.get("reference") or "").strip()
        title = _first(metadata.get("title")) or _first(metadata.get("callTitle"))
        if not identifier:
            yield Rejection(at, _("no identifier"))
            continue
        if not title:
            yield Rejection(at, _("%(identifier)s has no title") % {"identifier": identifier})
            continue
        try:
            deadlines = [day for day in (parse_date(v) for v in _all(metadata.get("deadlineDate"))) if day]
            opens_on = parse_date(_first(metadata.get("startDate")))
            status = parse_status(_first(metadata.get("status")))
        except ValueError as error:
            yield Rejection(
                at, _("%(identifier)s: unreadable value “%(value)s”") % {"identifier": identifier, "value": error}
            )
            continue
        programme_id = _first(metadata.get("frameworkProgramme"))
        key, name = programmes.from_ft_id(programme_id) if programme_id else ("", "")
        summary = text.plain_text(_first(metadata.get("description")) or str(result.get("summary") or ""))
        yield ItemData(
            identifier=identifier,
            title=text.plain_text(title),
            kind=ItemKind.CALL,
            summary=summary,
            programme=key,
            programme_name=name,
            call_identifier=_first(metadata.get("callIdentifier")),
            call_title=text.plain_text(_first(metadata.get("callTitle"))),
            type_of_action=", ".join(_all(metadata.get("typesOfAction"))),
            keywords=", ".join(_all(metadata.get("keywords"))),
            status=status,
            opens_on=opens_on,
            deadlines=deadlines,
            url=str(result.get("url") or "").strip(),
            language=_first(metadata.get("language")) or "en",
        )


BULK_STATUS = {"open": ItemStatus.OPEN, "forthcoming": ItemStatus.FORTHCOMING, "closed": ItemStatus.CLOSED}


def read_ft_bulk(stream: IO[bytes]) -> Iterator[Entry]:
    """The portal's reference file of every call: ``fundingData.GrantTenderObj[]``, streamed."""
    for number, obj in enumerate(_stream_objects(stream, "fundingData.GrantTenderObj"), start=1):
        at = _("object %(number)s") % {"number": number}
        if not isinstance(obj, dict):
            yield Rejection(at, _("not an object"))
            continue
        identifier = str(obj.get("identifier") or "").strip()
        title = str(obj.get("title") or obj.get("callTitle") or "").strip()
        if not identifier:
            yield Rejection(at, _("no identifier"))
            continue
        if not title:
            yield Rejection(at, _("%(identifier)s has no title") % {"identifier": identifier})
            continue
        status = obj.get("status") or {}
        abbreviation = str(status.get("abbreviation") if isinstance(status, dict) else status or "").strip().lower()
        framework = obj.get("frameworkProgramme") or {}
        key, name = "", ""
        if isinstance(framework, dict) and (framework.get("abbreviation") or framework.get("description")):
            key, name = programmes.from_text(str(framework.get("abbreviation") or framework.get("description")))
            if key not in programmes.BY_KEY:
                name = str(framework.get("description") or framework.get("abbreviation"))
        try:
            deadlines = [day for day in (date_from_epoch_ms(v) for v in obj.get("deadlineDatesLong") or []) if day]
            published = date_from_epoch_ms(obj.get("publicationDateLong"))
        except (TypeError, ValueError, OverflowError):
            yield Rejection(
                at, _("%(identifier)s: a date is not a number of milliseconds") % {"identifier": identifier}
            )
            continue
        words = _all(obj.get("keywords")) + _all(obj.get("tags"))
        yield ItemData(
            identifier=identifier,
            title=text.plain_text(title),
            kind=ItemKind.CALL,
            programme=key,
            programme_name=name,
            call_identifier=str(obj.get("callIdentifier") or "").strip(),
            call_title=text.plain_text(str(obj.get("callTitle") or "")),
            keywords=", ".join(dict.fromkeys(words)),
            status=BULK_STATUS.get(abbreviation, ""),
            published_on=published,
            deadlines=deadlines,
            language="en",
        )


# -- Feeds --------------------------------------------------------------------------------------


def read_feed(data: bytes, *, kind: str = ItemKind.NEWS, language: str = "") -> Iterator[Entry]:
    """RSS 2.0 and Atom through feedparser; a feed that is not well-formed XML is refused whole.

    feedparser's XML parser is defusedxml's (``feed_xml``), so a feed that declares entities is
    refused. The bytes go in as a stream: feedparser takes bytes that name a file on the server for
    that file's name, and would read the file.
    """
    import feedparser

    parsed = _feedparser_parse(data)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, feedparser.CharacterEncodingOverride):
        raise FormatError(_("The feed is not well-formed XML: %(error)s") % {"error": xml_problem(problem)})
    if not parsed.get("version"):
        raise FormatError(_("The file is neither an RSS nor an Atom feed."))
    feed_language = language or (parsed.feed.get("language") or "")[:10]
    for number, entry in enumerate(parsed.entries, start=1):
        at = _("entry %(number)s") % {"number": number}
        identifier = (entry.get("id") or entry.get("link") or "").strip()
        title = text.plain_text(entry.get("title") or "")
        if not identifier:
            yield Rejection(at, _("no identifier or link"))
            continue
        if not title:
            yield Rejection(at, _("%(identifier)s has no title") % {"identifier": identifier})
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        yield ItemData(
            identifier=identifier[:250],
            title=title,
            kind=kind,
            summary=text.plain_text(entry.get("summary") or ""),
            keywords=", ".join(tag.get("term", "") for tag in entry.get("tags") or [] if tag.get("term")),
            published_on=datetime.date(*published[:3]) if published else None,
            url=(entry.get("link") or "")[:1000],
            language=(entry.get("language") or feed_language)[:10],
        )


def _feedparser_parse(data: bytes) -> Any:
    import feedparser
    import feedparser.api
    from defusedxml import DefusedXmlException

    feedparser.api.PREFERRED_XML_PARSERS[:] = ["utblick.watch.feed_xml"]
    try:
        return feedparser.parse(io.BytesIO(data))
    except DefusedXmlException as error:
        raise FormatError(
            _(
                "The feed declares XML entities of its own; Utblick does not read such feeds (they can be used to attack it)."
            )
        ) from error


# -- CSV and XLSX with a column mapping ---------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    label: Any
    required: bool = False
    aliases: tuple[str, ...] = ()


def _targets() -> list[Target]:
    return [
        Target(
            "title",
            gettext_lazy("Title"),
            True,
            ("title", "titel", "rubrik", "name", "namn", "call title", "utlysning"),
        ),
        Target(
            "identifier",
            gettext_lazy("Identifier"),
            False,
            ("identifier", "id", "reference", "referens", "diarienummer", "topic"),
        ),
        Target(
            "summary",
            gettext_lazy("Summary"),
            False,
            ("summary", "sammanfattning", "description", "beskrivning", "text"),
        ),
        Target(
            "programme",
            gettext_lazy("Programme"),
            False,
            ("programme", "program", "program name", "fund", "fond", "finansiär"),
        ),
        Target("call_identifier", gettext_lazy("Call"), False, ("call", "call identifier", "utlysningsnummer")),
        Target("status", gettext_lazy("Status"), False, ("status", "state")),
        Target(
            "opens_on", gettext_lazy("Opens"), False, ("opens", "opening date", "start date", "öppnar", "startdatum")
        ),
        Target(
            "deadline",
            gettext_lazy("Deadline"),
            False,
            (
                "deadline",
                "deadlines",
                "closing date",
                "sista ansökningsdag",
                "ansök senast",
                "sista dag",
                "end date",
                "slutdatum",
            ),
        ),
        Target("budget", gettext_lazy("Budget"), False, ("budget", "amount", "belopp", "total budget")),
        Target("url", gettext_lazy("Address (URL)"), False, ("url", "link", "länk", "webbadress", "address")),
        Target("language", gettext_lazy("Language"), False, ("language", "språk", "lang")),
        Target(
            "keywords", gettext_lazy("Keywords"), False, ("keywords", "nyckelord", "sökord", "tags", "theme", "tema")
        ),
        Target("kind", gettext_lazy("Kind (call, news, consultation)"), False, ("kind", "type", "typ")),
    ]


def targets() -> list[Target]:
    return _targets()


def default_mapping(header: Iterable[str]) -> dict[str, str]:
    """Each target field mapped to the first column whose name is one of its usual names."""
    columns = [column for column in header if column]
    lowered = {column.strip().lower(): column for column in columns}
    mapping: dict[str, str] = {}
    for target in _targets():
        for alias in target.aliases:
            if alias in lowered and lowered[alias] not in mapping.values():
                mapping[target.name] = lowered[alias]
                break
    return mapping


def read_table(data: bytes, file_format: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV (comma, semicolon or tab; UTF-8) or XLSX file."""
    try:
        return spreadsheets.read_table(data, xlsx=file_format == FileFormat.XLSX)
    except spreadsheets.SpreadsheetError as error:
        raise FormatError(error.message) from error


def _currency(amount: str) -> str:
    lowered = amount.lower()
    if "sek" in lowered or "kr" in lowered:
        return "SEK"
    if "eur" in lowered or "€" in lowered:
        return "EUR"
    return ""


KINDS = {
    "call": ItemKind.CALL,
    "utlysning": ItemKind.CALL,
    "news": ItemKind.NEWS,
    "nyhet": ItemKind.NEWS,
    "consultation": ItemKind.CONSULTATION,
    "samråd": ItemKind.CONSULTATION,
    "remiss": ItemKind.CONSULTATION,
}


def rows_to_items(
    rows: list[dict[str, str]], mapping: dict[str, str], *, language: str = ""
) -> tuple[list[ItemData], list[RowProblem]]:
    """Every row checked; the problems name their row (the header is row 1) and column. Amounts are read in
    the row's language, else the source's (``language``)."""
    problems: list[RowProblem] = []
    items: list[ItemData] = []
    if "title" not in mapping:
        return [], [RowProblem(1, "", _("Choose the column that holds the title."))]
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):

        def value(target: str, row: dict[str, str] = row) -> str:
            column = mapping.get(target)
            return (row.get(column) or "").strip() if column else ""

        def problem(target: str, message: str, number: int = number) -> None:
            problems.append(RowProblem(number, mapping.get(target, target), message))

        title = value("title")
        if not title:
            problem("title", _("A title is required."))
        identifier = value("identifier") or value("url") or title
        if identifier in seen:
            problem("identifier", _("The same identifier as row %(row)s.") % {"row": seen[identifier]})
        seen.setdefault(identifier, number)
        try:
            opens_on = parse_date(value("opens_on"))
        except ValueError:
            problem("opens_on", _("Write the date as YYYY-MM-DD."))
            opens_on = None
        deadlines = []
        for part in re.split(r"[;\n]|,(?=\s*\d{4}-)", value("deadline")):
            try:
                day = parse_date(part.strip())
            except ValueError:
                problem("deadline", _("Write the date as YYYY-MM-DD (several separated by ;)."))
                continue
            if day:
                deadlines.append(day)
        try:
            status = parse_status(value("status"))
        except ValueError:
            problem("status", _("Use open, forthcoming or closed (öppen, kommande, stängd)."))
            status = ""
        try:
            budget = parse_amount(value("budget"), value("language") or language)
        except ValueError:
            problem("budget", _("Write the amount as a number."))
            budget = None
        url = value("url")
        if url and not re.match(r"^https?://\S+$", url):
            problem("url", _("Write a full address starting with https://."))
        kind = ""
        if value("kind"):
            kind = KINDS.get(value("kind").lower(), "")
            if not kind:
                problem("kind", _("Use call, news or consultation."))
        key, name = programmes.from_text(value("programme"))
        if not key and value("call_identifier"):
            guessed, guessed_name = programmes.from_text(value("call_identifier"))
            if guessed in programmes.BY_KEY:
                key, name = guessed, guessed_name
        items.append(
            ItemData(
                identifier=identifier[:250],
                title=title[:500],
                kind=kind,
                summary=text.plain_text(value("summary")),
                programme=key[:120],
                programme_name=name[:250],
                call_identifier=value("call_identifier")[:250],
                keywords=value("keywords"),
                status=status,
                opens_on=opens_on,
                deadlines=deadlines,
                budget=budget,
                currency=_currency(value("budget")),
                url=url[:1000],
                language=value("language")[:10],
            )
        )
    return items, problems
