"""A believable year of international work for each demo organisation, drawn from its seed.

Twin cities, networks, programmes and dates follow the seeds; titles, amounts, people and
descriptions are invented. Idempotent: engagements are found by organisation and title.
"""

import datetime
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from utblick.core.idempotent import ensure
from utblick.organisations.models import Organisation, Person, Unit, UnitRole
from utblick.strategies.models import Direction, Strategy, Theme

from .choices import (
    AgreementStatus,
    AgreementType,
    ArenaLevel,
    Compensation,
    Confidentiality,
    ExchangeKind,
    FundingOutcome,
    Kind,
    PartnerKind,
    Programme,
    ProjectRole,
    ProjectStage,
    SeatHolder,
    Status,
    TravelMode,
    Verdict,
    VisitDecision,
    VisitDirection,
)
from .models import (
    KIND_MODELS,
    Agreement,
    AgreementReview,
    EmissionFactorSet,
    Engagement,
    Evaluation,
    Exchange,
    Partner,
    ProjectStageChange,
    TripLeg,
)

D = datetime.date
# When the demo's coordinators published what the public pages show: fixed, so loading twice changes nothing.
PUBLISHED_AT = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)


class _Org:
    def __init__(self, slug: str):
        self.organisation = Organisation.objects.get(slug=slug)
        self.units = {unit.slug: unit for unit in Unit.objects.filter(organisation=self.organisation)}
        self.people = list(Person.objects.filter(organisation=self.organisation).order_by("pk"))
        self.publisher = get_user_model().objects.filter(email=f"samordnare@{slug}.example").first()
        versions = [s.current_version() for s in Strategy.objects.in_organisation(self.organisation)]
        directions = Direction.objects.filter(version__in=[v for v in versions if v]).for_organisation(
            self.organisation
        )
        self.directions = {slugify(d.name): d for d in directions} | {d.code: d for d in directions}
        self.themes = {t.code: t for t in Theme.objects.filter(dimension__version__in=[v for v in versions if v])}

    def partner(self, name: str, country: str, kind: str = PartnerKind.CITY, **extra: Any) -> Partner:
        partner = Partner.objects.filter(organisation=self.organisation, name=name, country=country).first()
        if partner is None:
            partner = Partner(organisation=self.organisation, name=name, country=country, kind=kind, **extra)
            partner.fill_coordinates()
            partner.save()
        return partner

    def person(self, index: int) -> Person | None:
        return self.people[index % len(self.people)] if self.people else None

    def engagement(
        self,
        kind: str,
        title: str,
        unit: str,
        *,
        directions: tuple[str, ...] = (),
        themes: tuple[str, ...] = (),
        partners: tuple[Partner, ...] = (),
        detail: dict[str, Any] | None = None,
        published: bool,
        **fields: Any,
    ) -> Engagement:
        """``published``: whether the coordinator has published it on the public pages (X-5); said for each."""
        fields.setdefault("status", Status.ONGOING)
        fields["published_at"] = PUBLISHED_AT if published else None
        fields["published_by"] = self.publisher if published else None
        engagement = ensure(
            Engagement,
            organisation=self.organisation,
            title=title,
            defaults={"kind": kind, "owner_unit": self.units[unit], **fields},
        )
        wanted = [self.directions[d] for d in directions if d in self.directions]
        if set(engagement.directions.all()) != set(wanted):
            engagement.directions.set(wanted)
        wanted_themes = [self.themes[t] for t in themes if t in self.themes]
        if set(engagement.themes.all()) != set(wanted_themes):
            engagement.themes.set(wanted_themes)
        if partners and set(engagement.partners.all()) != set(partners):
            engagement.partners.set(partners)
        ensure(KIND_MODELS[kind], engagement=engagement, defaults=detail or {})
        return engagement


