"""Reads of the scanning desk that encode rules: what a unit sees, what is new, what falls due."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from utblick.core.models import Visitor
from utblick.core.permissions import permission_name
from utblick.engagements.choices import Kind, Status
from utblick.engagements.models import Engagement
from utblick.organisations.models import Organisation, Unit, UnitRole
from utblick.organisations.permissions import coordinates, units_writable_by

from . import programmes, search
from .choices import ItemStatus, Verdict
from .matching import Ranked, reasons_text
from .models import FundingInvestigation, ImportRun, Item, ItemComment, ItemMark, ItemShare, Match, WatchProfile
from .services import engagement_query

NEW_DAYS = 14
SOON_DAYS = 30
# The kinds of engagement that could be co-funded, as the KR-4 rule reads them.
FUNDABLE_KINDS = (Kind.PROJECT, Kind.TRIP, Kind.VISIT, Kind.TRAINING)


def item_list(*, organisation: Organisation, user: Visitor) -> QuerySet[Item]:
    return Item.objects.visible_to(user).in_organisation(organisation).select_related("source")


@dataclass
class DeskEntry:
    item: Item
    reasons: list[dict[str, str]] = field(default_factory=list)
    score: float | None = None
    is_new: bool = False
    next_deadline: datetime.date | None = None
    mark: ItemMark | None = None
    shares: list[ItemShare] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return reasons_text(self.reasons)


def _marks_for(unit: Unit, item_ids: set[int]) -> dict[int, ItemMark]:
    return {mark.item_id: mark for mark in ItemMark.objects.filter(unit=unit, item_id__in=item_ids)}


def desk_context(*, unit: Unit, user: Visitor, today: datetime.date | None = None) -> dict[str, Any]:
    """The unit's watch desk: new matches, deadlines soon, shared with the unit, marked relevant."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=NEW_DAYS)
    profile = WatchProfile.objects.filter(unit=unit).prefetch_related("directions", "themes").first()
    visible = Item.objects.visible_to(user).in_organisation(unit.organisation)
    matches = (
        list(
            Match.objects.filter(profile=profile, item__in=visible)
            .select_related("item__source")
            .order_by("-score", "pk")
        )
        if profile
        else []
    )
    shares = list(
        ItemShare.objects.filter(organisation=unit.organisation, item__in=visible)
        .filter(Q(to_unit=unit) | Q(to_unit__isnull=True))
        .select_related("item__source", "from_unit", "to_unit", "shared_by")
        .order_by("-created_at")
    )
    relevant_ids = set(
        ItemMark.objects.filter(unit=unit, verdict=Verdict.RELEVANT, item__in=visible).values_list("item_id", flat=True)
    )
    relevant_items = {item.pk: item for item in Item.objects.filter(pk__in=relevant_ids).select_related("source")}
    all_ids = {m.item_id for m in matches} | {s.item_id for s in shares} | relevant_ids
    marks = _marks_for(unit, all_ids)

    def entry(item: Item, match: Match | None = None) -> DeskEntry:
        return DeskEntry(
            item=item,
            reasons=match.reasons if match else [],
            score=match.score if match else None,
            is_new=bool(match and match.first_seen >= since),
            next_deadline=item.next_deadline(today),
            mark=marks.get(item.pk),
            shares=[share for share in shares if share.item_id == item.pk],
        )

    rejected = {item_id for item_id, mark in marks.items() if mark.verdict == Verdict.NOT_RELEVANT}
    match_entries = [entry(m.item, m) for m in matches if m.item_id not in rejected]
    by_item = {e.item.pk: e for e in match_entries}
    for share in shares:
        by_item.setdefault(share.item_id, entry(share.item))
    for item in relevant_items.values():
        by_item.setdefault(item.pk, entry(item))
    soon = today + datetime.timedelta(days=SOON_DAYS)
    deadlines = sorted(
        (e for e in by_item.values() if e.next_deadline and e.next_deadline <= soon and e.item.pk not in rejected),
        key=lambda e: (e.next_deadline, e.item.title),
    )
    return {
        "profile": profile,
        "new_matches": [e for e in match_entries if e.is_new],
        "matches": [e for e in match_entries if not e.is_new],
        "deadlines": deadlines,
        "shared": [by_item[s.item_id] for s in dict((s.item_id, s) for s in shares).values() if s.item_id in by_item],
        "relevant": [by_item[item_id] for item_id in relevant_ids if item_id in by_item],
        "not_relevant_count": len(rejected),
        "soon_days": SOON_DAYS,
        "new_days": NEW_DAYS,
    }


