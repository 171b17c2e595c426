"""Strategy objects for follow-up tests: a strategy owned by an organisation with rules switched on."""

import datetime

from utblick.strategies.models import RuleSetting, Strategy, StrategyOwnership, StrategyVersion, VersionStatus


def strategy_with_rules(organisation, *rules, adopted_on=datetime.date(2019, 1, 15), parameters=None):
    """An adopted strategy of ``organisation`` switching on ``rules`` (keys)."""
    strategy = Strategy.objects.create(name=f"Strategi för {organisation.name}", slug=f"strategi-{organisation.slug}")
    StrategyOwnership.objects.create(strategy=strategy, organisation=organisation)
    version = StrategyVersion.objects.create(
        strategy=strategy,
        label=str(adopted_on.year),
        status=VersionStatus.ADOPTED,
        adopted_by="Kommunfullmäktige",
        adopted_on=adopted_on,
        valid_from=adopted_on,
    )
    for order, key in enumerate(rules):
        RuleSetting.objects.create(
            version=version, key=key, enabled=True, order=order, parameters=(parameters or {}).get(key, {})
        )
    return strategy
