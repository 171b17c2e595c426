"""The weekly digest and the calendar feed: real e-mails (locmem) and a parsed iCalendar file."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation, FollowUpSettings
from utblick.followup.services import followup_settings_get
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory

from .factories import strategy_with_rules


@pytest.fixture
def contact(world):
    """An EU contact of the editor's unit, whose unit lacks a contact person."""
    person = PersonFactory(
        organisation=world.org_a, name="Maja Ek", email="maja@kommun-a.example", user=world.user("editor_a")
    )
    UnitRoleFactory(unit=world.unit_a, person=person, role=UnitRoleKind.EU_CONTACT)
    strategy_with_rules(world.org_a, "contact_person_per_unit")
    evaluate_organisation(world.org_a)
    return person


@pytest.mark.requirement("KR-6", "VX-8")
def test_contact_persons_get_a_weekly_digest_of_their_units_deviations(contact, world):
    call_command("send_digests", verbosity=0)
    to_maja = [message for message in mail.outbox if message.to == ["maja@kommun-a.example"]]
    assert len(to_maja) == 1
    body = to_maja[0].body
    assert "Hej Maja Ek!" in body
    assert "Miljöförvaltningen saknar kontaktperson för internationella frågor." in body
    assert "Utbildningsförvaltningen" not in body  # not her unit


def test_a_user_who_opted_out_gets_no_digest(contact, world):
    followup_settings_get(user=world.user("editor_a"))
    FollowUpSettings.objects.filter(user=world.user("editor_a")).update(weekly_digest=False)
    call_command("send_digests", verbosity=0)
    assert not [message for message in mail.outbox if message.to == ["maja@kommun-a.example"]]


def test_confidential_deviations_never_reach_the_digest(contact, world):
    Deviation.objects.filter(unit=world.unit_a).update(is_confidential=True)
    call_command("send_digests", verbosity=0)
    assert not any("Miljöförvaltningen saknar" in message.body for message in mail.outbox)


def test_the_calendar_feed_parses_and_lists_due_deadlines_but_not_confidential_ones(world, client):
    strategy_with_rules(world.org_a, "strategy_review_per_mandate_period", adopted_on=datetime.date(2019, 1, 1))
    evaluate_organisation(world.org_a, today=datetime.date(2026, 9, 1))
    token = followup_settings_get(user=world.user("reader_a")).calendar_token
    response = client.get(f"/feeds/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    by_summary = {str(event["summary"]): event.decoded("dtstart") for event in events}
    assert by_summary == {
        "Strategi för Kommun A har inte följts upp under mandatperioden 2019–2022.": datetime.date(2022, 10, 14),
        "Strategi för Kommun A har inte följts upp under mandatperioden 2023–2026.": datetime.date(2026, 10, 14),
    }

    Deviation.objects.update(is_confidential=True)
    events = Calendar.from_ical(client.get(f"/feeds/calendar/{token}.ics").content).walk("VEVENT")
    assert events == []


def test_renewing_the_calendar_address_revokes_the_old_one(world, client_for):
    reader = client_for("reader_a")
    old = followup_settings_get(user=world.user("reader_a")).calendar_token
    assert reader.get(f"/feeds/calendar/{old}.ics").status_code == 200
    reader.post(f"/o/{world.org_a.slug}/followup/settings/", {"renew": "1"})
    assert reader.get(f"/feeds/calendar/{old}.ics").status_code == 404
    new = FollowUpSettings.objects.get(user=world.user("reader_a")).calendar_token
    assert reader.get(f"/feeds/calendar/{new}.ics").status_code == 200
