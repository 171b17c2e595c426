"""Shared test personas and the world they live in.

Every app's tests use the same six personas (STYLE.md): the system administrator, a
coordinator of organisation A, an editor of one unit of A, a reader of A, a coordinator
of organisation B, and an anonymous visitor.
"""

from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("administrator", "coordinator_a", "editor_a", "reader_a", "coordinator_b", "anonymous")


@dataclass
class World:
    org_a: Any
    org_b: Any
    central_office_a: Any
    unit_a: Any  # the editor's unit
    other_unit_a: Any  # a unit of A the editor does not edit
    company_a: Any
    unit_b: Any
    users: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, persona: str) -> Any:
        return self.users.get(persona)


def build_world() -> World:
    from utblick.core.tests.factories import UserFactory
    from utblick.organisations.choices import Role, UnitKind
    from utblick.organisations.tests.factories import MembershipFactory, OrganisationFactory, UnitFactory

    # A publishes its public pages, so tests also prove that this never opens its internal pages.
    org_a = OrganisationFactory(name="Kommun A", slug="kommun-a", public_pages_enabled=True)
    org_b = OrganisationFactory(name="Kommun B", slug="kommun-b")
    central = UnitFactory(organisation=org_a, name="Kommunledningskontoret", slug="klk", kind=UnitKind.CENTRAL_OFFICE)
    unit_a = UnitFactory(organisation=org_a, name="Miljöförvaltningen", slug="miljo", parent=None)
    other = UnitFactory(organisation=org_a, name="Utbildningsförvaltningen", slug="utbildning")
    company = UnitFactory(organisation=org_a, name="Energibolaget AB", slug="energi", kind=UnitKind.COMPANY)
    unit_b = UnitFactory(organisation=org_b, name="Kulturförvaltningen", slug="kultur")
    users = {
        "administrator": UserFactory(email="admin@test.example", is_superuser=True, is_staff=True),
        "coordinator_a": UserFactory(email="coordinator-a@test.example"),
        "editor_a": UserFactory(email="editor-a@test.example"),
        "reader_a": UserFactory(email="reader-a@test.example"),
        "coordinator_b": UserFactory(email="coordinator-b@test.example"),
        "anonymous": None,
    }
    MembershipFactory(user=users["coordinator_a"], organisation=org_a, role=Role.COORDINATOR)
    MembershipFactory(user=users["editor_a"], organisation=org_a, role=Role.EDITOR, units=[unit_a])
    MembershipFactory(user=users["reader_a"], organisation=org_a, role=Role.READER)
    MembershipFactory(user=users["coordinator_b"], organisation=org_b, role=Role.COORDINATOR)
    return World(org_a, org_b, central, unit_a, other, company, unit_b, users)


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
