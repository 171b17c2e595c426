"""What of an engagement the partner network shows, in one place: the record, the feeds and the harvest use it.

Shared: the organisation, the kind, the title, the status and a project's stage, programme and call, the
years, the countries, the partners with their places, a membership's network, the strategy's directions and
themes by name, the responsible person's name and work e-mail (not in the public feed), and whether the
organisation looks for partners for it. Never shared: the description, results, sustainability text,
money, case number, attachments, evaluations, exchanges or anything of a confidential engagement.

The feed's schema (docs/partner-network.md) is ``SCHEMA`` version ``VERSION``; a harvest refuses any
other.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet

from utblick.engagements.models import Engagement, Partner
from utblick.strategies.models import Direction, Theme

SCHEMA = "utblick-partner-network"
VERSION = 1


def engagements_for_records(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """The engagements with everything a record reads, in a fixed number of queries."""
    from .models import PartnerCall

    return queryset.select_related(
        "organisation",
        "responsible",
        "project",
        "membership__network",
        "agreement__partner_city",
    ).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.order_by("name")),
        Prefetch("directions", queryset=Direction.objects.order_by("order", "name")),
        Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
        Prefetch("partner_calls", queryset=PartnerCall.objects.open().order_by("pk"), to_attr="open_calls"),
    )


def _partner(partner: Partner) -> dict[str, Any]:
    return {
        "name": partner.name,
        "kind": partner.kind,
        "country": partner.country,
        "city": partner.city,
        "latitude": partner.latitude,
        "longitude": partner.longitude,
    }


def _detail(engagement: Engagement, name: str) -> Any:
    try:
        return getattr(engagement, name)
    except Exception:  # the kind's record is missing (RelatedObjectDoesNotExist)
        return None


def entry(engagement: Engagement, *, with_contact: bool = True) -> dict[str, Any]:
    """The engagement as one entry of the feed (and of a ``NetworkRecord``)."""
    project = _detail(engagement, "project") if engagement.kind == "project" else None
    membership = _detail(engagement, "membership") if engagement.kind == "membership" else None
    agreement = _detail(engagement, "agreement") if engagement.kind == "agreement" else None
    partners = list(engagement.partners.all())
    if agreement is not None and agreement.partner_city not in partners:
        partners.insert(0, agreement.partner_city)
    if membership is not None and membership.network not in partners:
        partners.insert(0, membership.network)
    countries = list(dict.fromkeys([*(engagement.countries or []), *(partner.country for partner in partners)]))
    calls = getattr(engagement, "open_calls", None)
    if calls is None:
        calls = list(engagement.partner_calls.open().order_by("pk"))
    responsible = engagement.responsible
    return {
        "id": str(engagement.pk),
        "organisation": {"slug": engagement.organisation.slug, "name": engagement.organisation.name},
        "kind": engagement.kind,
        "title": engagement.title,
        "status": engagement.status,
        "stage": project.stage if project else "",
        "programme": project.programme if project else "",
        "call": project.call_identifier if project else "",
        "years": [
            engagement.starts_on.year if engagement.starts_on else None,
            engagement.ends_on.year if engagement.ends_on else None,
        ],
        "countries": countries,
        "partners": [_partner(partner) for partner in partners],
        "network": membership.network.name if membership else "",
        "directions": [direction.name for direction in engagement.directions.all()],
        "themes": [theme.name for theme in engagement.themes.all()],
        "contact": (
            {"name": responsible.name, "email": responsible.email} if with_contact and responsible is not None else None
        ),
        "looking_for_partners": {"note": calls[0].note} if calls and with_contact else None,
        "updated": engagement.updated_at.isoformat(),
    }


def record_values(data: dict[str, Any]) -> dict[str, Any]:
    """A ``NetworkRecord``'s columns from a feed entry (one of ours, or a peer's after checking)."""
    partners = data.get("partners") or []
    directions = data.get("directions") or []
    themes = data.get("themes") or []
    contact = data.get("contact") or {}
    looking = data.get("looking_for_partners")
    start, end = [*(data.get("years") or []), None, None][:2]
    words = [
        data["title"],
        data.get("network", ""),
        data.get("programme", ""),
        data.get("call", ""),
        *(partner["name"] for partner in partners),
        *(partner.get("city", "") for partner in partners),
        *directions,
        *themes,
    ]
    return {
        "organisation_name": data["organisation"]["name"],
        "organisation_slug": data["organisation"]["slug"],
        "kind": data["kind"],
        "title": data["title"],
        "status": data.get("status", ""),
        "stage": data.get("stage", ""),
        "programme": data.get("programme", ""),
        "call_identifier": data.get("call", ""),
        "starts_year": start,
        "ends_year": end,
        "countries": " ".join(data.get("countries") or []),
        "partners": partners,
        "directions": directions,
        "themes": themes,
        "network": data.get("network", ""),
        "contact_name": contact.get("name", ""),
        "contact_email": contact.get("email", ""),
        "looking_for_partners": looking is not None,
        "partner_note": (looking or {}).get("note", ""),
        "search_text": " ".join(word for word in words if word),
        "partner_names": "|"
        + "|".join(
            sorted(
                {name.casefold() for partner in partners for name in (partner["name"], partner.get("city", "")) if name}
            )
        )
        + "|",
        "strategy_words": "|" + "|".join(word.casefold() for word in [*directions, *themes]) + "|",
    }


def document(entries: list[dict[str, Any]], *, source: dict[str, str], generated: str) -> dict[str, Any]:
    return {"schema": SCHEMA, "version": VERSION, "generated": generated, "source": source, "engagements": entries}


def entry_of_record(record: Any) -> dict[str, Any]:
    """A local record as a feed entry (the shared feed is read from the records)."""
    return {
        "id": str(record.engagement_id),
        "organisation": {"slug": record.organisation_slug, "name": record.organisation_name},
        "kind": record.kind,
        "title": record.title,
        "status": record.status,
        "stage": record.stage,
        "programme": record.programme,
        "call": record.call_identifier,
        "years": [record.starts_year, record.ends_year],
        "countries": record.country_codes,
        "partners": record.partners,
        "network": record.network,
        "directions": record.directions,
        "themes": record.themes,
        "contact": (
            {"name": record.contact_name, "email": record.contact_email}
            if record.contact_name or record.contact_email
            else None
        ),
        "looking_for_partners": {"note": record.partner_note} if record.looking_for_partners else None,
        "updated": record.updated_at.isoformat(),
    }
