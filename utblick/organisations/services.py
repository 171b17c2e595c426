"""Writes to organisations, units, people and roles. Views and the API call these."""

from typing import Any

from django.db import transaction

from utblick.core.services import model_delete, model_save

from .models import Organisation, Person, Unit, UnitRole


@transaction.atomic
def organisation_update(*, organisation: Organisation, user: Any, expected_version: int) -> Organisation:
    return model_save(organisation, user=user, expected_version=expected_version)


@transaction.atomic
def unit_save(*, unit: Unit, user: Any, expected_version: int | None = None) -> Unit:
    return model_save(unit, user=user, expected_version=expected_version)


@transaction.atomic
def person_save(*, person: Person, user: Any, expected_version: int | None = None) -> Person:
    return model_save(person, user=user, expected_version=expected_version)


@transaction.atomic
def unit_role_save(*, unit_role: UnitRole, user: Any) -> UnitRole:
    return model_save(unit_role, user=user)


@transaction.atomic
def unit_role_delete(*, unit_role: UnitRole, user: Any) -> None:
    model_delete(unit_role, user=user)
