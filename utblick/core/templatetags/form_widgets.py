"""Select options written in Python rather than one included template per option.

Django's ``select.html`` includes ``select_option.html`` (and that ``attrs.html``) for every option:
a list of a few hundred partners or countries then costs more than the rest of the page. The markup
here is the same the templates write; an option with a template of its own still goes through it.
"""

import html
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def escape(value: Any) -> str:
    """Django's ``conditional_escape`` without its check of every argument for a lazy string, which
    cost more than the escaping itself over a few hundred options; the same output."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attributes(attrs: dict[str, Any]) -> str:
    """As ``attrs.html`` writes them: ``True`` as a bare name, ``False`` left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict[str, Any]) -> str:
    if option.get("template_name", OPTION_TEMPLATE) != OPTION_TEMPLATE:
        return render_to_string(option["template_name"], {"widget": option})
    attributes = _attributes(option["attrs"]) if option["attrs"] else ""
    return f'<option value="{escape(option["value"])}"{attributes}>{escape(option["label"])}</option>'


@register.simple_tag
def select_options(optgroups: list[tuple[Any, list[dict[str, Any]], int]]) -> SafeString:
    parts: list[str] = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(_option(option) for option in group_choices)
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("\n  ".join(parts))  # every value and label escaped above