def _with_permissions(comment: ItemComment, user: Visitor) -> ItemComment:
    comment.may_change = user.has_perm(permission_name(ItemComment, "change"), comment)  # type: ignore[attr-defined]
    return comment


def item_detail_context(*, item: Item, organisation: Organisation, user: Visitor) -> dict[str, Any]:
    units = Unit.objects.filter(organisation=organisation, is_active=True).order_by("name")
    editable = list(units_writable_by(user, organisation).filter(is_active=True).order_by("name"))
    return {
        "marks": ItemMark.objects.filter(item=item, organisation=organisation).select_related("unit"),
        "shares": ItemShare.objects.filter(item=item, organisation=organisation).select_related("from_unit", "to_unit"),
        "comments": [
            _with_permissions(comment, user)
            for comment in ItemComment.objects.filter(item=item, organisation=organisation).select_related(
                "author", "unit"
            )
        ],
        "editable_units": editable,
        "all_units": list(units),
        "may_comment": user.has_perm(
            permission_name(ItemComment, "add"), ItemComment(item=item, organisation=organisation)
        ),
        "may_share_with_everyone": coordinates(user, organisation),
        "matched_units": Match.objects.filter(item=item, profile__unit__organisation=organisation)
        .select_related("profile__unit")
        .order_by("-score"),
    }


# -- Funding (KR-4) -------------------------------------------------------------------------------


@dataclass
class Suggestion:
    item: Item
    ranked: Ranked

    @property
    def explanation(self) -> str:
        return reasons_text(self.ranked.reasons)


def funding_suggestions(
    *, engagement: Engagement, user: Visitor, limit: int = 8, today: datetime.date | None = None
) -> list[Suggestion]:
    """The best-matching open and forthcoming calls for an engagement (KR-4)."""
    today = today or timezone.localdate()
    calls = Item.objects.visible_to(user).in_organisation(engagement.organisation).open_on(today)
    ranked = search.rank_items(calls, engagement_query(engagement), limit=limit, owner=engagement.organisation_id)
    items = {item.pk: item for item in Item.objects.filter(pk__in=[r.item_id for r in ranked]).select_related("source")}
    return [Suggestion(items[r.item_id], r) for r in ranked if r.item_id in items]


def suggested_programmes(suggestions: list[Suggestion], profile: WatchProfile | None) -> list[tuple[str, str]]:
    """Programmes to consider: those of the suggested calls first, then the unit's own, then the rest."""
    keys = [s.item.programme for s in suggestions if s.item.programme in programmes.BY_KEY]
    keys += list(profile.programmes if profile else [])
    keys += [programme.key for programme in programmes.PROGRAMMES]
    return [(key, programmes.display_name(key)) for key in dict.fromkeys(keys)]


def needs_funding_step(engagement: Engagement) -> bool:
    """The engagements the KR-4 step is for: fundable kinds still being planned."""
    return engagement.kind in FUNDABLE_KINDS and engagement.status in (Status.IDEA, Status.PLANNED, Status.ONGOING)


def funding_investigation_for(engagement: Engagement) -> FundingInvestigation | None:
    return (
        FundingInvestigation.objects.filter(engagement=engagement)
        .select_related("applies_to", "project", "recorded_by")
        .prefetch_related("items")
        .first()
    )


# -- Digests and calendars (read by the follow-up) ----------------------------------------------


@dataclass(frozen=True)
class WatchDeadline:
    day: datetime.date
    item: Item
    unit: Unit | None


def relevant_items_for_units(*, organisation: Organisation, units: list[int] | None) -> QuerySet[Item]:
    """Items marked relevant by the units, or shared with them or with everyone (``units=None``: any unit)."""
    marked = ItemMark.objects.filter(organisation=organisation, verdict=Verdict.RELEVANT)
    shared = ItemShare.objects.filter(organisation=organisation)
    if units is not None:
        marked = marked.filter(unit_id__in=units)
        shared = shared.filter(Q(to_unit_id__in=units) | Q(to_unit__isnull=True))
    return Item.objects.in_organisation(organisation).filter(
        Q(pk__in=marked.values("item_id")) | Q(pk__in=shared.values("item_id"))
    )


