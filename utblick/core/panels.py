"""Panels that later apps add to earlier apps' pages, without the earlier app importing them.

An app registers a panel for a slot in its AppConfig.ready(); the page renders the slot with
``{% panels "unit" unit %}``. Example: the follow-up app adds deviations to the unit page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    slot: str
    order: int
    template_name: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]  # None: nothing to show


_panels: list[Panel] = []


def register(slot: str, order: int, template_name: str, context: Callable[[HttpRequest, Any], dict | None]) -> None:
    if any(panel.slot == slot and panel.template_name == template_name for panel in _panels):
        return
    _panels.append(Panel(slot, order, template_name, context))
    _panels.sort(key=lambda panel: (panel.slot, panel.order))


def render(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    parts = []
    for panel in _panels:
        if panel.slot != slot:
            continue
        context = panel.context(request, obj)
        if context is not None:
            parts.append(render_to_string(panel.template_name, {"object": obj, **context}, request=request))
    return mark_safe("".join(parts))
