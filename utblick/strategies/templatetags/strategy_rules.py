"""What the organisation's own strategy says, for any page that wants to say "the strategy requires …".

Such a sentence comes only from the rule settings in force (ST-5): ``{% strategy_rule organisation
"funding_investigated" as rule %}`` is None where the strategy has no such rule, and
``{% strategy_rules organisation kind as rules %}`` lists the rules about one kind of engagement.
"""

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def strategy_rule(organisation: Any, key: str) -> selectors.RuleInForce | None:
    return selectors.rule_in_force(organisation=organisation, key=key)


@register.simple_tag
def strategy_rules(organisation: Any, kind: str | None = None) -> list[selectors.RuleInForce]:
    return selectors.rules_in_force(organisation=organisation, kind=kind)


@register.inclusion_tag("strategies/rule_in_force.html")
def rule_sentence(rule: selectors.RuleInForce) -> dict[str, Any]:
    """The rule as a sentence marked with its key, so a test (or a reader) can tell where it comes from."""
    return {"rule": rule}