# What the work is for and what it gave, as a coordinator would write it: (target groups,
# expected results, achieved results). Filled in only where the field is still empty.
FOLLOW_UP: dict[str, tuple[tuple[str, ...], str, str]] = {
    "Vänortsavtal med Esbo": (
        ("students", "staff"),
        "",
        "Elevutbyte mellan gymnasieskolorna och ett gemensamt kulturprogram vid vänortsmötet i maj.",
    ),
    "Vänortsavtal med Køge": (
        ("residents", "businesses"),
        "",
        "Företagarföreningarna träffades för första gången; två gemensamma mässdagar planeras 2027.",
    ),
    "Vänortsavtal med Kongsberg": (
        ("students",),
        "",
        "Gymnasieelever i teknikprogrammet gjorde praktik hos varandras industrier.",
    ),
    "Vänortsavtal med Skagafjörður": (
        ("residents",),
        "",
        "Körutbyte och en utställning om landsbygdens kulturarv visades i båda kommunerna.",
    ),
    "Samarbete inom Skåne Nordost": (
        ("businesses", "residents"),
        "Starkare gemensam röst för infrastruktur och kompetensförsörjning i nordöstra Skåne.",
        "Gemensamt remissvar om regional transportplan; pendeltågsstråket fick högre prioritet.",
    ),
    "Medlemskap i Eurocities": (
        ("staff",),
        "Tidig kunskap om EU-lagstiftning som påverkar kommunen.",
        "",
    ),
    "Klimatanpassning av Helge å-dalen": (("residents",), "", ""),
    "Vänortsprojekt för unga entreprenörer": (
        ("students", "businesses"),
        "Tjugo unga entreprenörer från fyra vänorter driver gemensamma affärsidéer.",
        "",
    ),
    "Digital omsorg i glesbygd": (
        ("residents", "staff"),
        "Trygghetslarm och digital tillsyn som fungerar även med svag mobiltäckning.",
        "",
    ),
    "Studieresa till Bryssel om EU:s sammanhållningspolitik": (
        ("staff",),
        "Förståelse för nästa programperiod och kontakter på regionkontoret.",
        "Tre projektidéer togs med hem och två av dem förbereds nu som ansökningar.",
    ),
    "Plats i styrelsen för Skåne Nordost": (
        ("residents",),
        "",
        "Kommunen drev frågan om regional kollektivtrafik till beslut i styrelsen.",
    ),
    "Utbildning i EU:s fonder för förvaltningarna": (
        ("staff",),
        "Fler förvaltningar som själva kan se möjligheter till extern finansiering.",
        "44 deltagare; fem förvaltningar har sedan anmält projektidéer till kommunledningskontoret.",
    ),
    "Fossilfria transporter i Kronoberg": (("residents", "businesses"), "", ""),
    "Medlemskap i ICLEI": (
        ("staff",),
        "Lärande från andra städers klimatarbete.",
        "Metoden för klimatbudget är inspirerad av andra ICLEI-städer.",
    ),
    "Konferens om gröna städer i Bilbao": (
        ("staff",),
        "Nya kontakter för ansökningar om hållbar stadsutveckling.",
        "Kontakt med två städer som vill bli partner i en kommande Interreg-ansökan.",
    ),
    "Nätverksmöte i Kongsberg": (
        ("staff", "students"),
        "",
        "Överenskommelse om lärarutbyte i naturvetenskap hösten 2027.",
    ),
    "Projektledning i EU-projekt": (
        ("staff",),
        "Projektledare som klarar EU:s krav på ekonomisk redovisning.",
        "28 deltagare; färre brister i den senaste lägesrapporten till programmet.",
    ),
    "Studiebesök från Kaunas om biogas": (
        ("businesses",),
        "Visa Växjös biogaskedja för en stad som bygger upp sin egen.",
        "",
    ),
    "Samarbetsavtal med Helsingfors om klimatneutralitet": (
        ("residents",),
        "",
        "Gemensam metod för att följa upp utsläpp från byggande; presenterad för båda stadernas nämnder.",
    ),
    "Studiebesök i Köpenhamn om livsmedelskontroll": (
        ("staff",),
        "",
        "Digitala checklistor för tillsyn prövas nu av två inspektörsgrupper.",
    ),
    "EU:s förordning om offentlig kontroll av livsmedel": (("residents", "businesses"), "", ""),
    "Kommunalt partnerskap för vattenrening i Moçambique": (
        ("residents",),
        "Bättre rening av dricksvatten genom utbyte mellan vattenverkens tekniker.",
        "",
    ),
    "Förfrågan om studiebesök från Shanghai": (("visitors",), "", ""),
}


