"""Writes of the scanning desk: items entered by hand, profiles, matches, marks, shares, comments, funding
investigations. Imported items are written by ``imports.items_write``."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import changes, jobs
from utblick.core.models import User
from utblick.core.services import model_delete, model_save
from utblick.engagements import services as engagement_services
from utblick.engagements.choices import FundingOutcome, Kind, ProjectStage, Status
from utblick.engagements.models import Engagement, Project
from utblick.organisations.models import Organisation, Unit

from . import programmes
from .choices import SourceKind
from .imports import terms_text
from .matching import Document, Index, Phrase, Query
from .models import (
    FundingInvestigation,
    Item,
    ItemComment,
    ItemMark,
    ItemShare,
    ItemTerms,
    Match,
    Source,
    WatchProfile,
)

# -- Queries ------------------------------------------------------------------------------------


def profile_query(profile: WatchProfile) -> Query:
    """What a profile asks for: its keywords (both sides), programmes, directions and themes."""
    keywords = [
        Phrase.of(side, label=keyword.swedish or side, english=keyword.english if keyword.swedish else "")
        for keyword in profile.keyword_list()
        for side in keyword.words
    ]
    directions = [("direction", Phrase.of(direction.name)) for direction in profile.directions.all()]
    directions += [("theme", Phrase.of(theme.name)) for theme in profile.themes.all()]
    return Query(
        keywords=[phrase for phrase in keywords if phrase.words],
        programmes={key: programmes.display_name(key) for key in profile.programmes or []},
        directions=[(kind, phrase) for kind, phrase in directions if phrase.words],
    )


def engagement_query(engagement: Engagement) -> Query:
    """What fits an engagement: its title, its unit's profile, its directions and themes, its programme."""
    profile = WatchProfile.objects.filter(unit=engagement.owner_unit).first()
    query = profile_query(profile) if profile else Query()
    own = [Phrase.of(engagement.title)]
    query.keywords = [phrase for phrase in own if phrase.words] + query.keywords
    for direction in engagement.directions.all():
        query.directions.append(("direction", Phrase.of(direction.name)))
    for theme in engagement.themes.all():
        query.directions.append(("theme", Phrase.of(theme.name)))
    project = engagement.detail if engagement.kind == Kind.PROJECT else None
    if project and project.programme:
        key = next((p.key for p in programmes.PROGRAMMES if p.project_programme == project.programme), "")
        if key:
            query.programmes.setdefault(key, programmes.display_name(key))
    query.directions = list(dict.fromkeys(query.directions))
    query.programme_alone = True
    return query


# -- Matching -----------------------------------------------------------------------------------


def matching_index(*, today: datetime.date | None = None) -> Index:
    today = today or timezone.localdate()
    items = Item.objects.matchable(today).values("pk")
    rows = ItemTerms.objects.filter(item__in=items).values_list(
        "item_id", "terms", "item__programme", "item__source__organisation_id"
    )
    return Index(Document(item_id, terms.split(), programme, owner or 0) for item_id, terms, programme, owner in rows)


@transaction.atomic
def matches_refresh(
    *, profiles: Iterable[WatchProfile] | None = None, index: Index | None = None, today: datetime.date | None = None
) -> int:
    """Rank every (or the given) profile and store the matches; a match keeps the time it was first found."""
    profiles = list(
        profiles
        if profiles is not None
        else WatchProfile.objects.select_related("unit").prefetch_related("directions", "themes")
    )
    if not profiles:
        return 0
    index = index or matching_index(today=today)
    now = timezone.now()
    stored = 0
    for profile in profiles:
        ranked = index.rank(profile_query(profile), owner=profile.unit.organisation_id)
        current = {match.item_id: match for match in Match.objects.filter(profile=profile)}
        wanted = {result.item_id: result for result in ranked}
        Match.objects.filter(profile=profile).exclude(item_id__in=wanted).delete()
        create, update = [], []
        for item_id, result in wanted.items():
            reasons = [reason.as_json() for reason in result.reasons]
            match = current.get(item_id)
            if match is None:
                create.append(
                    Match(profile=profile, item_id=item_id, score=result.score, reasons=reasons, first_seen=now)
                )
            elif match.score != result.score or match.reasons != reasons:
                match.score, match.reasons = result.score, reasons
                update.append(match)
        Match.objects.bulk_create(create)
        Match.objects.bulk_update(update, ["score", "reasons"])
        stored += len(wanted)
    return stored


def matches_refresh_for(organisation: Organisation | None) -> int:
    """After an import: the profiles that see the source's items (every organisation's for a shared source)."""
    profiles = WatchProfile.objects.select_related("unit").prefetch_related("directions", "themes")
    if organisation is not None:
        profiles = profiles.filter(unit__organisation=organisation)
    return matches_refresh(profiles=profiles)


def matches_refresh_later(organisation: Organisation | None) -> None:
    """After the transaction: rank the items again for the profiles that see them (in the background)."""
    organisation_id = organisation.pk if organisation is not None else None
    refresh_matches = jobs.task_named("utblick.watch.tasks.refresh_matches")  # the task calls these services
    transaction.on_commit(lambda: refresh_matches.enqueue(organisation_id))