def watch_deadlines(
    *, organisation: Organisation, units: list[int] | None, start: datetime.date, end: datetime.date
) -> list[WatchDeadline]:
    """Deadlines of the items relevant to the units between ``start`` and ``end``."""
    items = (
        relevant_items_for_units(organisation=organisation, units=units)
        .exclude(status=ItemStatus.CLOSED)
        .filter(closes_on__gte=start)
        .select_related("source")
    )
    marks: dict[int, Unit] = {}
    for mark in ItemMark.objects.filter(
        organisation=organisation, verdict=Verdict.RELEVANT, item__in=items
    ).select_related("unit"):
        if units is None or mark.unit_id in units:
            marks.setdefault(mark.item_id, mark.unit)
    found = []
    for item in items:
        item.viewed_in = organisation
        for day in item.deadline_dates:
            if start <= day <= end:
                found.append(WatchDeadline(day, item, marks.get(item.pk)))
    return sorted(found, key=lambda deadline: (deadline.day, deadline.item.title))


def user_unit_ids(*, user: Visitor, organisation: Organisation) -> list[int] | None:
    """The units whose watch a user follows: all for coordinators (None), else edited and role units."""
    if coordinates(user, organisation):
        return None
    units = set(units_writable_by(user, organisation).values_list("pk", flat=True))
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is not None:
        units |= set(
            UnitRole.objects.current()
            .filter(person=person, unit__organisation=organisation)
            .values_list("unit_id", flat=True)
        )
    return sorted(units)


def new_matches_for_units(*, units: list[int], since: datetime.datetime, limit: int = 15) -> list[Match]:
    return list(
        Match.objects.filter(profile__unit_id__in=units, first_seen__gte=since)
        .exclude(item__itemmarks__verdict=Verdict.NOT_RELEVANT, item__itemmarks__unit_id__in=units)
        .select_related("item", "profile__unit")
        .order_by("-score")[:limit]
    )


# -- Overview and sources -----------------------------------------------------------------------


def match_counts(*, organisation: Organisation) -> dict[int, dict[str, int]]:
    since = timezone.now() - datetime.timedelta(days=NEW_DAYS)
    rows = (
        Match.objects.filter(profile__unit__organisation=organisation)
        .values("profile__unit_id")
        .annotate(matches=Count("pk"), new=Count("pk", filter=Q(first_seen__gte=since)))
    )
    return {row["profile__unit_id"]: {"matches": row["matches"], "new": row["new"]} for row in rows}


def shared_with_everyone(*, organisation: Organisation, user: Visitor, limit: int = 10) -> list[ItemShare]:
    """The central office's shared watch items (KR-5), newest first."""
    visible = Item.objects.visible_to(user).in_organisation(organisation)
    shares = (
        ItemShare.objects.filter(organisation=organisation, to_unit__isnull=True, item__in=visible)
        .select_related("item__source", "from_unit", "shared_by")
        .order_by("-created_at")[:limit]
    )
    found = list(shares)
    for share in found:
        share.item.viewed_in = organisation
    return found


def glossary(*, organisation: Organisation) -> list[str]:
    """The keyword lines of the organisation's profiles: the pairs that translate a search."""
    return list(
        WatchProfile.objects.filter(unit__organisation=organisation)
        .exclude(keywords="")
        .values_list("keywords", flat=True)
    )


@dataclass
class SourceRow:
    source: Any
    last_run: Any
    item_count: int
    may_change: bool


def sources_with_runs(*, sources: list[Any], user: Visitor) -> list[SourceRow]:
    counts = dict(
        Item.objects.filter(source__in=sources)
        .values("source_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "n")
    )
    last: dict[int, Any] = {}
    for run in ImportRun.objects.filter(source__in=sources).order_by("source_id", "-created_at", "-pk"):
        last.setdefault(run.source_id, run)
    return [
        SourceRow(source, last.get(source.pk), counts.get(source.pk, 0), user.has_perm("watch.change_source", source))
        for source in sources
    ]
