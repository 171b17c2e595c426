"""The organisation menu. Each app registers its entries in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    order: int
    label: str | Promise
    url_name: str
    visible: Callable[[Any, Any], bool] | None = None  # (user, organisation) -> bool


_entries: list[NavEntry] = []


def register(
    order: int, label: str | Promise, url_name: str, visible: Callable[[Any, Any], bool] | None = None
) -> None:
    if any(entry.url_name == url_name for entry in _entries):
        return
    _entries.append(NavEntry(order, label, url_name, visible))
    _entries.sort(key=lambda entry: entry.order)


def items_for(organisation: Any, request: Any) -> list[dict[str, Any]]:
    items = []
    for entry in _entries:
        if entry.visible and not entry.visible(request.user, organisation):
            continue
        url = reverse(entry.url_name, kwargs={"org": organisation.slug})
        items.append({"label": entry.label, "url": url, "current": request.path.startswith(url)})
    return items
