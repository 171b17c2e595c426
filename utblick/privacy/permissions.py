"""Who acts as the data protection officer's hands in Utblick: the organisation's coordinators.

A register extract, a correction or an erasure, and the retention rules, concern personal data of
the whole organisation; they are for its coordinators and the system administrator (docs/permissions.md).
"""

from typing import Any

import rules

from utblick.core.models import Visitor
from utblick.organisations import permissions as perms

MANAGE = "privacy.manage_personal_data"

rules.add_perm(MANAGE, perms.is_coordinator)


def may_manage_personal_data(user: Visitor, organisation: Any) -> bool:
    return bool(user.has_perm(MANAGE, organisation))