# -- Items entered by hand (ADR 0012) -----------------------------------------------------------


def manual_source_for(organisation: Organisation, *, user: User) -> Source:
    """The organisation's one source of items entered by hand, made when its first item is."""
    found = Source.objects.filter(organisation=organisation, kind=SourceKind.MANUAL).first()
    if found is not None:
        return found
    with translation.override(organisation.report_language):
        base = _("Entered by hand")
    # Names are unique in an organisation; a coordinator may already have used this one.
    taken = set(Source.objects.filter(organisation=organisation).values_list("name", flat=True))
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base} {number}"
    return model_save(Source(organisation=organisation, name=name, kind=SourceKind.MANUAL), user=user)


IMPORTED_ITEM = gettext_lazy(
    "This item comes from an import and changes with its source's next import; "
    "only items entered by hand are changed here."
)


def _refuse_imported(item: Item) -> None:
    if item.source.accepts_imports:
        raise ValidationError(IMPORTED_ITEM)


@transaction.atomic
def item_save(
    *,
    item: Item,
    user: User,
    organisation: Organisation | None = None,
    deadlines: list[datetime.date] | None = None,
) -> Item:
    """Create or change an item entered by hand; a new one goes into ``organisation``'s manual source.

    The programme is read as the imports read it (a key or a name: ``programmes.from_text``), the
    last deadline becomes ``closes_on``, the search terms are rebuilt, and the profiles that see the
    item are ranked again once the transaction is committed.
    """
    if item.source_id is None:
        if organisation is None:
            raise ValueError("A new item needs the organisation whose manual source it goes into.")
        item.source = manual_source_for(organisation, user=user)
    _refuse_imported(item)
    if deadlines is not None:
        item.set_deadlines(deadlines)
    key, name = programmes.from_text(item.programme)
    item.programme, item.programme_name = key[:120], name[:250]
    now = timezone.now()
    if item.pk is None:
        item.first_seen = now
    item.last_seen = now
    model_save(item, user=user)
    stems = terms_text(item)
    ItemTerms.objects.update_or_create(item=item, defaults={"terms": f" {' '.join(stems)} ", "length": len(stems)})
    matches_refresh_later(item.source.organisation)
    return item


@transaction.atomic
def item_delete(*, item: Item, user: User) -> None:
    """Delete an item entered by hand; one a funding investigation names is kept (KR-4's record)."""
    _refuse_imported(item)
    if FundingInvestigation.objects.filter(Q(items=item) | Q(applies_to=item)).exists():
        raise ValidationError(_("A funding investigation names this call, so it is kept."))
    organisation = item.source.organisation
    model_delete(item, user=user)
    matches_refresh_later(organisation)


# -- Profiles -----------------------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *,
    profile: WatchProfile,
    user: User,
    expected_version: int | None = None,
    directions: list | None = None,
    themes: list | None = None,
) -> WatchProfile:
    model_save(profile, user=user, expected_version=expected_version)
    if directions is not None:
        profile.directions.set(directions)
    if themes is not None:
        profile.themes.set(themes)
    matches_refresh(profiles=[profile])
    return profile


def profile_for(unit: Unit) -> WatchProfile:
    return WatchProfile.objects.filter(unit=unit).first() or WatchProfile(unit=unit)


# -- The desk -----------------------------------------------------------------------------------


@transaction.atomic
def mark_set(*, item: Item, unit: Unit, verdict: str, user: User) -> ItemMark:
    """Mark an item relevant or not relevant for a unit; marking again changes the verdict."""
    mark = ItemMark.objects.filter(item=item, unit=unit).first() or ItemMark(
        item=item, unit=unit, organisation=unit.organisation
    )
    if mark.pk and mark.verdict == verdict:
        return mark
    mark.verdict = verdict
    mark.marked_by = user if getattr(user, "is_authenticated", False) else None
    return model_save(mark, user=user)


