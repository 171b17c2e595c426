from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key: Any) -> Any:
    """``{{ explanations|lookup:item.pk }}``"""
    return mapping.get(key, "") if mapping else ""
