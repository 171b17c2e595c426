from typing import Any

from django import template
from django.utils.translation import gettext as _

from utblick.core.models import Visitor
from utblick.core.navigation import items_for
from utblick.core.panels import render

register = template.Library()


@register.filter
def nav_items(organisation: Any, request: Any) -> list[dict[str, Any]]:
    return items_for(organisation, request)


@register.filter
def verbose_name(obj: Any) -> str:
    return str(obj._meta.verbose_name)


@register.filter
def new_label(obj: Any) -> str:
    """The heading of the form that creates one: "Nytt mål" but "Ny resa".

    Swedish nouns are common or neuter, so no single "New %(kind)s" fits them all; each model
    with a create form names its own ``new_label``. Without one the wording avoids the article.
    """
    label = getattr(obj, "new_label", None)
    if label:
        return str(label)
    return _("Add %(kind)s") % {"kind": obj._meta.verbose_name}


@register.filter
def has_perm_on(user: Visitor, permission_and_obj: tuple[str, Any]) -> bool:
    permission, obj = permission_and_obj
    return bool(user.has_perm(permission, obj))


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], permission: str, obj: Any) -> bool:
    """``{% can "organisations.change_unit" unit as may_edit %}``"""
    return bool(context["request"].user.has_perm(permission, obj))


@register.simple_tag(takes_context=True)
def panels(context: dict[str, Any], slot: str, obj: Any) -> str:
    """``{% panels "unit" unit %}``: what later apps add to this page."""
    return render(slot, context["request"], obj)
