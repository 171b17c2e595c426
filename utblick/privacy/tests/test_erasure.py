"""Erasure (radering) and correction (rättelse) reach every table, history included."""

import pytest
from django.test import Client

from utblick.engagements.models import Engagement, NetworkMembership
from utblick.organisations.models import Person, UnitRole
from utblick.organisations.tests.factories import PersonFactory
from utblick.privacy.models import DataSubjectRequest
from utblick.watch.models import ItemComment

from .rawscan import rows_containing, text_columns


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.requirement("X-4")
def test_erasing_a_demo_person_leaves_their_name_email_and_phone_in_no_table(subject):
    person = subject.person
    responsible_for = set(person.engagements.values_list("pk", flat=True))
    assert len(responsible_for) >= 10 and any(rows_containing(value) for value in subject.identifiers)
    assert len(text_columns()) > 300  # every text column of every table, history tables included

    response = _client(subject.coordinator).post(
        f"/o/kristianstad/privacy/people/{person.pk}/erase/", {"case_number": "KS 2026/1234", "confirm": "on"}
    )

    assert response.status_code == 302
    for value in subject.identifiers:
        assert rows_containing(value) == {}, value
    anonymised = Person.objects.get(pk=person.pk)  # engagements refer to it, so it stays
    assert (anonymised.name, anonymised.email, anonymised.phone, anonymised.user) == (
        "Anonymiserad person",
        "",
        "",
        None,
    )
    assert set(anonymised.engagements.values_list("pk", flat=True)) == responsible_for  # the work is still there
    skane = NetworkMembership.objects.get(engagement__title="Samarbete inom Skåne Nordost")
    assert anonymised in skane.representatives.all()
    assert "Anonymiserad person" in Engagement.objects.get(pk=skane.pk).description
    assert not UnitRole.objects.filter(person=anonymised).exists()
    assert [row.name for row in anonymised.history.all()] == ["Anonymiserad person"]  # one version: the erasure
    subject.user.refresh_from_db()
    assert not subject.user.is_active and not subject.user.has_usable_password()
    assert not Client().login(email=subject.identifiers[1], password="test-password-123")
    assert ItemComment.objects.filter(author=subject.user).get().text.endswith("[telefonnummer borttaget].")
    logged = DataSubjectRequest.objects.get(kind="erasure")
    assert (logged.person_number, logged.case_number, logged.handled_by) == (
        person.pk,
        "KS 2026/1234",
        subject.coordinator,
    )


@pytest.mark.django_db
@pytest.mark.requirement("X-1")
def test_a_namesake_in_another_organisation_keeps_their_details(subject):
    from utblick.organisations.models import Organisation

    namesake = PersonFactory(
        organisation=Organisation.objects.get(slug="vaxjo"), name=subject.person.name, email="namne@vaxjo.example"
    )
    _client(subject.coordinator).post(f"/o/kristianstad/privacy/people/{subject.person.pk}/erase/", {"confirm": "on"})
    namesake.refresh_from_db()
    assert namesake.name == subject.identifiers[0]
    assert set(rows_containing(subject.identifiers[0])) == {
        ("organisations_person", "name"),
        ("organisations_historicalperson", "name"),
    }


@pytest.mark.django_db
def test_a_person_nothing_refers_to_is_removed_with_their_history(world, client_for):
    person = PersonFactory(organisation=world.org_a, name="Tove Ekängen", phone="0470-55 66 77")
    person.title = "Projektledare"
    person.save()
    assert person.history.count() == 2

    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/privacy/people/{person.pk}/erase/", {"confirm": "on"}
    )

    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Person.history.filter(id=person.pk).exists()
    assert rows_containing("Tove Ekängen") == {} and rows_containing("0470-55 66 77") == {}


@pytest.mark.django_db
def test_the_erasure_needs_its_confirmation_and_changes_nothing_without_it(world, client_for):
    person = PersonFactory(organisation=world.org_a, name="Tove Ekängen")
    response = client_for("coordinator_a").post(f"/o/{world.org_a.slug}/privacy/people/{person.pk}/erase/", {})
    assert response.status_code == 200
    assert "Kryssa i rutan för att bekräfta raderingen." in response.content.decode()
    assert Person.objects.get(pk=person.pk).name == "Tove Ekängen"
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.requirement("X-1")
def test_an_account_that_serves_another_organisation_is_kept_and_only_unlinked(world, client_for):
    from utblick.organisations.choices import Role
    from utblick.organisations.tests.factories import MembershipFactory

    shared = world.user("coordinator_b")
    MembershipFactory(user=shared, organisation=world.org_a, role=Role.READER)
    person = PersonFactory(organisation=world.org_a, name="Maj Norrström", email=shared.email, user=shared)

    client_for("coordinator_a").post(f"/o/{world.org_a.slug}/privacy/people/{person.pk}/erase/", {"confirm": "on"})

    shared.refresh_from_db()
    assert shared.is_active and shared.email == "coordinator-b@test.example"
    assert list(shared.memberships.values_list("organisation__slug", flat=True)) == [world.org_b.slug]
    assert not Person.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
@pytest.mark.requirement("X-4")
def test_a_correction_replaces_the_wrong_value_in_the_history_and_in_texts(subject):
    person = subject.person
    wrong = person.email
    client = _client(subject.coordinator)
    page = client.get(f"/o/kristianstad/privacy/people/{person.pk}/correct/")
    assert page.status_code == 200

    response = client.post(
        f"/o/kristianstad/privacy/people/{person.pk}/correct/",
        {
            "name": person.name,
            "title": person.title,
            "email": "ratt.adress@kristianstad.example",
            "phone": person.phone,
            "version": Person.objects.get(pk=person.pk).version,
            "correct_history": "on",
            "case_number": "KS 2026/88",
        },
    )

    assert response.status_code == 302
    hits = rows_containing(wrong)
    # The user account keeps its own sign-in address: the administrator changes that, not a correction.
    assert set(hits) <= {("core_user", "email"), ("core_historicaluser", "email"), ("account_emailaddress", "email")}
    assert (
        "ratt.adress@kristianstad.example" in Engagement.objects.get(title="Samarbete inom Skåne Nordost").description
    )
    assert all(row.email == "ratt.adress@kristianstad.example" for row in person.history.all())


@pytest.mark.django_db
def test_a_correction_with_a_bad_phone_number_changes_nothing(subject):
    person = subject.person
    response = _client(subject.coordinator).post(
        f"/o/kristianstad/privacy/people/{person.pk}/correct/",
        {"name": person.name, "email": person.email, "phone": "ring mig", "version": person.version},
    )
    assert response.status_code == 200
    assert "Skriv numret med siffror" in response.content.decode()
    assert Person.objects.get(pk=person.pk).phone == subject.identifiers[2]