def _follow_up(o: "_Org") -> None:
    """Responsible people, countries, target groups and results of the organisation's demo work."""
    contacts = {
        role.unit_id: role.person
        for role in UnitRole.objects.current().filter(unit__organisation=o.organisation).select_related("person")
    }
    for engagement in Engagement.objects.filter(organisation=o.organisation).prefetch_related("partners"):
        changed = []
        if engagement.responsible_id is None and engagement.owner_unit_id in contacts:
            engagement.responsible = contacts[engagement.owner_unit_id]
            changed.append("responsible")
        if not engagement.countries:
            countries = sorted({p.country for p in engagement.partners.all() if p.country and p.country != "SE"})
            if countries:
                engagement.countries = countries
                changed.append("countries")
        groups, expected, achieved = FOLLOW_UP.get(engagement.title, ((), "", ""))
        for field, value in (("target_groups", list(groups)), ("expected_results", expected)):
            if value and not getattr(engagement, field):
                setattr(engagement, field, value)
                changed.append(field)
        if achieved and not engagement.achieved_results:
            engagement.achieved_results = achieved
            changed.append("achieved_results")
        if changed:
            engagement.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    EmissionFactorSet.default()
    _kristianstad(_Org("kristianstad"))
    _vaxjo(_Org("vaxjo"))
    _linkoping(_Org("linkoping"))
    _norrkoping(_Org("norrkoping"))
    _stockholm(_Org("stockholm"))
    for slug in ("kristianstad", "vaxjo", "linkoping", "norrkoping", "stockholm"):
        _follow_up(_Org(slug))
    for engagement in Engagement.objects.filter(kind=Kind.TRIP):
        trip = engagement.trip
        before = (trip.distance_km, trip.co2e_kg, trip.factor_set_id)
        trip.recalculate()
        if (trip.distance_km, trip.co2e_kg, trip.factor_set_id) != before:
            trip.save()
    if stdout:
        stdout.write(f"Engagements: {Engagement.objects.count()}, partners: {Partner.objects.count()}\n")


def _exchange(agreement: Agreement, day: D, kind: str, description: str, participants: int, **extra: Any) -> None:
    ensure(
        Exchange,
        agreement=agreement,
        happened_on=day,
        defaults={"kind": kind, "description": description, "participants": participants, **extra},
    )


