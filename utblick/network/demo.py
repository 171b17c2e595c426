"""Demo data of the partner network, kept apart from the register's demo so both can change freely.

- Partners the gazetteer cannot place by name get the city they sit in (networks, universities,
  agencies), so the demo map has every partner on it.
- Kristianstad, Växjö and Linköping take part in the partner network and share their projects,
  memberships and agreements that are not confidential; Norrköping and Stockholm do not take part,
  so the partner search shows what it means to stay out.
- Kristianstad prepares an application to the LIFE call on climate adaptation and looks for partners:
  Linköping's unit that watches climate adaptation sees it on its desk and in its digest.

Re-running changes nothing.
"""

from typing import TextIO

from django.utils import timezone

from utblick.engagements.choices import Confidentiality, Kind, PartnerKind
from utblick.engagements.models import Engagement, Partner
from utblick.organisations.models import Organisation, Person

from . import services
from .models import PartnerCall

# Where partners that are not places sit: (name, country) -> city the gazetteer knows.
CITIES = {
    ("Eurocities", "BE"): "Brussels",
    ("ICLEI – Local Governments for Sustainability", "DE"): "Bonn",
    ("C40 Cities", "GB"): "London",
    ("Skåne Nordost", "SE"): "Kristianstad",
    ("Linnéuniversitetet", "SE"): "Växjö",
    ("Region Östergötland", "SE"): "Linköping",
    ("Region Östergötlands EU-kontor i Bryssel", "BE"): "Brussels",
    ("Sveriges Kommuner och Regioner", "SE"): "Stockholm",
    ("EU-parlamentariker från Östergötland", "BE"): "Brussels",
}
TAKING_PART = ("kristianstad", "vaxjo", "linkoping")
SHARED_KINDS = (Kind.PROJECT, Kind.MEMBERSHIP, Kind.AGREEMENT)
# (organisation, call identifier, note)
CALLS = [
    (
        "kristianstad",
        "LIFE-2027-CLIMA-CCA-LOCAL",
        "Vi söker en eller två kommuner med erfarenhet av våtmarker som skydd mot översvämning, "
        "helst i södra Sverige eller Danmark, till en LIFE-ansökan i april.",
    ),
]


def load(stdout: TextIO | None = None) -> None:
    _place_partners()
    organisations = list(Organisation.objects.filter(slug__in=TAKING_PART))
    for organisation in organisations:
        if not organisation.network_sharing:
            Organisation.objects.filter(pk=organisation.pk).update(network_sharing=True)
        Engagement.objects.filter(
            organisation=organisation,
            kind__in=SHARED_KINDS,
            confidentiality=Confidentiality.OPEN,
            shared_at__isnull=True,
        ).update(shared_at=timezone.now())
    _partner_calls()
    count = services.records_rebuild()
    if stdout is not None:
        stdout.write(f"Partner network: {len(organisations)} organisations take part, {count} shared engagements.")


def _place_partners() -> None:
    for partner in Partner.objects.filter(latitude__isnull=True):
        city = CITIES.get((partner.name, partner.country))
        if city and not partner.city:
            partner.city = city
        if partner.place_name or partner.kind in (PartnerKind.CITY, PartnerKind.REGION):
            partner.place()
            if partner.is_placed:
                partner.save()


def _partner_calls() -> None:
    from utblick.watch.models import Item

    for slug, identifier, note in CALLS:
        organisation = Organisation.objects.filter(slug=slug).first()
        item = Item.objects.filter(source__organisation__slug=slug, identifier=identifier).first()
        if (
            organisation is None
            or item is None
            or PartnerCall.objects.filter(organisation=organisation, item=item).exists()
        ):
            continue
        contact = Person.objects.filter(organisation=organisation).exclude(email="").order_by("pk").first()
        services.partner_call_save(
            call=PartnerCall(organisation=organisation, item=item, note=note, contact=contact), user=None
        )
