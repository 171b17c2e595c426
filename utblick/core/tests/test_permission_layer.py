"""Who may write for which organisations and units is decided in the permission modules only (issue 16.1).

Forms, views, imports, selectors and the API ask ``organisations.permissions`` (``units_writable_by``,
``writes_for_some_unit``, ``coordinates`` …) or the ``rules`` predicates; none of them reads a user's
roles and units (``Access``) and decides for itself, as four places once did.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PERMISSION_MODULES = {
    "utblick/core/permissions.py",
    "utblick/organisations/permissions.py",
    "utblick/watch/permissions.py",
}
# Reading the roles and units behind the permission functions' backs.
DECIDING = re.compile(
    r"\baccess_for\(|\bAccess\(|\.editor_units\b|\bcan_edit_unit\(|\bcan_coordinate\(|\ball_editor_unit_ids\("
    r"|\borganisation_ids\(|\.role\(|\.editor_memberships\b|\beditor_memberships__|\bmemberships__units\b"
)


def _offences() -> list[str]:
    found = []
    for path in sorted((ROOT / "utblick").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in PERMISSION_MODULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if DECIDING.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_the_check_recognises_a_unit_decision_made_outside_the_permission_layer():
    # What engagements/forms.py, engagements/views.py, engagements/imports.py and watch/views.py once said.
    for line in (
        "access = access_for(user)",
        "units = units.filter(pk__in=access.editor_units.get(organisation.pk, frozenset()))",
        "elif unit is not None and not access.can_edit_unit(organisation.pk, unit.pk):",
        "if to_unit is None and not access.can_coordinate(self.organisation.pk):",
        '"may_comment": access.can_coordinate(organisation.pk) or access.role(organisation.pk) == "editor",',
    ):
        assert DECIDING.search(line), line


def test_no_unit_permission_logic_outside_the_permission_modules():
    offences = _offences()
    assert not offences, "Ask organisations.permissions (or a rules predicate) instead:\n" + "\n".join(offences)
