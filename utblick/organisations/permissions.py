"""Who may see and change what: roles per organisation, predicates and scoped querysets.

The system administrator (a superuser) may do everything. Inside an organisation a
coordinator reads and writes everything, an editor writes what belongs to the units
given to them (and the units below those) and reads the rest, a reader reads. Nobody
sees another organisation's non-public data (X-1, X-3). See docs/permissions.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self

import rules
from django.apps import apps
from django.db import models
from django.db.models import Q

from utblick.core.models import Visitor

from .choices import Role

_CACHE_ATTR = "_utblick_access"


def _model(name: str) -> Any:
    """One of this app's models, from Django's app registry: the models import this module for their
    querysets and predicates, so it names them by label, as a ForeignKey does, and never imports them."""
    return apps.get_model("organisations", name)


@dataclass(frozen=True)
class Access:
    """What one user may do, computed once per request."""

    is_administrator: bool = False
    roles: Mapping[int, str] = field(default_factory=dict)
    editor_units: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def role(self, organisation_id: int | None) -> str | None:
        return self.roles.get(organisation_id) if organisation_id is not None else None

    def organisation_ids(self, *roles: str) -> set[int]:
        return {org for org, role in self.roles.items() if not roles or role in roles}

    def can_read(self, organisation_id: int | None) -> bool:
        return self.is_administrator or self.role(organisation_id) is not None

    def can_coordinate(self, organisation_id: int | None) -> bool:
        return self.is_administrator or self.role(organisation_id) == Role.COORDINATOR

    def can_edit_unit(self, organisation_id: int | None, unit_id: int | None) -> bool:
        if self.can_coordinate(organisation_id):
            return True
        return (
            self.role(organisation_id) == Role.EDITOR
            and unit_id is not None
            and unit_id in self.editor_units.get(organisation_id, frozenset())  # type: ignore[arg-type]
        )

    def all_editor_unit_ids(self) -> set[int]:
        return {unit for units in self.editor_units.values() for unit in units}


def access_for(user: Visitor) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Access()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, str] = {}
    direct_units: dict[int, set[int]] = {}
    memberships = _model("Membership").objects.filter(user=user, organisation__is_active=True).prefetch_related("units")
    for membership in memberships:
        roles[membership.organisation_id] = membership.role
        if membership.role == Role.EDITOR:
            direct_units[membership.organisation_id] = {unit.pk for unit in membership.units.all()}
    editor_units: dict[int, frozenset[int]] = {}
    if direct_units:
        parents = dict(_model("Unit").objects.filter(organisation_id__in=direct_units).values_list("pk", "parent_id"))
        for org, units in direct_units.items():
            editor_units[org] = frozenset(with_descendants(units, parents))
    access = Access(is_administrator=user.is_superuser, roles=roles, editor_units=editor_units)
    setattr(user, _CACHE_ATTR, access)
    return access


# -- The questions pages, forms, imports and the API ask ---------------------------------------
# Every decision about which organisations and units a user may write for is made here (and in
# the apps' own permission modules built on it); nothing else reads ``Access`` (a test checks).


def member_organisation_ids(user: Visitor) -> set[int]:
    """The organisations the user is a member of, with any role."""
    return access_for(user).organisation_ids()


def coordinates(user: Visitor, organisation: Any) -> bool:
    """Whether the user coordinates the organisation; the administrator coordinates every one."""
    return organisation is not None and access_for(user).can_coordinate(organisation.pk)


def coordinated_organisation_ids(user: Visitor) -> frozenset[int] | None:
    """The organisations the user coordinates; ``None`` for the administrator, who coordinates every one."""
    access = access_for(user)
    return None if access.is_administrator else frozenset(access.organisation_ids(Role.COORDINATOR))


def units_writable_by(user: Visitor, organisation: Any) -> models.QuerySet:
    """The one answer to "for which units may this user record international work here".

    Coordinators (and the administrator): every unit of the organisation. Editors: the units given
    to them and the units below those. Everyone else: none. Inactive units are included; forms offer
    the active ones. The ``rules`` predicate ``is_unit_editor`` asks the same question of one object.
    """
    units = _model("Unit").objects.filter(organisation=organisation)
    access = access_for(user)
    if access.can_coordinate(organisation.pk):
        return units
    # ``editor_units`` holds the units (with those below them) of editor memberships only: what
    # ``Access.can_edit_unit`` answers for one unit.
    return units.filter(pk__in=access.editor_units.get(organisation.pk, frozenset()))


def writes_for_some_unit(user: Visitor, organisation: Any) -> bool:
    """Coordinators, and editors with at least one unit to record for: those who may add engagements."""
    access = access_for(user)
    return access.can_coordinate(organisation.pk) or bool(access.editor_units.get(organisation.pk))


def may_write_for_unit(user: Visitor, unit: Any) -> bool:
    return unit is not None and access_for(user).can_edit_unit(unit.organisation_id, unit.pk)


def forget_access(user: Visitor) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def with_descendants(roots: set[int], parents: Mapping[int, int | None]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for unit, parent in parents.items():
        children.setdefault(parent, []).append(unit)
    found, stack = set(), list(roots)
    while stack:
        unit = stack.pop()
        if unit in found:
            continue
        found.add(unit)
        stack.extend(children.get(unit, ()))
    return found


def scope_organisation_ids(obj: Any) -> list[int]:
    """The organisations an object belongs to: one, or every owner of a shared strategy (LN-1)."""
    several = getattr(obj, "scope_organisation_ids", None)
    if several is not None:
        return list(several)
    single = getattr(obj, "scope_organisation_id", None)
    return [single] if single is not None else []


def scope_unit_id(obj: Any) -> int | None:
    return getattr(obj, "scope_unit_id", None)


@rules.predicate
def is_administrator(user: Visitor) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_member(user: Visitor, obj: Any) -> bool:
    access = access_for(user)
    return obj is not None and any(access.can_read(org) for org in scope_organisation_ids(obj))


@rules.predicate
def is_coordinator(user: Visitor, obj: Any) -> bool:
    access = access_for(user)
    return obj is not None and any(access.can_coordinate(org) for org in scope_organisation_ids(obj))


@rules.predicate
def is_unit_editor(user: Visitor, obj: Any) -> bool:
    access = access_for(user)
    unit = scope_unit_id(obj)
    return obj is not None and any(access.can_edit_unit(org, unit) for org in scope_organisation_ids(obj))


@rules.predicate
def is_writer(user: Visitor, obj: Any) -> bool:
    """Coordinators and editors: those who record international work in the organisation."""
    access = access_for(user)
    return obj is not None and any(
        access.can_coordinate(org) or access.role(org) == Role.EDITOR for org in scope_organisation_ids(obj)
    )


# The usual rule sets, for ``Meta.rules_permissions``.
READ_MEMBERS_WRITE_COORDINATORS = {
    "view": is_member,
    "add": is_coordinator,
    "change": is_coordinator,
    "delete": is_coordinator,
}
READ_MEMBERS_WRITE_UNIT_EDITORS = {
    "view": is_member,
    "add": is_unit_editor,
    "change": is_unit_editor,
    "delete": is_unit_editor,
}


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which organisation (and unit) its rows belong to.

    Models set ``scope_organisation_field`` (a lookup path to the organisation's id)
    and, if editors may write them, ``scope_unit_field`` (a lookup path to the unit).
    """

    def _org_field(self) -> str:
        return self.model.scope_organisation_field  # type: ignore[attr-defined]

    def public(self) -> Self:
        """What anonymous visitors may see; nothing unless a model says otherwise."""
        return self.none()

    def visible_to(self, user: Visitor) -> Self:
        if is_administrator(user):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.public()
        access = access_for(user)
        member_of = Q(**{f"{self._org_field()}__in": access.organisation_ids()})
        public = self.public()
        if public.query.is_empty():
            return self.filter(member_of)
        return self.filter(member_of | Q(pk__in=public.values("pk")))

    def editable_by(self, user: Visitor) -> Self:
        if is_administrator(user):
            return self.all()
        access = access_for(user)
        allowed = Q(**{f"{self._org_field()}__in": access.organisation_ids(Role.COORDINATOR)})
        unit_field = getattr(self.model, "scope_unit_field", None)
        if unit_field:
            allowed |= Q(**{f"{unit_field}__in": access.all_editor_unit_ids()}) & Q(
                **{f"{self._org_field()}__in": access.organisation_ids(Role.EDITOR)}
            )
        return self.filter(allowed)

    def in_organisation(self, organisation: Any) -> Self:
        return self.filter(**{self._org_field(): organisation.pk})
