"""The personal calendar feed (iCalendar): deadlines of the user's organisations, no confidential data."""

import datetime
import hashlib

from django.utils import timezone
from icalendar import Calendar, Event

from utblick.core.models import Visitor
from utblick.organisations.models import Organisation

from . import selectors


def feed_for(user: Visitor, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//Utblick//deadlines//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Utblick")
    for organisation in Organisation.objects.member_of(user):
        for deadline in selectors.deadlines_upcoming(organisation=organisation, user=user, days=366, today=today):
            if deadline.confidential:
                continue
            event = Event()
            digest = hashlib.sha256(deadline.title.encode()).hexdigest()[:16]
            event.add("uid", f"{organisation.slug}-{deadline.kind}-{deadline.day.isoformat()}-{digest}@utblick")
            event.add("summary", deadline.title)
            event.add("dtstart", deadline.day)
            event.add("dtend", deadline.day + datetime.timedelta(days=1))
            event.add("dtstamp", timezone.now())
            if deadline.unit:
                event.add("description", f"{organisation.name} – {deadline.unit}")
            calendar.add_component(event)
    return calendar.to_ical()
