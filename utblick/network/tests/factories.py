"""Worlds for the partner network: organisations that share, engagements with partners, calls."""

import datetime

from utblick.engagements import services as engagement_services
from utblick.engagements.choices import AgreementType, Kind, PartnerKind, Programme, ProjectStage, Status
from utblick.engagements.models import Agreement, Engagement, NetworkMembership, Partner, Project
from utblick.organisations.tests.factories import PersonFactory


def taking_part(organisation, *, on: bool = True):
    """The coordinator's switch, as the follow-up settings turn it (the records follow)."""
    from utblick.network.services import records_rebuild

    organisation.network_sharing = on
    organisation.save()
    records_rebuild(organisation=organisation)
    return organisation


def shared_project(
    unit,
    title: str,
    *,
    partners=(),
    programme: str = Programme.ERASMUS,
    stage: str = ProjectStage.ONGOING,
    call: str = "",
    shared: bool = True,
    confidential: bool = False,
    description: str = "",
    contact_email: str = "kontakt@example.se",
    starts_on=datetime.date(2025, 1, 1),
    ends_on=datetime.date(2027, 12, 31),
) -> Engagement:
    """A project saved through the register's service, as a page would, shared with the network or not."""
    responsible = PersonFactory(organisation=unit.organisation, email=contact_email) if contact_email else None
    engagement = Engagement(
        organisation=unit.organisation,
        owner_unit=unit,
        kind=Kind.PROJECT,
        title=title,
        status=Status.IDEA,
        description=description,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        confidentiality="confidential" if confidential else "",
        confidentiality_ground="OSL 18 kap. 8 §" if confidential else "",
    )
    return engagement_services.engagement_save(
        engagement=engagement,
        detail=Project(programme=programme, stage=stage, call_identifier=call),
        user=None,
        partners=list(partners),
        shared=shared,
    )


def partner(organisation, name: str, country: str, *, latitude=None, longitude=None, kind=PartnerKind.CITY) -> Partner:
    return Partner.objects.create(
        organisation=organisation, name=name, country=country, kind=kind, latitude=latitude, longitude=longitude
    )


def twin_agreement(unit, city: Partner, *, shared: bool = True) -> Engagement:
    engagement = Engagement(
        organisation=unit.organisation,
        owner_unit=unit,
        kind=Kind.AGREEMENT,
        title=f"Vänort {city.name}",
        status=Status.IDEA,
    )
    return engagement_services.engagement_save(
        engagement=engagement,
        detail=Agreement(partner_city=city, agreement_type=AgreementType.TWIN),
        user=None,
        shared=shared,
    )


def membership(unit, network: Partner, *, shared: bool = True) -> Engagement:
    engagement = Engagement(
        organisation=unit.organisation,
        owner_unit=unit,
        kind=Kind.MEMBERSHIP,
        title=f"Medlemskap i {network.name}",
        status=Status.IDEA,
    )
    return engagement_services.engagement_save(
        engagement=engagement, detail=NetworkMembership(network=network), user=None, shared=shared
    )
