"""The weekly digest and the calendar feed carry the watch desk's news and deadlines (KR-6)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from utblick.followup.services import followup_settings_get
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory
from utblick.watch.models import WatchProfile
from utblick.watch.services import mark_set, profile_save

from .factories import LIFE_CALL, SourceFactory, add_items, call


@pytest.fixture
def eu_contact(world):
    person = PersonFactory(
        organisation=world.org_a, name="Maja Ek", email="maja@kommun-a.example", user=world.user("editor_a")
    )
    UnitRoleFactory(unit=world.unit_a, person=person, role=UnitRoleKind.EU_CONTACT)
    other = PersonFactory(organisation=world.org_a, name="Olle Berg", email="olle@kommun-a.example")
    UnitRoleFactory(unit=world.other_unit_a, person=other, role=UnitRoleKind.CONTACT_PERSON)
    return person


@pytest.fixture
def items(world):
    source = SourceFactory(organisation=None, name="EU Funding & Tenders")
    found = add_items(
        source,
        call("LIFE-1", "Climate change adaptation in municipalities", days=20, **LIFE_CALL),
        call("CERV-1", "Town twinning meetings", days=25, programme="cerv"),
    )
    profile_save(profile=WatchProfile(unit=world.unit_a, keywords="klimatanpassning = climate adaptation"), user=None)
    return {item.identifier: item for item in found}


@pytest.mark.requirement("KR-6", "KR-5")
def test_the_eu_contact_gets_the_units_new_matching_calls_and_watch_deadlines_in_the_weekly_digest(
    world, eu_contact, items
):
    mark_set(item=items["CERV-1"], unit=world.unit_a, verdict="relevant", user=world.user("editor_a"))
    call_command("send_digests", verbosity=0)
    to_maja = [message for message in mail.outbox if message.to == ["maja@kommun-a.example"]]
    assert len(to_maja) == 1
    body = to_maja[0].body
    assert "Nya utlysningar och nyheter som passar det era enheter bevakar" in body
    assert "Climate change adaptation in municipalities" in body and "klimatanpassning" in body
    deadline = (timezone.localdate() + datetime.timedelta(days=25)).isoformat()
    assert f"{deadline}: Town twinning meetings: sista ansökningsdag" in body
    # The other unit's contact person watches nothing, so gets no watch news.
    assert not any("Climate change adaptation" in m.body for m in mail.outbox if m.to == ["olle@kommun-a.example"])


@pytest.mark.requirement("KR-6")
def test_the_calendar_feed_holds_the_deadlines_of_calls_marked_relevant_for_the_users_units(
    world, eu_contact, items, client
):
    mark_set(item=items["LIFE-1"], unit=world.unit_a, verdict="relevant", user=world.user("editor_a"))
    mark_set(item=items["CERV-1"], unit=world.other_unit_a, verdict="relevant", user=world.user("coordinator_a"))
    token = followup_settings_get(user=world.user("editor_a")).calendar_token
    events = Calendar.from_ical(client.get(f"/feeds/calendar/{token}.ics").content).walk("VEVENT")
    summaries = {str(event["summary"]): event.decoded("dtstart") for event in events}
    assert summaries == {
        "Climate change adaptation in municipalities: sista ansökningsdag": timezone.localdate()
        + datetime.timedelta(days=20)
    }
    coordinator = followup_settings_get(user=world.user("coordinator_a")).calendar_token
    events = Calendar.from_ical(client.get(f"/feeds/calendar/{coordinator}.ics").content).walk("VEVENT")
    assert len(events) == 2  # the coordinator follows every unit
