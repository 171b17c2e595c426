from utblick.core.testing import COORDINATORS_WRITE, MEMBERS_READ, UrlCase
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory


def org(world):
    return {"org": world.org_a.slug}


def unit(world):
    return {"org": world.org_a.slug, "pk": world.unit_a.pk}


def person(world):
    return {"org": world.org_a.slug, "pk": PersonFactory(organisation=world.org_a).pk}


def role(world):
    return {"org": world.org_a.slug, "pk": UnitRoleFactory(unit=world.unit_a, role=UnitRoleKind.MEMBER).pk}


CASES = [
    UrlCase("organisations:organisation", MEMBERS_READ, org),
    UrlCase("organisations:organisation_edit", COORDINATORS_WRITE, org),
    UrlCase("organisations:organisation_history", MEMBERS_READ, org),
    UrlCase("organisations:unit_list", MEMBERS_READ, org),
    UrlCase("organisations:unit_add", COORDINATORS_WRITE, org),
    UrlCase("organisations:unit", MEMBERS_READ, unit),
    UrlCase("organisations:unit_edit", COORDINATORS_WRITE, unit),
    UrlCase("organisations:unit_history", MEMBERS_READ, unit),
    UrlCase("organisations:unitrole_add", COORDINATORS_WRITE, unit),
    UrlCase("organisations:unitrole_edit", COORDINATORS_WRITE, role),
    UrlCase("organisations:unitrole_delete", COORDINATORS_WRITE, role),
    UrlCase("organisations:person_list", MEMBERS_READ, org),
    UrlCase("organisations:person_add", COORDINATORS_WRITE, org),
    UrlCase("organisations:person", MEMBERS_READ, person),
    UrlCase("organisations:person_edit", COORDINATORS_WRITE, person),
    UrlCase("organisations:person_history", MEMBERS_READ, person),
]