def _kristianstad(o: _Org) -> None:
    twin = "vanortssamarbete"
    nordic = [
        ("Esbo", "FI", "Espoo"),
        ("Køge", "DK", "Køge"),
        ("Kongsberg", "NO", "Kongsberg"),
        ("Skagafjörður", "IS", None),
    ]
    for index, (name, country, _geo) in enumerate(nordic):
        city = o.partner(
            name,
            country,
            latitude=65.75 if name == "Skagafjörður" else None,
            longitude=-19.6 if name == "Skagafjörður" else None,
        )
        engagement = o.engagement(
            Kind.AGREEMENT,
            f"Vänortsavtal med {name}",
            "klk",
            published=True,
            directions=(twin, "verksamhetsutveckling"),
            partners=(city,),
            starts_on=D(1950 + index * 5, 1, 1),
            expected_results="Erfarenhetsutbyte inom skola, kultur och näringsliv med den nordiska vänorten.",
            detail={
                "partner_city": city,
                "agreement_type": AgreementType.TWIN,
                "agreement_status": AgreementStatus.ACTIVE,
            },
        )
        _exchange(
            engagement.agreement,
            D(2026, 5, 10 + index),
            ExchangeKind.CULTURAL,
            "Nordiskt vänortsmöte med kulturutbyte",
            24 + index,
        )
        _exchange(
            engagement.agreement, D(2025, 9, 3 + index), ExchangeKind.SCHOOL, "Elevutbyte mellan gymnasieskolor", 18
        )
    dormant = [("Šiauliai", "LT"), ("Koszalin", "PL"), ("Budafok-Tétény", "HU"), ("Rendsburg", "DE")]
    for index, (name, country) in enumerate(dormant):
        city = o.partner(
            name,
            country,
            latitude=47.42 if name == "Budafok-Tétény" else None,
            longitude=19.03 if name == "Budafok-Tétény" else None,
        )
        engagement = o.engagement(
            Kind.AGREEMENT,
            f"Vänortsavtal med {name}",
            "klk",
            published=True,
            directions=(twin,),
            partners=(city,),
            starts_on=D(1992 + index, 6, 1),
            detail={
                "partner_city": city,
                "agreement_type": AgreementType.TWIN,
                "agreement_status": AgreementStatus.UNDER_REVIEW,
            },
        )
        _exchange(engagement.agreement, D(2011 + index, 4, 20), ExchangeKind.EXPERIENCE, "Delegationsbesök", 6)
        ensure(
            AgreementReview,
            agreement=engagement.agreement,
            deadline=D(2017, 12, 31),
            defaults={"reasoning": "Ses över enligt strategin från 2016."},
        )
    network = o.partner("Skåne Nordost", "SE", PartnerKind.NETWORK)
    o.engagement(
        Kind.MEMBERSHIP,
        "Samarbete inom Skåne Nordost",
        "klk",
        published=True,
        directions=("strategisk-paverkan-och-omvarldsbevakning",),
        themes=("tillvaxt", "arbetsliv-och-attraktionskraft"),
        starts_on=D(2008, 1, 1),
        detail={
            "network": network,
            "arena_level": ArenaLevel.REGIONAL,
            "purpose": "Gemensam påverkan i regionala frågor om infrastruktur och kompetensförsörjning.",
            "yearly_fee": Decimal(85000),
            "evaluation_interval_months": 24,
        },
    )
    membership = Engagement.objects.get(organisation=o.organisation, title="Samarbete inom Skåne Nordost").membership
    ensure(
        Evaluation,
        membership=membership,
        evaluated_on=D(2025, 3, 12),
        defaults={
            "evaluated_by": "Kommunledningskontoret",
            "verdict": Verdict.CONTINUE,
            "reasoning": "Ger konkreta resultat i infrastrukturfrågor.",
        },
    )
    cities = o.partner("Eurocities", "BE", PartnerKind.NETWORK)
    o.engagement(
        Kind.MEMBERSHIP,
        "Medlemskap i Eurocities",
        "klk",
        published=False,
        directions=("strategisk-paverkan-och-omvarldsbevakning",),
        starts_on=D(2014, 1, 1),
        detail={
            "network": cities,
            "arena_level": ArenaLevel.INTERNATIONAL,
            "purpose": "",
            "evaluation_interval_months": 24,
        },
    )
    o.engagement(
        Kind.PROJECT,
        "Klimatanpassning av Helge å-dalen",
        "c4-teknik",
        published=True,
        directions=("verksamhetsutveckling",),
        themes=("friska-ekosystem",),
        starts_on=D(2026, 3, 1),
        ends_on=D(2029, 2, 28),
        funding_outcome=FundingOutcome.FUNDED,
        funding_considered="LIFE, Interreg Öresund-Kattegat-Skagerrak",
        expected_results="Översvämningsskydd och restaurerade våtmarker längs ån.",
        detail={
            "programme": Programme.LIFE,
            "role": ProjectRole.PARTNER,
            "stage": ProjectStage.ONGOING,
            "total_budget": Decimal(18500000),
            "own_contribution": Decimal(3700000),
            "funding_applied": Decimal(11100000),
            "funding_granted": Decimal(11100000),
            "next_report_due": D(2027, 3, 31),
        },
    )
    o.engagement(
        Kind.PROJECT,
        "Vänortsprojekt för unga entreprenörer",
        "klk",
        published=False,
        directions=(twin, "marknadsforing"),
        themes=("tillvaxt",),
        status=Status.PLANNED,
        starts_on=D(2027, 1, 1),
        funding_outcome=FundingOutcome.APPLICATION_PLANNED,
        funding_considered="Erasmus+ KA2, Nordplus",
        detail={"programme": Programme.ERASMUS, "stage": ProjectStage.PREPARING},
    )
    o.engagement(
        Kind.PROJECT,
        "Digital omsorg i glesbygd",
        "omsorg",
        published=False,
        directions=("verksamhetsutveckling",),
        status=Status.PLANNED,
        starts_on=D(2027, 2, 1),
        detail={"programme": Programme.INTERREG, "stage": ProjectStage.IDEA},
    )
    trip = o.engagement(
        Kind.TRIP,
        "Studieresa till Bryssel om EU:s sammanhållningspolitik",
        "klk",
        published=True,
        directions=("strategisk-paverkan-och-omvarldsbevakning",),
        status=Status.COMPLETED,
        starts_on=D(2026, 4, 14),
        ends_on=D(2026, 4, 16),
        detail={
            "travellers": 3,
            "compensation": Compensation.COMPENSATED,
            "compensation_reference": "Kvitto 2026-117",
            "rail_considered": True,
        },
    )
    _leg(trip, "Kristianstad", "SE", "Brussels", "BE", TravelMode.AIR)
    o.engagement(
        Kind.REPRESENTATION,
        "Plats i styrelsen för Skåne Nordost",
        "ks",
        published=True,
        directions=("strategisk-paverkan-och-omvarldsbevakning",),
        starts_on=D(2023, 1, 1),
        detail={
            "person": o.person(0),
            "holder": SeatHolder.POLITICIAN,
            "body": "Skåne Nordosts styrelse",
            "arena_level": ArenaLevel.REGIONAL,
        },
    )
    o.engagement(
        Kind.TRAINING,
        "Utbildning i EU:s fonder för förvaltningarna",
        "klk",
        published=True,
        directions=("verksamhetsutveckling",),
        status=Status.COMPLETED,
        starts_on=D(2026, 2, 5),
        ends_on=D(2026, 2, 5),
        detail={
            "topic": "EU:s fonder och program 2021–2027",
            "held_on": D(2026, 2, 5),
            "politicians": 4,
            "management": 9,
            "staff": 31,
        },
    )
    o.engagement(
        Kind.ADVOCACY,
        "Upphandling av skolmåltider (sekretess under förhandling)",
        "buf",
        published=False,
        directions=("strategisk-paverkan-och-omvarldsbevakning",),
        confidentiality=Confidentiality.CONFIDENTIAL,
        confidentiality_ground="OSL 19 kap. 3 §",
        detail={
            "file_reference": "Översyn av EU:s upphandlingsdirektiv",
            "position": "Enklare regler för små kommuner.",
        },
    )


