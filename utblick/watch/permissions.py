"""Who may see and change the scanning desk's records.

Sources, and the items they bring, either belong to one organisation (its central office keeps
them, KR-5) or to the whole installation (``organisation`` empty: the EU portal's calls, public
information that every organisation reads; the system administrator keeps them). Everything a
unit adds on top — profiles, marks, shares, comments, funding investigations — belongs to one
organisation and follows the usual roles (docs/permissions.md).
"""

from typing import Any, Self

import rules
from django.db.models import Q

from utblick.core.models import Visitor
from utblick.organisations import permissions as perms
from utblick.organisations.choices import Role

from .choices import SourceKind


@rules.predicate
def is_shared_reader(user: Visitor, obj: Any) -> bool:
    """An installation-wide record: every member of any organisation reads it."""
    if obj is None or perms.scope_organisation_ids(obj):
        return False
    access = perms.access_for(user)
    return access.is_administrator or bool(access.roles)


SHARED_OR_OWN = {
    "view": perms.is_member | is_shared_reader,
    "add": perms.is_coordinator,
    "change": perms.is_coordinator,
    "delete": perms.is_coordinator,
}


@rules.predicate
def is_entered_by_hand(user: Visitor, item: Any) -> bool:
    """An item of its organisation's manual source; imported items change only with their source's imports."""
    return item is not None and item.source.kind == SourceKind.MANUAL


# Items: an organisation's coordinators add them by hand and change or delete only those (ADR 0012).
ITEM_RULES = SHARED_OR_OWN | {
    "change": perms.is_coordinator & is_entered_by_hand,
    "delete": perms.is_coordinator & is_entered_by_hand,
}


@rules.predicate
def shares_with_every_unit_only_as_coordinator(user: Visitor, share: Any) -> bool:
    """Sharing with every unit of the organisation is the central office's (KR-5)."""
    return share is not None and (share.to_unit_id is not None or perms.is_coordinator(user, share))


# Shares: from a unit its editors write for (the central office's shares, without a unit, are the
# coordinators'); with every unit only by coordinators.
SHARE_RULES = perms.READ_MEMBERS_WRITE_UNIT_EDITORS | {
    "add": perms.is_unit_editor & shares_with_every_unit_only_as_coordinator,
}


class SharedOrOwnQuerySet(perms.ScopedQuerySet):
    """Rows of one organisation, or of the whole installation when the organisation is empty."""

    def _shared(self) -> Q:
        return Q(**{f"{self._org_field()}__isnull": True})

    def visible_to(self, user: Visitor) -> Self:
        if perms.is_administrator(user):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.none()
        access = perms.access_for(user)
        if not access.roles:
            return self.none()
        return self.filter(self._shared() | Q(**{f"{self._org_field()}__in": access.organisation_ids()}))

    def editable_by(self, user: Visitor) -> Self:
        if perms.is_administrator(user):
            return self.all()
        access = perms.access_for(user)
        return self.filter(**{f"{self._org_field()}__in": access.organisation_ids(Role.COORDINATOR)})

    def in_organisation(self, organisation: Any) -> Self:
        return self.filter(self._shared() | Q(**{self._org_field(): organisation.pk}))
