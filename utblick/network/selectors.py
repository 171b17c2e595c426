"""Reads of the partner network: searching what other organisations share, and who looks for partners."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from utblick.organisations.models import Organisation

from . import search
from .models import NetworkRecord, PartnerCall

GROUPS_PER_PAGE = 20
RECORDS_PER_GROUP = 8


def network_search(
    *,
    organisation: Organisation,
    text: str = "",
    country: str = "",
    partner: str = "",
    kind: str = "",
    direction: str = "",
    programme: str = "",
    stage: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    looking: bool = False,
) -> QuerySet[NetworkRecord]:
    """The shared engagements of the other organisations (here and harvested) that match every filter given.

    Only what the network shows is read, so nothing internal can be found: a word of an engagement's
    description finds nothing.
    """
    records: QuerySet[NetworkRecord] = NetworkRecord.objects.visible().exclude(organisation=organisation)
    if country:
        records = records.filter(countries__contains=country.strip().upper()[:2])
    if partner:
        records = records.filter(partner_names__contains=partner.strip().casefold())
    if kind:
        records = records.filter(kind=kind)
    if direction:
        records = records.filter(strategy_words__contains=direction.strip().casefold())
    if programme:
        records = records.filter(programme=programme)
    if stage:
        records = records.filter(stage=stage)
    if year_from:
        records = records.filter(Q(ends_year__isnull=True) | Q(ends_year__gte=year_from))
    if year_to:
        records = records.filter(Q(starts_year__isnull=True) | Q(starts_year__lte=year_to))
    if looking:
        records = records.filter(looking_for_partners=True)
    if text.strip():
        records = search.record_search(records, text)
    return records


@dataclass
class OrganisationResults:
    """One organisation's matching engagements, with whom to ask."""

    name: str
    slug: str
    source: str  # the peer installation's name; empty for this installation
    count: int = 0
    records: list[NetworkRecord] = field(default_factory=list)

    @property
    def contacts(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for record in self.records:
            if record.contact_email and record.contact_email not in seen:
                seen[record.contact_email] = record.contact_name
        return [(name, email) for email, name in seen.items()]


def network_search_grouped(records: QuerySet[NetworkRecord], *, page: int = 1) -> tuple[list[OrganisationResults], int]:
    """The matches grouped by organisation, the organisations with most matches first; and how many organisations.

    Two queries whatever the size: the counts per organisation, then the first records of the page's
    organisations.
    """
    counts = list(
        records.order_by()
        .values("organisation_slug", "organisation_name", "peer__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation_name")
    )
    page_counts = counts[(page - 1) * GROUPS_PER_PAGE : page * GROUPS_PER_PAGE]
    groups = {
        (row["organisation_slug"], row["peer__name"] or ""): OrganisationResults(
            row["organisation_name"], row["organisation_slug"], row["peer__name"] or "", row["count"]
        )
        for row in page_counts
    }
    if groups:
        wanted = Q()
        for slug, source in groups:
            wanted |= (
                Q(organisation_slug=slug, peer__name=source) if source else Q(organisation_slug=slug, peer__isnull=True)
            )
        best = (
            [F("search_rank").desc(), F("title").asc()]
            if "search_rank" in records.query.annotations
            else [F("title").asc()]
        )
        first = (
            records.filter(wanted)
            .select_related("peer")
            .annotate(position=Window(RowNumber(), partition_by=[F("organisation_slug"), F("peer_id")], order_by=best))
            .filter(position__lte=RECORDS_PER_GROUP)
            .order_by("organisation_name", "position")
        )
        for record in first:
            groups[(record.organisation_slug, record.peer.name if record.peer else "")].records.append(record)
    return list(groups.values()), len(counts)


def partner_calls_for_topics(*, topics: Iterable[str], organisation: Organisation) -> dict[str, list[PartnerCall]]:
    """Other organisations' open searches for partners on these calls, by call identifier."""
    wanted = {topic for topic in topics if topic}
    found: dict[str, list[PartnerCall]] = {}
    if not wanted:
        return found
    calls = (
        PartnerCall.objects.for_others()
        .exclude(organisation=organisation)
        .filter(topic__in=wanted)
        .select_related("organisation", "contact")
        .order_by("organisation__name")
    )
    for call in calls:
        found.setdefault(call.topic, []).append(call)
    return found


def item_topics(item: Any) -> list[str]:
    """The identifiers another organisation's search for partners may name an item by."""
    return [value for value in (item.identifier, item.call_identifier) if value]


def partner_calls_for_item(*, item: Any, organisation: Organisation) -> list[PartnerCall]:
    calls = partner_calls_for_topics(topics=item_topics(item), organisation=organisation)
    return sorted({call for found in calls.values() for call in found}, key=lambda call: call.organisation.name)


def partner_calls_for_units(*, units: Iterable[int], organisation: Organisation) -> list[tuple[Any, list[PartnerCall]]]:
    """The calls the units' watch profiles match that other organisations prepare applications to (digest, desk)."""
    from utblick.watch.models import Match

    matches = Match.objects.filter(profile__unit__in=list(units)).select_related("item").order_by("-score")
    items = {match.item_id: match.item for match in matches}
    calls = partner_calls_for_topics(
        topics=[topic for item in items.values() for topic in item_topics(item)], organisation=organisation
    )
    found = []
    for item in items.values():
        on_item = sorted(
            {call for topic in item_topics(item) for call in calls.get(topic, [])},
            key=lambda call: call.organisation.name,
        )
        if on_item:
            found.append((item, on_item))
    return found


def partner_calls_open_elsewhere(*, organisation: Organisation, limit: int = 20) -> list[PartnerCall]:
    """Other organisations looking for partners now, the nearest deadlines first."""
    return list(
        PartnerCall.objects.for_others()
        .exclude(organisation=organisation)
        .select_related("organisation", "contact")
        .order_by(F("closes_on").asc(nulls_last=True), "title")[:limit]
    )