def _leg(engagement: Engagement, from_city: str, from_country: str, to_city: str, to_country: str, mode: str) -> None:
    leg = TripLeg(
        trip=engagement.trip,
        from_city=from_city,
        from_country=from_country,
        to_city=to_city,
        to_country=to_country,
        mode=mode,
    )
    existing = TripLeg.objects.filter(trip=engagement.trip, from_city=from_city, to_city=to_city).first()
    if existing is None:
        leg.full_clean()
        leg.save()


def _vaxjo(o: _Org) -> None:
    ext, omv, komp = "extern-finansiering", "omvarldssamverkan", "kompetensutveckling"
    lnu = o.partner("Linnéuniversitetet", "SE", PartnerKind.UNIVERSITY)
    o.engagement(
        Kind.PROJECT,
        "Fossilfria transporter i Kronoberg",
        "teknik",
        published=True,
        directions=(ext, omv),
        themes=("ekologisk",),
        partners=(lnu,),
        starts_on=D(2025, 9, 1),
        ends_on=D(2028, 8, 31),
        funding_outcome=FundingOutcome.FUNDED,
        expected_results="Fler laddstationer och biogasbussar; kunskap som delas i nätverket.",
        detail={
            "programme": Programme.INTERREG,
            "role": ProjectRole.LEAD,
            "stage": ProjectStage.ONGOING,
            "currency": "EUR",
            "exchange_rate": Decimal("11.40"),
            "total_budget": Decimal(2400000),
            "funding_granted": Decimal(1560000),
        },
    )
    o.engagement(
        Kind.PROJECT,
        "Skolutveckling genom Erasmus+",
        "utbildning",
        published=True,
        directions=(komp,),
        themes=("social",),
        status=Status.COMPLETED,
        starts_on=D(2024, 8, 1),
        ends_on=D(2026, 6, 30),
        achieved_results="Tolv lärare har genomfört jobbskuggning i Finland och Spanien; nya metoder i matematik.",
        detail={"programme": Programme.ERASMUS, "stage": ProjectStage.COMPLETED, "funding_granted": Decimal(840000)},
    )
    o.engagement(
        Kind.PROJECT,
        "Ansökan: Cirkulära byggmaterial",
        "teknik",
        published=False,
        directions=(ext,),
        status=Status.PLANNED,
        starts_on=D(2027, 1, 1),
        detail={"programme": Programme.HORIZON, "stage": ProjectStage.SUBMITTED, "funding_applied": Decimal(9000000)},
    )
    iclei = o.partner("ICLEI – Local Governments for Sustainability", "DE", PartnerKind.NETWORK)
    o.engagement(
        Kind.MEMBERSHIP,
        "Medlemskap i ICLEI",
        "klf",
        published=True,
        directions=(omv,),
        themes=("ekologisk",),
        starts_on=D(2010, 1, 1),
        detail={
            "network": iclei,
            "purpose": "Sprida Växjös klimatarbete och lära av andra gröna städer.",
            "evaluation_interval_months": 36,
        },
    )
    flight = o.engagement(
        Kind.TRIP,
        "Konferens om gröna städer i Bilbao",
        "klf",
        published=True,
        directions=(omv,),
        status=Status.COMPLETED,
        starts_on=D(2026, 10, 5),
        ends_on=D(2026, 10, 8),
        detail={"travellers": 2, "compensation": Compensation.PENDING},
    )
    _leg(flight, "Växjö", "SE", "Bilbao", "ES", TravelMode.AIR)
    rail = o.engagement(
        Kind.TRIP,
        "Nätverksmöte i Kongsberg",
        "utbildning",
        published=True,
        directions=(omv,),
        status=Status.COMPLETED,
        starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 3),
        detail={"travellers": 2, "compensation": Compensation.NOT_NEEDED, "rail_considered": True},
    )
    _leg(rail, "Växjö", "SE", "Kongsberg", "NO", TravelMode.RAIL)
    o.engagement(
        Kind.TRAINING,
        "Projektledning i EU-projekt",
        "klf",
        published=True,
        directions=(komp,),
        status=Status.COMPLETED,
        starts_on=D(2026, 9, 10),
        detail={"topic": "Att leda och redovisa EU-projekt", "politicians": 0, "management": 6, "staff": 22},
    )
    o.engagement(
        Kind.VISIT,
        "Studiebesök från Kaunas om biogas",
        "veab",
        published=True,
        directions=(omv,),
        starts_on=D(2026, 11, 18),
        detail={
            "direction": VisitDirection.INCOMING,
            "requester": "Kaunas stad",
            "group_size": 12,
            "purpose": "Lära om biogasproduktion.",
            "assessment": "Stämmer med omvärldssamverkan; kostnaden täcks av besökarna.",
            "decision": VisitDecision.ACCEPT,
            "decision_reason": "Besöket sprider våra goda exempel.",
        },
    )
    o.engagement(
        Kind.PROJECT,
        "Intern utredning om partnerskap (sekretess)",
        "klf",
        published=False,
        directions=(ext,),
        status=Status.IDEA,
        confidentiality=Confidentiality.CONFIDENTIAL,
        confidentiality_ground="OSL 19 kap. 1 §",
        detail={"stage": ProjectStage.IDEA},
    )