@transaction.atomic
def share_create(
    *, item: Item, organisation: Organisation, from_unit: Unit | None, to_unit: Unit | None, note: str, user: User
) -> ItemShare:
    """Pass an item on to a unit, or to every unit (``to_unit`` empty: the central office's shared watch, KR-5)."""
    existing = ItemShare.objects.filter(item=item, organisation=organisation, to_unit=to_unit).first()
    if existing is not None:
        return existing
    share = ItemShare(
        item=item,
        organisation=organisation,
        from_unit=from_unit,
        to_unit=to_unit,
        note=note.strip(),
        shared_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return model_save(share, user=user)


@transaction.atomic
def comment_save(*, comment: ItemComment, user: User, expected_version: int | None = None) -> ItemComment:
    """A corrected comment; one changed meanwhile by someone else is refused."""
    comment.text = comment.text.strip()
    return model_save(comment, user=user, expected_version=expected_version)


def comment_delete(*, comment: ItemComment, user: User) -> None:
    """Remove a comment; the audit history keeps what it said and who removed it."""
    model_delete(comment, user=user, notify=False)


def comment_add(*, item: Item, organisation: Organisation, unit: Unit | None, text: str, user: User) -> ItemComment:
    comment = ItemComment(item=item, organisation=organisation, unit=unit, text=text.strip(), author=user)
    return model_save(comment, user=user)


# -- Funding investigated (KR-4) ----------------------------------------------------------------


def _considered_text(items: list[Item], programme_keys: list[str], note: str) -> str:
    """The engagement's own "external funding considered" field, written from the record."""
    parts = []
    if items:
        calls = "; ".join(f"{item.title} ({item.identifier})" for item in items)
        parts.append(_("Calls: %(calls)s") % {"calls": calls})
    if programme_keys:
        names = ", ".join(programmes.display_name(key) for key in programme_keys)
        parts.append(_("Programmes: %(names)s") % {"names": names})
    if note.strip():
        parts.append(note.strip())
    return "\n".join(parts)


@transaction.atomic
def funding_investigation_record(
    *,
    engagement: Engagement,
    user: User,
    outcome: str,
    items: list[Item],
    programme_keys: list[str],
    note: str = "",
    applies_to: Item | None = None,
    expected_version: int | None = None,
) -> FundingInvestigation:
    """Record what funding was considered and the outcome (KR-4, VX-3).

    The engagement's ``funding_considered`` and ``funding_outcome`` are written through the
    register's service in the same transaction, so its history and the KR-4 rule follow at once.
    "Application planned" puts a project in the pipeline for the chosen call: the engagement's
    own project record when it is a project, otherwise a new project linked to it.
    """
    if outcome == FundingOutcome.APPLICATION_PLANNED and applies_to is None:
        raise ValidationError({"applies_to": _("Choose the call you plan to apply to.")})
    if applies_to is not None and applies_to not in items:
        items = [*items, applies_to]
    investigation = FundingInvestigation.objects.filter(engagement=engagement).first() or FundingInvestigation(
        engagement=engagement
    )
    investigation.outcome = outcome
    investigation.programmes = sorted(set(programme_keys))
    investigation.note = note.strip()
    investigation.applies_to = applies_to if outcome == FundingOutcome.APPLICATION_PLANNED else None
    investigation.recorded_by = user if getattr(user, "is_authenticated", False) else None
    investigation.recorded_on = timezone.localdate()
    model_save(investigation, user=user, expected_version=expected_version, notify=False)
    investigation.items.set(items)
    if investigation.applies_to is not None:
        investigation.project = _application_project(engagement=engagement, item=investigation.applies_to, user=user)
        model_save(investigation, user=user, notify=False)

    engagement.refresh_from_db()
    engagement.funding_outcome = outcome
    engagement.funding_considered = _considered_text(items, investigation.programmes, investigation.note)
    engagement_services.engagement_save(engagement=engagement, user=user, expected_version=engagement.version)
    changes.changed(investigation)
    return investigation


def _application_project(*, engagement: Engagement, item: Item, user: User) -> Engagement:
    programme = programmes.project_programme(item.programme)
    call = (item.identifier or item.call_identifier)[:120]
    if engagement.kind == Kind.PROJECT:
        project = engagement_services.detail_for(engagement)
        project.programme = programme
        project.call_identifier = call
        if project.stage == ProjectStage.IDEA:
            project.stage = ProjectStage.PREPARING
        engagement_services.engagement_save(
            engagement=engagement, detail=project, user=user, expected_version=engagement.version
        )
        return engagement
    investigation = FundingInvestigation.objects.filter(engagement=engagement).first()
    existing = investigation.project if investigation and investigation.project_id else None
    if existing is not None:
        project = engagement_services.detail_for(existing)
        if project.stage in {ProjectStage.IDEA, ProjectStage.PREPARING}:
            project.programme, project.call_identifier = programme, call
            engagement_services.engagement_save(
                engagement=existing, detail=project, user=user, expected_version=existing.version
            )
        return existing
    directions = list(engagement.directions.all())
    application = Engagement(
        organisation=engagement.organisation,
        owner_unit=engagement.owner_unit,
        responsible=engagement.responsible,
        kind=Kind.PROJECT,
        title=(_("Application: %(title)s") % {"title": item.title})[:250],
        description=_("Application to %(call)s, planned when external funding was investigated for %(engagement)s.")
        % {"call": item.identifier, "engagement": engagement.title},
        status=Status.PLANNED if directions else Status.IDEA,
        confidentiality=engagement.confidentiality,
        confidentiality_ground=engagement.confidentiality_ground,
        funding_outcome=FundingOutcome.APPLICATION_PLANNED,
        funding_considered=_("Calls: %(calls)s") % {"calls": f"{item.title} ({item.identifier})"},
    )
    engagement_services.engagement_save(
        engagement=application,
        detail=Project(programme=programme, call_identifier=call, stage=ProjectStage.PREPARING),
        user=user,
        directions=directions,
        themes=list(engagement.themes.all()),
    )
    engagement.related.add(application)
    return application
