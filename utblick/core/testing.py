"""Shared test personas and the authorization matrix's vocabulary.

Every app's tests use the same six personas (STYLE.md): the system administrator, a
coordinator of organisation A, an editor of one unit of A, a reader of A, a coordinator
of organisation B, and an anonymous visitor. The world they live in (organisations, units,
memberships) is built by ``utblick.organisations.testing.build_world``.
"""

from dataclasses import dataclass
from typing import Any

PERSONAS = ("administrator", "coordinator_a", "editor_a", "reader_a", "coordinator_b", "anonymous")


# -- The authorization matrix -------------------------------------------------------------
# Each app lists every URL it names in ``<app>/tests/matrix.py`` as ``CASES``; the test in
# ``utblick/core/tests/test_authorization.py`` fails when a named URL has no case.

LOGIN = "login"  # anonymous visitors are sent to the sign-in page


def expect(
    administrator: Any, coordinator_a: Any, editor_a: Any, reader_a: Any, coordinator_b: Any, anonymous: Any
) -> dict[str, Any]:
    return dict(
        zip(PERSONAS, (administrator, coordinator_a, editor_a, reader_a, coordinator_b, anonymous), strict=True)
    )


# Read by members of the organisation; the other organisation gets 404.
MEMBERS_READ = expect(200, 200, 200, 200, 404, LOGIN)
# Written by coordinators; editors and readers 403.
COORDINATORS_WRITE = expect(200, 200, 403, 403, 404, LOGIN)
# Written by coordinators and the editors of the object's unit.
UNIT_EDITORS_WRITE = expect(200, 200, 200, 403, 404, LOGIN)
# Written by coordinators, while the editor's unit is not the object's unit.
OTHER_UNIT_WRITE = expect(200, 200, 403, 403, 404, LOGIN)
# Open to everyone, signed in or not.
PUBLIC = expect(200, 200, 200, 200, 200, 200)
# Any signed-in user.
SIGNED_IN = expect(200, 200, 200, 200, 200, LOGIN)
# Administrators only.
ADMINISTRATORS = expect(200, 403, 403, 403, 403, LOGIN)


@dataclass
class UrlCase:
    """One named URL: how to build its arguments in a world, and what each persona gets."""

    name: str
    expected: dict[str, Any]
    kwargs: Any = None  # callable(world) -> dict, or None for URLs without arguments
    method: str = "get"
    data: Any = None  # callable(world) -> dict for POST cases
    query: str = ""
    content_type: str | None = None  # e.g. "application/json" for API bodies; form data otherwise

    @property
    def id(self) -> str:
        return f"{self.name}:{self.method}"
