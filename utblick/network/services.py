"""Writes of the partner network: its records kept in step with the register, and searches for partners."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core.services import model_save
from utblick.engagements.choices import ProjectStage
from utblick.engagements.models import Agreement, Engagement, NetworkMembership, Partner
from utblick.organisations.models import Organisation, Person
from utblick.strategies.models import Direction, Theme

from . import records
from .models import NetworkRecord, PartnerCall

BATCH = 500


def _write(engagements: list[Engagement]) -> None:
    """Create or update the records of these (shared) engagements."""
    existing = {
        record.engagement_id: record
        for record in NetworkRecord.objects.filter(engagement__in=[engagement.pk for engagement in engagements])
    }
    now = timezone.now()
    new, changed = [], []
    for engagement in engagements:
        values = records.record_values(records.entry(engagement))
        record = existing.get(engagement.pk)
        if record is None:
            new.append(
                NetworkRecord(engagement=engagement, organisation=engagement.organisation, updated_at=now, **values)
            )
            continue
        if any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_at = now
            changed.append(record)
    NetworkRecord.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        NetworkRecord.objects.bulk_update(changed, [*values.keys(), "updated_at"], batch_size=BATCH)


def records_refresh(engagements: Any) -> None:
    """Bring the records of these engagements (a queryset or ids) in line with what is shared now."""
    queryset = Engagement.objects.filter(pk__in=engagements) if not hasattr(engagements, "query") else engagements
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        shared = list(records.engagements_for_records(Engagement.objects.shared().filter(pk__in=chunk)))
        NetworkRecord.objects.filter(engagement__in=chunk).exclude(engagement__in=[e.pk for e in shared]).delete()
        _write(shared)


def records_rebuild(*, organisation: Organisation | None = None) -> int:
    """Every local record again from the register (``manage.py network_refresh``); the number of records."""
    engagements = (
        Engagement.objects.all() if organisation is None else Engagement.objects.filter(organisation=organisation)
    )
    stale = NetworkRecord.objects.local().exclude(engagement__in=Engagement.objects.shared().values("pk"))
    if organisation is not None:
        stale = stale.filter(organisation=organisation)
    stale.delete()
    records_refresh(engagements.filter(pk__in=Engagement.objects.shared().values("pk")))
    local = NetworkRecord.objects.local()
    return (local if organisation is None else local.filter(organisation=organisation)).count()


def on_change(obj: Any) -> None:
    """The register changed: refresh the records that show what changed, in the same transaction."""
    if isinstance(obj, Engagement):
        if obj.pk is None:
            return  # removed: its record went with it
        records_refresh([obj.pk])
        # A bulk import announces its first engagement only: records for the rest of what is shared.
        missing = Engagement.objects.shared().filter(organisation_id=obj.organisation_id, network_record__isnull=True)
        if missing.exists():
            records_refresh(missing)
    elif isinstance(obj, Organisation):
        records_rebuild(organisation=obj)
    elif isinstance(obj, Partner) and obj.pk is not None:
        records_refresh(
            Engagement.objects.filter(
                Q(partners=obj)
                | Q(pk__in=Agreement.objects.filter(partner_city=obj).values("engagement"))
                | Q(pk__in=NetworkMembership.objects.filter(network=obj).values("engagement"))
            ).values("pk")
        )
    elif isinstance(obj, Person) and obj.pk is not None:
        records_refresh(Engagement.objects.filter(responsible=obj).values("pk"))
    elif isinstance(obj, Direction | Theme) and obj.pk is not None:
        field = "directions" if isinstance(obj, Direction) else "themes"
        records_refresh(Engagement.objects.filter(**{field: obj}).values("pk"))
    elif isinstance(obj, PartnerCall) and obj.engagement_id:
        records_refresh([obj.engagement_id])


# -- Looking for partners -------------------------------------------------------------------------


@transaction.atomic
def partner_call_save(*, call: PartnerCall, user: Any, expected_version: int | None = None) -> PartnerCall:
    """Say that the organisation prepares an application and looks for partners (or change what it says).

    On a planned project the call is the project's: its identifier, title and programme. A confidential
    project may be marked, but no other organisation ever sees it.
    """
    if call.engagement is not None:
        engagement = call.engagement
        if engagement.organisation_id != call.organisation_id:
            raise ValidationError(_("The project belongs to another organisation."))
        project = getattr(engagement, "project", None) if engagement.kind == "project" else None
        if project is None or project.stage not in (ProjectStage.IDEA, ProjectStage.PREPARING):
            raise ValidationError(_("Only a project being planned or prepared can look for partners."))
        call.topic = call.topic or project.call_identifier
        call.title = call.title or engagement.title
        call.programme = call.programme or project.programme
    if call.item is not None:
        item = call.item
        owner = item.source.organisation_id
        if owner is not None and owner != call.organisation_id:
            raise ValidationError(_("This call belongs to another organisation."))
        call.topic, call.title = item.identifier[:250], item.title[:500]
        call.programme, call.closes_on = item.programme_label[:120], item.closes_on
    if not call.item_id and not call.engagement_id:
        raise ValidationError(_("Say which call or which planned project the search for partners is for."))
    if call.contact is not None and call.contact.organisation_id != call.organisation_id:
        raise ValidationError({"contact": _("The person must belong to the organisation.")})
    if call.pk is None:
        call.created_by = user if getattr(user, "is_authenticated", False) else None
    return model_save(call, user=user, expected_version=expected_version)


@transaction.atomic
def partner_call_withdraw(*, call: PartnerCall, user: Any) -> PartnerCall:
    """Partners found, or no application after all: others no longer see it; the history keeps it."""
    call.withdrawn_at = timezone.now()
    return model_save(call, user=user, reason=_("No longer looking for partners."))
