"""The weekly digest to contact persons and EU contacts (KR-6, VX-8): deviations, deadlines, new watch matches."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from utblick.network.selectors import partner_calls_for_units
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.models import Organisation, Person, Unit, UnitRole
from utblick.watch.selectors import new_matches_for_units

from .models import Deviation, FollowUpSettings
from .selectors import deadlines_upcoming

DIGEST_ROLES = (UnitRoleKind.CONTACT_PERSON, UnitRoleKind.EU_CONTACT)


@dataclass
class Digest:
    person: Person
    organisation: Organisation
    units: list[Unit]
    new: list[Deviation] = field(default_factory=list)
    still_open: list[Deviation] = field(default_factory=list)
    deadlines: list[Any] = field(default_factory=list)
    # New funding calls and news matching what the units watch for (KR-5, KR-6).
    watch_matches: list[Any] = field(default_factory=list)
    # Calls the units match that other organisations prepare applications to, looking for partners.
    partner_calls: list[Any] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.still_open or self.deadlines or self.watch_matches or self.partner_calls)


def digests_build(*, organisation: Organisation, today: datetime.date | None = None) -> list[Digest]:
    """One digest per contact person or EU contact with an e-mail address who has not opted out."""
    today = today or timezone.localdate()
    week_ago = timezone.now() - datetime.timedelta(days=7)
    roles = (
        UnitRole.objects.current(today)
        .filter(unit__organisation=organisation, role__in=DIGEST_ROLES)
        .exclude(person__email="")
        .select_related("person", "unit", "person__user")
    )
    units_by_person: dict[int, set[Unit]] = defaultdict(set)
    people: dict[int, Person] = {}
    for role in roles:
        units_by_person[role.person_id].add(role.unit)
        people[role.person_id] = role.person
    opted_out = set(
        FollowUpSettings.objects.filter(weekly_digest=False, user__person__in=people.keys()).values_list(
            "user__person", flat=True
        )
    )
    open_deviations = list(
        Deviation.objects.open().filter(organisation=organisation, is_confidential=False).select_related("unit")
    )
    digests = []
    for person_id, person in people.items():
        if person_id in opted_out:
            continue
        units = sorted(units_by_person[person_id], key=lambda unit: unit.name)
        unit_ids = {unit.pk for unit in units}
        mine = [d for d in open_deviations if d.unit_id in unit_ids]
        digest = Digest(
            person=person,
            organisation=organisation,
            units=units,
            new=[d for d in mine if d.first_seen >= week_ago],
            still_open=[d for d in mine if d.first_seen < week_ago],
            deadlines=[
                deadline
                for deadline in deadlines_upcoming(
                    organisation=organisation, user=None, days=30, units=list(unit_ids), today=today, public_only=True
                )
                if not deadline.confidential
            ],
            watch_matches=new_matches_for_units(units=list(unit_ids), since=week_ago),
            partner_calls=partner_calls_for_units(units=list(unit_ids), organisation=organisation),
        )
        digests.append(digest)
    return digests


def digests_send(*, today: datetime.date | None = None) -> int:
    sent = 0
    for organisation in Organisation.objects.filter(is_active=True):
        with translation.override(organisation.report_language):
            for digest in digests_build(organisation=organisation, today=today):
                if digest.is_empty:
                    continue
                body = render_to_string("followup/digest.txt", {"digest": digest})
                subject = render_to_string("followup/digest_subject.txt", {"digest": digest}).strip()
                EmailMessage(subject=subject, body=body, to=[digest.person.email]).send()
                sent += 1
    FollowUpSettings.objects.filter(weekly_digest=True).update(last_digest_sent=timezone.now())
    return sent


@task
def send_weekly_digests() -> int:
    """The weekly run; schedule it (cron or a systemd timer) with ``manage.py send_digests``."""
    return digests_send()
