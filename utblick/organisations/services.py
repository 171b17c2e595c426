"""Writes to organisations, units, people and roles. Views and the API call these."""

from django.db import transaction

from utblick.core.models import User
from utblick.core.services import model_delete, model_save

from .models import Organisation, Person, Unit, UnitRole


@transaction.atomic
def organisation_update(*, organisation: Organisation, user: User, expected_version: int) -> Organisation:
    return model_save(organisation, user=user, expected_version=expected_version)


@transaction.atomic
def unit_save(*, unit: Unit, user: User, expected_version: int | None = None) -> Unit:
    return model_save(unit, user=user, expected_version=expected_version)


@transaction.atomic
def person_save(*, person: Person, user: User, expected_version: int | None = None) -> Person:
    return model_save(person, user=user, expected_version=expected_version)


@transaction.atomic
def unit_role_save(*, unit_role: UnitRole, user: User) -> UnitRole:
    return model_save(unit_role, user=user)


@transaction.atomic
def unit_role_delete(*, unit_role: UnitRole, user: User) -> None:
    model_delete(unit_role, user=user)
