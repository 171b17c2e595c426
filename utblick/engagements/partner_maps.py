"""The partner map's picture for a page: the partners as places, the view the request asks for, the legend."""

from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import ngettext

from utblick.core import maps
from utblick.core.forms import MapViewForm

from . import selectors


def map_context(
    request: HttpRequest,
    mapped: list[selectors.MappedPartner],
    *,
    url_for: Callable[[selectors.MappedPartner], str] = lambda item: item.partner.get_absolute_url(),
) -> dict[str, Any]:
    """The map of mapped partners as the request asks for it: its picture, its view form, its legend.

    ``url_for``: where a partner's marker leads (its page; on the public map, its first published engagement).
    """
    wanted = maps.MapRequest.of(request.GET)
    places = [
        maps.Place(
            key=str(item.partner.pk),
            label=ngettext(
                "%(name)s: %(category)s, %(country)s, %(count)s engagement",
                "%(name)s: %(category)s, %(country)s, %(count)s engagements",
                item.engagement_count,
            )
            % {
                "name": item.partner.name,
                "category": item.category_label,
                "country": item.partner.country_name,
                "count": item.engagement_count,
            },
            latitude=cast(float, item.partner.latitude),  # only placed partners are drawn
            longitude=cast(float, item.partner.longitude),
            category=item.category,
            url=url_for(item),
        )
        for item in mapped
        if item.partner.is_placed
    ]
    picture = maps.draw(
        places,
        extent=wanted.extent,
        zoom_url=maps.zoom_link(request.GET),
        highlight={item.partner.country for item in mapped},
        cluster_label=lambda count: (
            ngettext("%(count)s partner here: zoom in", "%(count)s partners here: zoom in", count) % {"count": count}
        ),
    )
    # The caption counts the partners without coordinates with those outside the view.
    picture.unplaced += sum(1 for item in mapped if not item.partner.is_placed)
    whole = request.GET.copy()
    whole.pop("view", None)
    return {
        "picture": picture,
        "map_view_form": MapViewForm(initial={"view": wanted.view}),
        "zoomed": wanted.zoomed,
        "unzoomed_url": f"?{whole.urlencode()}#map",
        "unplaced": sum(1 for item in mapped if not item.partner.is_placed),
        "map_legend": selectors.MapCategory.choices,
    }
