"""Reads about organisations that encode rules."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from .choices import OPERATIONAL_UNIT_KINDS, UnitRoleKind
from .models import Organisation, Person, Unit, UnitRole
from .permissions import with_descendants


def unit_list_with_contact_flags(
    *, organisation: Organisation, user, day: datetime.date | None = None
) -> QuerySet[Unit]:
    """Units of an organisation annotated ``has_current_contact`` (VX-8), in one query."""
    day = day or timezone.localdate()
    contact = UnitRole.objects.current(day).filter(unit=OuterRef("pk"), role=UnitRoleKind.CONTACT_PERSON)
    return (
        Unit.objects.visible_to(user)
        .in_organisation(organisation)
        .annotate(has_current_contact=Exists(contact))
        .order_by("order", "name")
    )


def unit_tree(units: list[Unit]) -> list[tuple[Unit, int]]:
    """The units in tree order with their depth, for an indented list."""
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}
    roots = [unit for unit in units if unit.parent_id is None or unit.parent_id not in known]
    ordered: list[tuple[Unit, int]] = []

    def walk(unit: Unit, depth: int) -> None:
        ordered.append((unit, depth))
        for child in children.get(unit.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def units_missing_contact_person(*, organisation: Organisation, user) -> list[Unit]:
    return [
        unit
        for unit in unit_list_with_contact_flags(organisation=organisation, user=user)
        if unit.kind in OPERATIONAL_UNIT_KINDS and unit.is_active and not unit.has_current_contact  # type: ignore[attr-defined]  # annotated
    ]


def unit_roles_for_display(*, unit: Unit, day: datetime.date | None = None) -> QuerySet[UnitRole]:
    return unit.roles.current(day).select_related("person").order_by("role", "person__name")


def person_list(*, organisation: Organisation, user) -> QuerySet[Person]:
    current = UnitRole.objects.current().select_related("unit")
    return (
        Person.objects.visible_to(user)
        .in_organisation(organisation)
        .prefetch_related(Prefetch("roles", queryset=current, to_attr="current_roles"))
        .order_by("name")
    )


def unit_ids_below(unit: Unit) -> set[int]:
    """The unit and every unit below it, however deep: a department's report covers its offices too."""
    parents = dict(Unit.objects.filter(organisation_id=unit.organisation_id).values_list("pk", "parent_id"))
    return with_descendants({unit.pk}, parents)
