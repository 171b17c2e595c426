"""Organisations, their units and people, as coordinators, editors and readers meet them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from utblick.organisations.choices import UnitKind, UnitRoleKind
from utblick.organisations.models import Organisation, Person, Unit
from utblick.organisations.permissions import access_for
from utblick.organisations.tests.factories import PersonFactory, UnitFactory, UnitRoleFactory


@pytest.mark.requirement("X-1")
def test_nobody_sees_another_organisations_units_or_people(world):
    PersonFactory(organisation=world.org_b, name="Bodil i B")
    coordinator_a = world.user("coordinator_a")
    assert set(Unit.objects.visible_to(coordinator_a).values_list("organisation__slug", flat=True)) == {"kommun-a"}
    assert not Person.objects.visible_to(coordinator_a).filter(name="Bodil i B").exists()


@pytest.mark.requirement("X-1")
def test_a_public_organisation_opens_no_internal_page_to_other_organisations(world, client_for):
    assert world.org_a.public_pages_enabled
    response = client_for("coordinator_b").get(f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/")
    assert response.status_code == 404


@pytest.mark.requirement("X-3")
def test_an_editor_edits_the_units_given_and_those_below_but_nothing_else(world):
    below = UnitFactory(organisation=world.org_a, parent=world.unit_a, name="Miljöenheten", slug="miljoenheten")
    access = access_for(world.user("editor_a"))
    assert access.can_edit_unit(world.org_a.pk, world.unit_a.pk)
    assert access.can_edit_unit(world.org_a.pk, below.pk)
    assert not access.can_edit_unit(world.org_a.pk, world.other_unit_a.pk)
    assert not access.can_edit_unit(world.org_b.pk, world.unit_b.pk)


@pytest.mark.requirement("X-3")
def test_readers_see_no_edit_buttons_and_coordinators_do(world, client_for):
    url = f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/"
    assert "Redigera enhet" not in client_for("reader_a").get(url).content.decode()
    assert "Redigera enhet" in client_for("coordinator_a").get(url).content.decode()


@pytest.mark.requirement("VX-8")
def test_a_department_without_a_current_contact_person_is_flagged_on_its_page(world, client_for):
    url = f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/"
    assert "Kontaktperson saknas" in client_for("reader_a").get(url).content.decode()

    UnitRoleFactory(unit=world.unit_a, role=UnitRoleKind.CONTACT_PERSON, starts_on=datetime.date(2020, 1, 1))
    assert "Kontaktperson saknas" not in client_for("reader_a").get(url).content.decode()


@pytest.mark.requirement("VX-8")
def test_a_contact_person_whose_role_has_ended_no_longer_counts(world):
    UnitRoleFactory(
        unit=world.unit_a,
        role=UnitRoleKind.CONTACT_PERSON,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
    )
    assert not world.unit_a.has_contact_person()
    assert world.unit_a.has_contact_person(datetime.date(2021, 6, 1))


@pytest.mark.requirement("ST-4", "KR-13")
def test_municipal_companies_are_units_alike_with_committees_and_departments(world, client_for):
    committee = UnitFactory(organisation=world.org_a, kind=UnitKind.COMMITTEE, name="Miljönämnden", slug="mn")
    assert world.company_a.requires_contact_person  # companies, like departments, name a contact person
    assert not committee.requires_contact_person  # the committee's department does it
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/units/").content.decode()
    for unit in (world.company_a, committee, world.unit_a, world.central_office_a):
        assert unit.name in page
    assert "kommunalt bolag" in page


@pytest.mark.requirement("VX-10")
def test_a_working_group_lists_its_members_from_several_units(world, client_for):
    group = UnitFactory(organisation=world.org_a, kind=UnitKind.WORKING_GROUP, name="Nätverk för EU-frågor", slug="eu")
    members = [PersonFactory(organisation=world.org_a, name=name) for name in ("Ada Ek", "Bo Lind", "Cia Falk")]
    for person in members:
        UnitRoleFactory(unit=group, person=person, role=UnitRoleKind.MEMBER)
    assert group.is_group and not group.requires_contact_person
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/units/{group.pk}/").content.decode()
    assert "Medlemmar" in page
    for person in members:
        assert person.name in page


def test_a_unit_cannot_be_placed_below_itself(world):
    child = UnitFactory(organisation=world.org_a, parent=world.unit_a, slug="barn")
    world.unit_a.parent = child
    with pytest.raises(ValidationError):
        world.unit_a.full_clean()


def test_organisation_numbers_are_checked(db):
    organisation = Organisation(name="Fel kommun", slug="fel", organisation_number="212000-0000")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "kontrollsiffra" in str(error.value)


def test_a_coordinator_adds_a_unit_and_a_contact_person(world, client_for):
    coordinator = client_for("coordinator_a")
    response = coordinator.post(
        f"/o/{world.org_a.slug}/units/add/",
        {"name": "Socialförvaltningen", "slug": "social", "kind": UnitKind.DEPARTMENT, "order": 0, "is_active": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(organisation=world.org_a, slug="social")
    person = PersonFactory(organisation=world.org_a, name="Dana Holm")
    response = coordinator.post(
        f"/o/{world.org_a.slug}/units/{unit.pk}/roles/add/",
        {"person": person.pk, "role": UnitRoleKind.CONTACT_PERSON, "starts_on": "2024-01-01"},
    )
    assert response.status_code == 302
    assert unit.has_contact_person()


def test_bad_input_gets_a_swedish_message_and_changes_nothing(world, client_for):
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/units/add/", {"name": "", "slug": "miljo", "kind": UnitKind.DEPARTMENT, "order": 0}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rätta en sak innan du sparar" in page and "Det här fältet är obligatoriskt" in page
    assert Unit.objects.filter(organisation=world.org_a).count() == 4


def test_of_two_stale_edits_exactly_one_wins_and_the_other_sees_the_conflict(world, client_for):
    url = f"/o/{world.org_a.slug}/people/{PersonFactory(organisation=world.org_a, name='Eva Ek').pk}/edit/"
    first, second = client_for("coordinator_a"), client_for("administrator")
    form = first.get(url).context["form"]
    base = {
        "name": "Eva Ek",
        "title": "",
        "kind": "official",
        "email": "",
        "phone": "",
        "version": form.initial["version"],
    }

    assert first.post(url, {**base, "title": "Strateg"}).status_code == 302
    conflict = second.post(url, {**base, "title": "Samordnare"})

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Någon annan sparade först" in page and "Strateg" in page and "Samordnare" in page
    person = Person.objects.get(name="Eva Ek")
    assert person.title == "Strateg" and person.version == 2
