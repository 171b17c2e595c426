"""The rule evaluators, one per rule key of ``strategies.registry.RULES``: what an evaluator is, and
the registry they are entered in (``evaluators.py``, ``evaluators_engagements.py``).

It lives apart from the models and from the evaluation, so a deviation finds its rule's title and
message here (``Deviation.evaluator``) without importing the evaluation, which writes deviations.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models

from utblick.organisations.models import Organisation, Unit


@dataclass(frozen=True)
class Finding:
    """One failed check: what it concerns, the unit responsible, and the message's parameters."""

    subject: models.Model
    unit: Unit | None
    params: dict[str, Any] = field(default_factory=dict)
    discriminator: str = ""  # tells several findings of one rule on one subject apart
    due_on: Any = None
    is_confidential: bool = False


class Evaluator:
    """Checks one rule. Subclasses set ``key`` (the rule's key in the registry) and ``watches``."""

    key: ClassVar[str]
    title: ClassVar[Any]
    # Model labels whose change re-evaluates this rule at once; time-driven rules rely on the
    # scheduled ``evaluate_rules`` command as well.
    watches: ClassVar[tuple[str, ...]] = ()

    def findings(self, *, organisation: Organisation, parameters: dict[str, Any], today) -> Iterable[Finding]:
        raise NotImplementedError

    def message(self, params: dict[str, Any]) -> str:
        raise NotImplementedError

    def resolution(self, params: dict[str, Any]) -> str:
        return ""


REGISTRY: dict[str, Evaluator] = {}


def register(evaluator_class: type[Evaluator]) -> type[Evaluator]:
    REGISTRY[evaluator_class.key] = evaluator_class()
    return evaluator_class
