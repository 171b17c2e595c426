"""The yearly report's map of the partners of the year's engagements, with an alternative text naming them."""

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import ngettext

from utblick.core import maps
from utblick.engagements import selectors as engagement_selectors
from utblick.engagements.models import (
    Engagement,
    Partner,
)
from utblick.organisations.models import Organisation


def map_of_partners(organisation: Organisation, counted: QuerySet[Engagement]) -> dict[str, Any]:
    """The map of the partners of the year's engagements, and its alternative text naming them by kind."""
    mapped = [
        item
        for item in engagement_selectors.partner_map(
            partners=Partner.objects.filter(organisation=organisation), engagements=counted, linked_only=True
        )
        if item.partner.is_placed
    ]
    if not mapped:
        return {}
    places = [
        maps.Place(
            str(item.partner.pk),
            item.partner.name,
            cast(float, item.partner.latitude),  # placed: both coordinates are set
            cast(float, item.partner.longitude),
            item.category,
            "",
        )
        for item in mapped
    ]
    by_category: dict[str, list[str]] = {}
    for item in mapped:
        by_category.setdefault(item.category_label, []).append(item.partner.name)
    alt = ngettext(
        "Map of %(count)s partner of the year's engagements.",
        "Map of %(count)s partners of the year's engagements.",
        len(mapped),
    ) % {"count": len(mapped)}
    alt += " " + " ".join(f"{label.capitalize()}: {', '.join(names)}." for label, names in by_category.items())
    return {
        "partner_map": maps.draw(places, highlight={item.partner.country for item in mapped}),
        "partner_map_alt": alt,
    }