def _ostergotland(o: _Org, units: dict[str, str], extra: str) -> None:
    prof, omv, komp = "profilering", "omvarldsbevakning-och-paverkan", "verksamhets-och-kompetensutveckling"
    region = o.partner("Region Östergötland", "SE", PartnerKind.REGION)
    brussels = o.partner("Region Östergötlands EU-kontor i Bryssel", "BE", PartnerKind.AGENCY)
    skr = o.partner("Sveriges Kommuner och Regioner", "SE", PartnerKind.AGENCY)
    mep = o.partner("EU-parlamentariker från Östergötland", "BE", PartnerKind.MEP)
    for index, (holder, body) in enumerate(
        [
            (SeatHolder.POLITICIAN, "Regionkommittén (CoR)"),
            (SeatHolder.POLITICIAN, "CEMR:s policykommitté"),
            (SeatHolder.OFFICIAL, "Eurocities arbetsgrupp för kultur"),
            (SeatHolder.OFFICIAL, "Baltic Sea Cities samordningsgrupp"),
        ]
    ):
        o.engagement(
            Kind.REPRESENTATION,
            f"{body} – {extra}",
            units["ks"],
            published=True,
            directions=(omv,),
            starts_on=D(2023 + index % 2, 1, 1),
            detail={"person": o.person(index), "holder": holder, "body": body},
        )
    o.engagement(
        Kind.TRAINING,
        f"EU-kunskap för nämnder – {extra}",
        units["central"],
        published=True,
        directions=(komp,),
        status=Status.COMPLETED,
        starts_on=D(2026, 4, 22),
        detail={"topic": "EU:s program och påverkan", "politicians": 14, "management": 8, "staff": 11},
    )
    o.engagement(
        Kind.PROJECT,
        f"Smart industri i Östergötland – {extra}",
        units["dept"],
        published=True,
        directions=(prof, komp),
        partners=(region, brussels),
        starts_on=D(2025, 1, 1),
        ends_on=D(2027, 12, 31),
        detail={"programme": Programme.INTERREG, "stage": ProjectStage.ONGOING, "funding_granted": Decimal(3200000)},
    )
    o.engagement(
        Kind.VISIT,
        f"Internationell konferens om vattenförvaltning – {extra}",
        units["dept"],
        published=True,
        directions=(prof,),
        starts_on=D(2026, 6, 9),
        detail={"direction": VisitDirection.CONFERENCE, "purpose": "Visa regionen som mötesplats.", "group_size": 240},
    )
    o.engagement(
        Kind.ADVOCACY,
        f"Samverkan med regionens EU-parlamentariker – {extra}",
        units["central"],
        published=True,
        directions=(omv,),
        partners=(mep, skr),
        detail={
            "file_reference": "Sammanhållningspolitiken efter 2027",
            "position": "Regioner och kommuner ska behålla inflytande över fonderna.",
            "channels": "Möten med parlamentariker, SKR, EU-kontoret",
        },
    )
    o.engagement(
        Kind.PROJECT,
        f"Biståndsprojekt för lokal demokrati – {extra}",
        units["central"],
        published=True,
        directions=(komp,),
        starts_on=D(2026, 1, 1),
        detail={
            "programme": Programme.SIDA,
            "stage": ProjectStage.ONGOING,
            "is_aid": True,
            "aid_paid_by_others_pct": 40,
        },
    )
    o.engagement(
        Kind.ADVOCACY,
        f"Förhandling om lokalisering (sekretess) – {extra}",
        units["central"],
        published=False,
        directions=(prof,),
        confidentiality=Confidentiality.CONFIDENTIAL,
        confidentiality_ground="OSL 31 kap. 16 §",
        detail={"file_reference": "Etablering", "position": "Sekretessbelagt"},
    )


