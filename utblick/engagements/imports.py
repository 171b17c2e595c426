"""Bulk import of engagements from CSV or XLSX, one documented column layout per kind.

Every row is checked first and every problem reported with its row and column; only a file
without problems is written, all rows in one transaction (docs/engagement-import.md).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from utblick.core import changes, jobs
from utblick.core.models import User
from utblick.core.problems import RowProblem
from utblick.core.spreadsheets import SpreadsheetError, read_table
from utblick.organisations.models import Organisation, Person, Unit
from utblick.organisations.permissions import units_writable_by
from utblick.organisations.register_stamps import register_changed

from .choices import AgreementType, Kind, Programme, ProjectRole, ProjectStage, SeatHolder, Status, VisitDirection
from .forms import current_directions
from .models import (
    KIND_MODELS,
    Advocacy,
    Agreement,
    Engagement,
    EngagementImport,
    NetworkMembership,
    Partner,
    Project,
    Representation,
    Training,
    Trip,
    Visit,
)

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: Any


COMMON = [
    Column("title", True, gettext_lazy("The engagement's title.")),
    Column("unit", True, gettext_lazy("The responsible unit: its short name (slug) or its full name.")),
    Column("status", False, gettext_lazy("idea, planned, ongoing, completed or cancelled (default planned).")),
    Column("starts_on", False, gettext_lazy("Start date, YYYY-MM-DD.")),
    Column("ends_on", False, gettext_lazy("End date, YYYY-MM-DD.")),
    Column(
        "directions",
        False,
        gettext_lazy("The strategy's directions by name or code, separated by ';'. Required past the idea stage."),
    ),
    Column("description", False, gettext_lazy("Free text.")),
    Column("expected_results", False, gettext_lazy("Free text.")),
    Column("achieved_results", False, gettext_lazy("Free text.")),
    Column("case_number", False, gettext_lazy("Case number (diarienummer) in the organisation's format.")),
    Column("countries", False, gettext_lazy("Two-letter country codes separated by ','.")),
]
KIND_COLUMNS: dict[str, list[Column]] = {
    Kind.PROJECT: [
        Column(
            "programme",
            False,
            gettext_lazy("interreg, erasmus, horizon, life, esf, cerv, amif, creative_europe, sida, national, other."),
        ),
        Column("call_identifier", False, gettext_lazy("The call's identifier.")),
        Column("role", False, gettext_lazy("lead or partner.")),
        Column("stage", False, gettext_lazy("idea, preparing, submitted, granted, rejected, ongoing, completed.")),
        Column("total_budget", False, gettext_lazy("Whole number, SEK.")),
        Column("funding_granted", False, gettext_lazy("Whole number, SEK.")),
        Column("is_aid", False, gettext_lazy("yes or no: an aid project.")),
    ],
    Kind.MEMBERSHIP: [
        Column("network", True, gettext_lazy("The network's name; a new partner is added when none has it.")),
        Column("network_country", False, gettext_lazy("The network's country code (default SE).")),
        Column("network_city", False, gettext_lazy("Where the network sits, e.g. Bonn; places it on the map.")),
        Column("network_latitude", False, gettext_lazy("Its latitude in decimal degrees, when the city is not found.")),
        Column("network_longitude", False, gettext_lazy("Its longitude in decimal degrees.")),
        Column("purpose", False, gettext_lazy("Why the organisation is a member.")),
        Column("demands", False, gettext_lazy("Demands and alliances pursued.")),
        Column("yearly_fee", False, gettext_lazy("Whole number, SEK.")),
    ],
    Kind.AGREEMENT: [
        Column("partner_city", True, gettext_lazy("The partner city's name.")),
        Column("partner_country", True, gettext_lazy("Its two-letter country code.")),
        Column("partner_latitude", False, gettext_lazy("Its latitude in decimal degrees, when the city is not found.")),
        Column("partner_longitude", False, gettext_lazy("Its longitude in decimal degrees.")),
        Column("agreement_type", False, gettext_lazy("twin, friendship, cooperation or sister.")),
        Column("signed_on", False, gettext_lazy("YYYY-MM-DD.")),
        Column("aim", False, gettext_lazy("The agreement's concrete aim.")),
    ],
    Kind.VISIT: [
        Column("visit_kind", True, gettext_lazy("incoming, outgoing or conference.")),
        Column("requester", False, gettext_lazy("Who asked for the visit.")),
        Column("group_size", False, gettext_lazy("Number of visitors.")),
        Column("purpose", False, gettext_lazy("Free text.")),
    ],
    Kind.TRIP: [
        Column("travellers", False, gettext_lazy("Number of travellers (default 1). Legs are added in the app."))
    ],
    Kind.TRAINING: [
        Column("topic", True, gettext_lazy("E.g. EU programmes.")),
        Column("politicians", False, gettext_lazy("Participants who are elected representatives.")),
        Column("management", False, gettext_lazy("Participants from management.")),
        Column("staff", False, gettext_lazy("Other staff.")),
    ],
    Kind.REPRESENTATION: [
        Column("person", True, gettext_lazy("The seat holder's name, as in the people register.")),
        Column("holder", True, gettext_lazy("politician or official.")),
        Column("body", True, gettext_lazy("The board, committee, network or forum.")),
    ],
    Kind.ADVOCACY: [
        Column("file_reference", True, gettext_lazy("The EU file or process followed.")),
        Column("position", True, gettext_lazy("The position taken.")),
        Column("outcome", False, gettext_lazy("The outcome, when known.")),
    ],
}


def columns_for(kind: str) -> list[Column]:
    return COMMON + KIND_COLUMNS.get(kind, [])


class ImportRejected(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("\n".join(str(problem) for problem in problems[:20]))
        self.problems = problems


def read_rows(upload: Any) -> list[dict[str, str]]:
    """Rows as dictionaries from a CSV (comma, semicolon or tab; UTF-8) or XLSX file."""
    if upload.size > MAX_BYTES:
        raise ImportRejected([RowProblem(0, "", _("The file is larger than 10 MB."))])
    name = upload.name.lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ImportRejected([RowProblem(0, "", _("Upload a .csv or .xlsx file."))])
    try:
        _header, rows = read_table(upload.read(), xlsx=name.endswith(".xlsx"))
    except SpreadsheetError as error:
        raise ImportRejected([RowProblem(0, "", error.message)]) from error
    return rows


class _RowReader:
    def __init__(self, row: dict[str, str], number: int, problems: list[RowProblem]):
        self.row, self.row_number, self.problems = row, number, problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.row_number, column, message))

    def text(self, column: str, required: bool = False) -> str:
        value = self.row.get(column, "").strip()
        if required and not value:
            self.problem(column, _("A value is required."))
        return value

    def date(self, column: str) -> datetime.date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(column, _("Write the date as YYYY-MM-DD."))
            return None

    def number(self, column: str) -> int | None:
        value = self.text(column).replace(" ", "").replace("\u00a0", "")
        if not value:
            return None
        try:
            return int(Decimal(value.replace(",", ".")))
        except (InvalidOperation, ValueError):
            self.problem(column, _("Write a whole number."))
            return None

    def coordinates(self, latitude_column: str, longitude_column: str) -> tuple[float, float] | None:
        """A place in decimal degrees (a comma or a point), both or neither."""
        found: list[float] = []
        for column, bound in ((latitude_column, 90), (longitude_column, 180)):
            value = self.text(column).replace(",", ".")
            if not value:
                continue
            try:
                number = float(value)
            except ValueError:
                self.problem(column, _("Write decimal degrees, e.g. 54.35."))
                continue
            if not -bound <= number <= bound:
                self.problem(column, _("Decimal degrees between -%(bound)s and %(bound)s.") % {"bound": bound})
                continue
            found.append(number)
        if len(found) == 1:
            self.problem(longitude_column, _("Give both latitude and longitude, or neither."))
        return (found[0], found[1]) if len(found) == 2 else None

    def choice(self, column: str, choices: Any, default: str = "", required: bool = False) -> str:
        value = self.text(column, required=required).lower() or default
        if value and value not in choices.values:
            self.problem(column, _("Use one of: %(values)s.") % {"values": ", ".join(choices.values)})
        return value

    def boolean(self, column: str) -> bool:
        value = self.text(column).lower()
        if value in ("", "no", "nej", "0", "false"):
            return False
        if value in ("yes", "ja", "1", "true"):
            return True
        self.problem(column, _("Write yes or no."))
        return False


def engagements_import(*, upload: Any, kind: str, organisation: Organisation, user: User) -> list[Engagement]:
    rows = read_rows(upload)
    return engagements_import_rows(rows=rows, kind=kind, organisation=organisation, user=user)


PROGRESS_EVERY = 250  # rows between two progress reports


def engagements_import_rows(
    *,
    rows: list[dict[str, str]],
    kind: str,
    organisation: Organisation,
    user: User,
    progress: Callable[[int], None] | None = None,
) -> list[Engagement]:
    """Check every row, then write all of them in one transaction, or raise ``ImportRejected``.

    ``progress`` is told how many rows have been checked, every few hundred rows.
    """
    if kind not in Kind.values:
        raise ImportRejected([RowProblem(0, "", _("Unknown kind of engagement."))])
    problems: list[RowProblem] = []
    if not rows:
        raise ImportRejected([RowProblem(0, "", _("The file has no rows."))])
    known = {column.name for column in columns_for(kind)}
    for column in columns_for(kind):
        if column.required and column.name not in rows[0]:
            problems.append(RowProblem(1, column.name, _("The column is missing.")))
    unknown = sorted(set(rows[0]) - known)
    for name in unknown:
        problems.append(RowProblem(1, name, _("Unknown column; see the template.")))
    if problems:
        raise ImportRejected(problems)

    units: dict[str, Unit] = {}
    for candidate in Unit.objects.filter(organisation=organisation):
        units[candidate.slug.lower()] = candidate
        units[candidate.name.lower()] = candidate
    directions_qs, _themes = current_directions(organisation)
    directions = {}
    for direction in directions_qs:
        directions[direction.code.lower()] = direction
        directions[direction.name.lower()] = direction
    people = {person.name.lower(): person for person in Person.objects.filter(organisation=organisation)}
    partners = {(p.name.lower(), p.country): p for p in Partner.objects.filter(organisation=organisation)}
    writable = set(units_writable_by(user, organisation).values_list("pk", flat=True))
    prepared: list[tuple[Engagement, Any, list, tuple | None]] = []
    for index, row in enumerate(rows, start=2):  # row 1 is the header
        if progress is not None and (index - 2) % PROGRESS_EVERY == 0:
            progress(index - 2)
        read = _RowReader(row, index, problems)
        unit = units.get(read.text("unit", required=True).lower())
        if read.text("unit") and unit is None:
            read.problem(
                "unit",
                _("%(organisation)s has no unit with this name or short name.") % {"organisation": organisation.name},
            )
        elif unit is not None and unit.pk not in writable:
            read.problem("unit", _("You may not record engagements for this unit."))
        engagement = Engagement(
            organisation=organisation,
            owner_unit=unit,
            kind=kind,
            title=read.text("title", required=True),
            status=read.choice("status", Status, default=Status.PLANNED),
            starts_on=read.date("starts_on"),
            ends_on=read.date("ends_on"),
            description=read.text("description"),
            expected_results=read.text("expected_results"),
            achieved_results=read.text("achieved_results"),
            case_number=read.text("case_number"),
            countries=[code.strip().upper() for code in read.text("countries").split(",") if code.strip()],
        )
        chosen = []
        for name in [part.strip() for part in read.text("directions").split(";") if part.strip()]:
            direction = directions.get(name.lower()) or directions.get(slugify(name))
            if direction is None:
                read.problem("directions", _("No direction %(name)s in the strategy.") % {"name": name})
            else:
                chosen.append(direction)
        if (
            engagement.needs_directions()
            and not chosen
            and "directions" not in {p.column for p in problems if p.row == index}
        ):
            read.problem("directions", _("Name at least one direction once past the idea stage."))
        detail, new_partner = _detail(kind, read, people, partners, organisation)
        if unit is not None:
            try:
                engagement.full_clean(exclude=["owner_unit"] if unit is None else None)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        read.problem(field if field in known else "", message)
        prepared.append((engagement, detail, chosen, new_partner))
    if problems:
        raise ImportRejected(problems)
    return _write(prepared, kind, organisation, user)


def _detail(
    kind: str, read: _RowReader, people: dict, partners: dict, organisation: Organisation
) -> tuple[Any, tuple | None]:
    if kind == Kind.PROJECT:
        return (
            Project(
                programme=read.choice("programme", Programme),
                call_identifier=read.text("call_identifier"),
                role=read.choice("role", ProjectRole, default=ProjectRole.PARTNER),
                stage=read.choice("stage", ProjectStage, default=ProjectStage.IDEA),
                total_budget=read.number("total_budget"),
                funding_granted=read.number("funding_granted"),
                is_aid=read.boolean("is_aid"),
            ),
            None,
        )
    if kind == Kind.MEMBERSHIP:
        key = (read.text("network", required=True).lower(), (read.text("network_country") or "SE").upper())
        return (
            NetworkMembership(
                purpose=read.text("purpose"), demands=read.text("demands"), yearly_fee=read.number("yearly_fee")
            ),
            (
                key,
                read.text("network"),
                "network",
                read.text("network_city"),
                read.coordinates("network_latitude", "network_longitude"),
            ),
        )
    if kind == Kind.AGREEMENT:
        country = read.text("partner_country", required=True).upper()
        key = (read.text("partner_city", required=True).lower(), country)
        return (
            Agreement(
                agreement_type=read.choice("agreement_type", AgreementType, default=AgreementType.COOPERATION),
                signed_on=read.date("signed_on"),
                aim=read.text("aim"),
            ),
            (key, read.text("partner_city"), "city", "", read.coordinates("partner_latitude", "partner_longitude")),
        )
    if kind == Kind.VISIT:
        return (
            Visit(
                direction=read.choice("visit_kind", VisitDirection, required=True),
                requester=read.text("requester"),
                group_size=read.number("group_size"),
                purpose=read.text("purpose"),
            ),
            None,
        )
    if kind == Kind.TRIP:
        return Trip(travellers=read.number("travellers") or 1), None
    if kind == Kind.TRAINING:
        return (
            Training(
                topic=read.text("topic", required=True),
                politicians=read.number("politicians") or 0,
                management=read.number("management") or 0,
                staff=read.number("staff") or 0,
            ),
            None,
        )
    if kind == Kind.REPRESENTATION:
        name = read.text("person", required=True)
        person = people.get(name.lower())
        if name and person is None:
            read.problem("person", _("No person with this name in the register."))
        return (
            Representation(
                person=person,
                holder=read.choice("holder", SeatHolder, required=True),
                body=read.text("body", required=True),
            ),
            None,
        )
    return (
        Advocacy(
            file_reference=read.text("file_reference", required=True),
            position=read.text("position", required=True),
            outcome=read.text("outcome"),
        ),
        None,
    )


@transaction.atomic
def _write(prepared: list, kind: str, organisation: Organisation, user: User) -> list[Engagement]:
    partners = {(p.name.lower(), p.country): p for p in Partner.objects.filter(organisation=organisation)}
    for _engagement, _detail_record, _directions, wanted in prepared:
        if wanted is None:
            continue
        (_name_lower, country), name, partner_kind, city, place = wanted
        partner = partners.get(wanted[0])
        if partner is not None and (partner.is_placed or place is None):
            continue
        if partner is None:
            partner = Partner(organisation=organisation, name=name, country=country, kind=partner_kind, city=city)
        if place is not None:  # coordinates in the file are entered by hand
            partner.latitude, partner.longitude = place
        partner.place()
        partner.save()
        partners[wanted[0]] = partner
    engagements = bulk_create_with_history(
        [item[0] for item in prepared], Engagement, batch_size=500, default_user=user
    )
    if any(engagement.pk is None for engagement in engagements):  # databases that return no ids
        engagements = list(Engagement.objects.filter(organisation=organisation).order_by("-pk")[: len(prepared)])[::-1]
    through = Engagement.directions.through
    links: list[Any] = []
    details = []
    for engagement, (_engagement, detail, directions, wanted) in zip(engagements, prepared, strict=True):
        links.extend(through(engagement_id=engagement.pk, direction_id=direction.pk) for direction in directions)
        detail.engagement = engagement
        if wanted is not None:
            setattr(detail, "network" if kind == Kind.MEMBERSHIP else "partner_city", partners[wanted[0]])
        details.append(detail)
    through.objects.bulk_create(links, batch_size=1000)
    bulk_create_with_history(details, KIND_MODELS[kind], batch_size=500, default_user=user)
    register_changed(organisation.pk)  # bulk writes send no signals: cached figures must still go
    if engagements:
        changes.changed(engagements[0])  # re-check the organisation's rules once for the whole import
    return engagements


# -- Large files in the background ----------------------------------------------------------------

INLINE_BYTES = 100 * 1024  # larger files are imported by the task worker, with a progress page


@transaction.atomic
def engagement_import_start(*, upload: Any, kind: str, organisation: Organisation, user: User) -> EngagementImport:
    """Keep the file and queue its import; the import page follows the job's progress."""
    if upload.size > MAX_BYTES:
        raise ImportRejected([RowProblem(0, "", _("The file is larger than 10 MB."))])
    job = EngagementImport(organisation=organisation, kind=kind, requested_by=user, filename=upload.name[:255])
    job.file.save(upload.name, upload, save=False)
    job.save()
    jobs.job_enqueue(job, "utblick.engagements.tasks.run_engagement_import", job.pk)
    return job


def engagement_import_run(job: EngagementImport) -> None:
    """Run a queued import: checked first, then all rows or none; the file is deleted afterwards."""
    job.state = EngagementImport.State.CHECKING
    job.save(update_fields=["state", "updated_at"])
    user = User.objects.filter(pk=job.requested_by_id).first() if job.requested_by_id else None

    def checked(count: int) -> None:
        EngagementImport.objects.filter(pk=job.pk).update(rows_checked=count)

    try:
        with job.file.open("rb") as handle:
            rows = read_rows(ContentFile(handle.read(), name=job.filename))
        job.rows_total = len(rows)
        job.save(update_fields=["rows_total", "updated_at"])
        if user is None:
            raise ImportRejected([RowProblem(0, "", _("The account that started the import no longer exists."))])
        created = engagements_import_rows(
            rows=rows, kind=job.kind, organisation=job.organisation, user=user, progress=checked
        )
    except ImportRejected as rejected:
        job.state = EngagementImport.State.REJECTED
        job.problems = [problem.as_dict() for problem in rejected.problems[:1000]]
    else:
        job.state = EngagementImport.State.DONE
        job.created_count = len(created)
    job.rows_checked = job.rows_total
    job.file.delete(save=False)
    job.save()
