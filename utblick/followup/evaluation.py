"""Rule evaluation: the strategy's switched-on rules checked against the register.

A rule is declared in ``strategies`` (key, title, typed parameters) and switched on per strategy
version by a ``RuleSetting``; here each key has an ``Evaluator`` that reads the register and
yields ``Finding``s. ``evaluate_organisation`` turns findings into ``Deviation`` rows: new
findings open a deviation, findings that went away resolve theirs, unchanged ones stay as they
are (so ``first_seen`` says since when). Running it twice changes nothing (idempotent).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from utblick.organisations.models import Organisation
from utblick.strategies.models import RuleSetting
from utblick.strategies.selectors import rule_settings_in_force

from .models import Deviation
from .registry import REGISTRY, Evaluator, Finding, register


@dataclass
class Summary:
    opened: int = 0
    resolved: int = 0
    still_open: int = 0

    def __iadd__(self, other: "Summary") -> "Summary":
        self.opened += other.opened
        self.resolved += other.resolved
        self.still_open += other.still_open
        return self


def active_rule_settings(organisation: Organisation, day=None) -> list[RuleSetting]:
    """The switched-on rule settings of the organisation's adopted strategy versions in force."""
    return rule_settings_in_force(organisation=organisation, day=day)


def _fingerprint(key: str, finding: Finding) -> str:
    subject = finding.subject
    return f"{key}:{subject._meta.label_lower}:{subject.pk}:{finding.discriminator}"[:250]


@transaction.atomic
def evaluate_organisation(organisation: Organisation, *, today=None, only_keys: Iterable[str] | None = None) -> Summary:
    today = today or timezone.localdate()
    now = timezone.now()
    wanted = set(only_keys) if only_keys is not None else None
    summary = Summary()
    seen_keys: set[str] = set()
    for setting in active_rule_settings(organisation, today):
        evaluator = REGISTRY.get(setting.key)
        if evaluator is None or (wanted is not None and setting.key not in wanted):
            continue
        seen_keys.add(setting.key)
        summary += _sync(organisation, evaluator, setting.parameters or {}, today, now)
    # Rules switched off, or no longer in the strategy: their open deviations are resolved.
    stale = Deviation.objects.open().filter(organisation=organisation).exclude(rule_key__in=seen_keys)
    if wanted is not None:
        stale = stale.filter(rule_key__in=wanted)
    for deviation in stale:
        deviation.resolved_at = now
        deviation.save(update_fields=["resolved_at", "updated_at"])
        summary.resolved += 1
    return summary


def _sync(organisation: Organisation, evaluator: Evaluator, parameters: dict, today, now) -> Summary:
    summary = Summary()
    current = {
        deviation.fingerprint: deviation
        for deviation in Deviation.objects.open().filter(organisation=organisation, rule_key=evaluator.key)
    }
    found: dict[str, Finding] = {}
    for finding in evaluator.findings(organisation=organisation, parameters=parameters, today=today):
        found.setdefault(_fingerprint(evaluator.key, finding), finding)
    for fingerprint, finding in found.items():
        deviation = current.get(fingerprint)
        label = str(finding.subject)[:300]
        if deviation is None:
            Deviation.objects.create(
                organisation=organisation,
                unit=finding.unit,
                rule_key=evaluator.key,
                subject_type=ContentType.objects.get_for_model(finding.subject),
                subject_id=finding.subject.pk,
                subject_label=label,
                fingerprint=fingerprint,
                params=finding.params,
                is_confidential=finding.is_confidential,
                due_on=finding.due_on,
                first_seen=now,
                last_seen=now,
            )
            summary.opened += 1
            continue
        summary.still_open += 1
        changed = {
            "params": finding.params,
            "subject_label": label,
            "unit_id": finding.unit.pk if finding.unit else None,
            "is_confidential": finding.is_confidential,
            "due_on": finding.due_on,
        }
        if any(getattr(deviation, name) != value for name, value in changed.items()):
            for name, value in changed.items():
                setattr(deviation, name, value)
            deviation.save()
    for fingerprint, deviation in current.items():
        if fingerprint not in found:
            deviation.resolved_at = now
            deviation.save(update_fields=["resolved_at", "updated_at"])
            summary.resolved += 1
    return summary


def evaluate_all(
    *, today=None, organisations: Iterable[Organisation] | None = None
) -> Iterator[tuple[Organisation, Summary]]:
    for organisation in organisations if organisations is not None else Organisation.objects.filter(is_active=True):
        yield organisation, evaluate_organisation(organisation, today=today)


def organisation_of(obj: Any) -> int | None:
    """The organisation a changed record belongs to, for re-evaluation."""
    ids = getattr(obj, "scope_organisation_ids", None)
    if ids:
        return ids[0]
    return getattr(obj, "scope_organisation_id", None)


def on_change(obj: Any) -> None:
    """Re-evaluate, in the same transaction, the rules that watch the changed record's model."""
    label = obj._meta.label
    keys = [key for key, evaluator in REGISTRY.items() if label in evaluator.watches]
    if not keys:
        return
    organisation_ids = set(getattr(obj, "scope_organisation_ids", None) or [organisation_of(obj)])
    for organisation in Organisation.objects.filter(pk__in=[pk for pk in organisation_ids if pk]):
        evaluate_organisation(organisation, only_keys=keys)


__all__ = ["REGISTRY", "Evaluator", "Finding", "Summary", "evaluate_organisation", "register"]