def _linkoping(o: _Org) -> None:
    _ostergotland(o, {"ks": "ks", "central": "klk", "dept": "msb"}, "Linköping")


def _norrkoping(o: _Org) -> None:
    _ostergotland(o, {"ks": "ks", "central": "ksk", "dept": "utbildning"}, "Norrköping")


def _stockholm(o: _Org) -> None:
    prof, omv, sam, pav = "profilering", "omvarldsbevakning", "samverkan", "paverkan"
    for name, country, demands in [
        ("C40 Cities", "GB", "Krav på snabbare utfasning av fossila bränslen i stadstrafik."),
        ("ICLEI – Local Governments for Sustainability", "DE", "Allianser för hållbar upphandling."),
        ("Eurocities", "BE", "Städernas röst i EU:s lagstiftning om miljö och livsmedelskontroll."),
    ]:
        network = o.partner(name, country, PartnerKind.NETWORK)
        o.engagement(
            Kind.MEMBERSHIP,
            f"Medlemskap i {name}",
            "komm-omv",
            published=True,
            directions=(sam, pav),
            starts_on=D(2012, 1, 1),
            detail={
                "network": network,
                "purpose": "Påverka och lära tillsammans med andra storstäder.",
                "demands": demands,
                "evaluation_interval_months": 24,
            },
        )
    helsinki = o.partner("Helsingfors", "FI")
    o.engagement(
        Kind.AGREEMENT,
        "Samarbetsavtal med Helsingfors om klimatneutralitet",
        "slk",
        published=True,
        directions=(sam,),
        partners=(helsinki,),
        starts_on=D(2022, 5, 1),
        detail={
            "partner_city": helsinki,
            "agreement_type": AgreementType.COOPERATION,
            "signed_on": D(2022, 5, 1),
            "aim": "Gemensamma färdplaner för klimatneutrala huvudstäder till 2030.",
        },
    )
    oslo = o.partner("Oslo", "NO")
    o.engagement(
        Kind.AGREEMENT,
        "Förslag till vänortsavtal med Oslo",
        "slk",
        published=False,
        directions=(prof,),
        partners=(oslo,),
        status=Status.PLANNED,
        detail={"partner_city": oslo, "agreement_type": AgreementType.TWIN},
    )
    o.engagement(
        Kind.VISIT,
        "Förfrågan om studiebesök från Shanghai",
        "exploatering",
        published=False,
        directions=(prof,),
        starts_on=D(2027, 3, 10),
        detail={
            "direction": VisitDirection.INCOMING,
            "requester": "Shanghai stadsplaneringskontor",
            "group_size": 25,
            "purpose": "Studera stadsutveckling i Norra Djurgårdsstaden.",
            "assessment": "Svag koppling till inriktningarna; stor arbetsinsats för förvaltningen.",
            "decision": VisitDecision.REDIRECT,
            "decision_reason": "Besöket passar bättre hos Stockholm Business Region.",
            "redirected_to": "Stockholm Business Region",
        },
    )
    o.engagement(
        Kind.VISIT,
        "Studiebesök i Köpenhamn om livsmedelskontroll",
        "miljo",
        published=True,
        directions=(omv, sam),
        status=Status.COMPLETED,
        starts_on=D(2026, 5, 20),
        detail={"direction": VisitDirection.OUTGOING, "group_size": 6, "purpose": "Lära av digital tillsyn."},
    )
    o.engagement(
        Kind.ADVOCACY,
        "EU:s förordning om offentlig kontroll av livsmedel",
        "miljo",
        published=True,
        directions=(pav,),
        detail={
            "file_reference": "Översyn av förordning (EU) 2017/625",
            "policy_area": "Livsmedelskontroll",
            "position": "Riskbaserad kontroll med färre obligatoriska besök.",
            "channels": "Eurocities, svenska EU-parlamentariker",
            "outcome": "Kommissionen har öppnat för riskbaserade intervall.",
        },
    )
    o.engagement(
        Kind.PROJECT,
        "Kommunalt partnerskap för vattenrening i Moçambique",
        "svoa",
        published=True,
        directions=(sam,),
        detail={
            "programme": Programme.SIDA,
            "stage": ProjectStage.GRANTED,
            "is_aid": True,
            "aid_paid_by_others_pct": 100,
            "funding_granted": Decimal(2100000),
        },
    )
    o.engagement(
        Kind.PROJECT,
        "Biståndsprojekt med egen medfinansiering",
        "utbildning",
        published=False,
        directions=(sam,),
        status=Status.PLANNED,
        detail={
            "programme": Programme.SIDA,
            "stage": ProjectStage.PREPARING,
            "is_aid": True,
            "aid_paid_by_others_pct": 70,
        },
    )
    o.engagement(
        Kind.ADVOCACY,
        "Inför förhandling om evenemang (sekretess)",
        "slk",
        published=False,
        directions=(prof,),
        confidentiality=Confidentiality.CONFIDENTIAL,
        confidentiality_ground="OSL 19 kap. 1 §",
        detail={"file_reference": "Evenemangsansökan", "position": "Sekretessbelagt"},
    )
    ensure(
        ProjectStageChange,
        project=Engagement.objects.get(
            organisation=o.organisation, title="Kommunalt partnerskap för vattenrening i Moçambique"
        ).project,
        stage=ProjectStage.GRANTED,
        defaults={"changed_on": D(2026, 6, 1)},
    )
