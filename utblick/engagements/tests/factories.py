import datetime

import factory
from django.utils import timezone

from utblick.engagements.choices import Kind, Status
from utblick.engagements.models import Engagement, Partner
from utblick.organisations.tests.factories import OrganisationFactory, UnitFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Partnerstad {n}")
    country = "NO"


class EngagementFactory(factory.django.DjangoModelFactory):
    """An engagement at the idea stage (so no direction is required) in the unit's organisation."""

    class Meta:
        model = Engagement

    owner_unit = factory.SubFactory(UnitFactory)
    organisation = factory.SelfAttribute("owner_unit.organisation")
    kind = Kind.PROJECT
    title = factory.Sequence(lambda n: f"Engagemang {n}")
    status = Status.IDEA
    starts_on = datetime.date(2026, 1, 1)

    class Params:
        # Published on the public pages; new engagements are internal.
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))
