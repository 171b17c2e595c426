"""``{{ amount|number }}``: every figure a page shows, grouped as the reader's language writes it.

A builtin of the template engine (settings ``TEMPLATES``), so every template has it without a load.
"""

from typing import Any

from django import template

from utblick.core import formatting

register = template.Library()


@register.filter
def number(value: Any, decimals: Any = 0) -> str:
    """``{{ fee|number }}`` → "1 560 000"; ``{{ share|number:"-1" }}`` → "12,5" or "12"; "—" for none."""
    return formatting.number(value, int(decimals))
