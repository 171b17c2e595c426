"""The world the shared test personas live in (``utblick.core.testing.PERSONAS``): two organisations,
their units, and one user per persona with the membership that makes them what they are."""

from dataclasses import dataclass, field
from typing import Any

from utblick.core.tests.factories import UserFactory

from .choices import Role, UnitKind
from .tests.factories import MembershipFactory, OrganisationFactory, UnitFactory


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
