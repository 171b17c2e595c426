"""The demo data, and a demo person with every kind of trace a year in Utblick leaves."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module inside a transaction that is rolled back after."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@dataclass
class Subject:
    person: Any
    user: Any
    identifiers: list[str]  # every name, e-mail and phone they have had
    coordinator: Any


def kristianstad_contact():
    """The central office's contact person in Kristianstad: responsible for most of its engagements,
    a representative in Skåne Nordost, and named as the one who evaluated Greater Copenhagen."""
    from utblick.organisations.models import UnitRole

    role = UnitRole.objects.get(unit__organisation__slug="kristianstad", unit__slug="klk", role="contact_person")
    return role.person


@pytest.fixture
def subject(demo, db) -> Subject:
    """The contact person, given an account they used for a year: they corrected their phone, wrote a
    comment, attached a file, made an API token, and a colleague wrote their details into a text."""
    from allauth.account.models import EmailAddress

    from utblick.api.services import api_token_create
    from utblick.core.models import User
    from utblick.engagements.models import Attachment, Engagement
    from utblick.engagements.services import attachment_add
    from utblick.organisations.choices import Role
    from utblick.organisations.models import Membership
    from utblick.organisations.services import person_save
    from utblick.watch.models import Item, ItemComment

    person = kristianstad_contact()
    coordinator = User.objects.get(email="samordnare@kristianstad.example")
    old_phone = person.phone
    user = User.objects.create_user(email=person.email, password="test-password-123", name=person.name)
    EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
    Membership.objects.create(user=user, organisation=person.organisation, role=Role.EDITOR)
    person.user = user
    person.phone = "044-13 58 20"
    person_save(person=person, user=user, expected_version=person.version)
    engagement = Engagement.objects.get(organisation=person.organisation, title="Vänortsavtal med Esbo")
    attachment_add(
        attachment=Attachment(
            engagement=engagement, title="Program för vänortsmötet", file=ContentFile(b"Program", name="program.txt")
        ),
        user=user,
    )
    item = Item.objects.visible_to(user).order_by("pk").first()
    ItemComment.objects.create(
        organisation=person.organisation, item=item, author=user, text=f"Jag hör av mig, ring {person.phone}."
    )
    api_token_create(user=user, name=f"{person.name}s rapportskript", expires_on=datetime.date(2027, 6, 30))
    other = Engagement.objects.get(organisation=person.organisation, title="Samarbete inom Skåne Nordost")
    other.description = f"Frågor om samarbetet besvaras av {person.name} ({person.email}, {old_phone})."
    other.save()
    return Subject(person, user, [person.name, person.email, person.phone, old_phone], coordinator)
