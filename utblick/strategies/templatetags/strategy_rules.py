"""What the organisation's own strategy says, for any page that wants to say "the strategy requires …".

Such a sentence comes only from the rule settings in force (ST-5): ``{% strategy_rule organisation
"funding_investigated" as rule %}`` is None where the strategy has no such rule, and
``{% strategy_rules organisation kind as rules %}`` lists the rules about one kind of engagement.
A page that asks several times reads the rules once per request.
"""

from typing import Any

from django import template

from .. import selectors
from ..registry import get_rule

register = template.Library()


def _rules(context: template.Context, organisation: Any) -> list[selectors.RuleInForce]:
    request = context.get("request")
    if request is None:
        return selectors.rules_in_force(organisation=organisation)
    read: dict[int, list[selectors.RuleInForce]] = request.__dict__.setdefault("_utblick_rules_in_force", {})
    if organisation.pk not in read:
        read[organisation.pk] = selectors.rules_in_force(organisation=organisation)
    return read[organisation.pk]


def _concerns(key: str, kind: str) -> bool:
    rule = get_rule(key)
    return rule is not None and rule.concerns(kind)


@register.simple_tag(takes_context=True)
def strategy_rule(context: template.Context, organisation: Any, key: str) -> selectors.RuleInForce | None:
    return next((rule for rule in _rules(context, organisation) if rule.key == key), None)


@register.simple_tag(takes_context=True)
def strategy_rules(
    context: template.Context, organisation: Any, kind: str | None = None
) -> list[selectors.RuleInForce]:
    return [rule for rule in _rules(context, organisation) if kind is None or _concerns(rule.key, kind)]


@register.inclusion_tag("strategies/rule_in_force.html")
def rule_sentence(rule: selectors.RuleInForce) -> dict[str, Any]:
    """The rule as a sentence marked with its key, so a test (or a reader) can tell where it comes from."""
    return {"rule": rule}
