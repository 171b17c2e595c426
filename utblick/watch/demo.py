"""Demo data for the scanning desk: invented calls kept by each central office, profiles and marks.

The calls are made up for the demo (titles, texts and identifiers only look plausible). Loaded
through the same import service as real files, so re-running changes nothing; deadlines are
fixed dates in 2027.
"""

import datetime
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from utblick.core.idempotent import ensure
from utblick.organisations.choices import UnitKind
from utblick.organisations.models import Organisation, Unit
from utblick.strategies.models import Theme

from .choices import ItemKind, ItemStatus, SourceKind, Verdict
from .formats import ItemData
from .imports import items_write
from .models import Item, ItemMark, ItemShare, Source, WatchProfile
from .services import matches_refresh

D = datetime.date

CALLS = [
    ItemData(
        identifier="LIFE-2027-CLIMA-CCA-LOCAL",
        title="Climate change adaptation in local authorities: floods, heat and nature-based solutions",
        summary=(
            "Support for municipalities and regions that plan and carry out adaptation to a changing climate: "
            "flood protection along rivers, restored wetlands, green areas against heat and healthy ecosystems."
        ),
        programme="life",
        programme_name="LIFE",
        call_identifier="LIFE-2027-CLIMA",
        call_title="LIFE Climate Action 2027",
        keywords="climate adaptation, flood risk, wetlands, resilience",
        status=ItemStatus.OPEN,
        opens_on=D(2027, 1, 19),
        deadlines=[D(2027, 4, 22)],
        budget=Decimal(42000000),
        language="en",
    ),
    ItemData(
        identifier="INTERREG-OKS-2027-SMALL",
        title="Interreg Öresund-Kattegat-Skagerrak: småprojekt för gränsöverskridande samarbete",
        summary=(
            "Kommuner, regioner och föreningar i Sverige, Danmark och Norge kan söka stöd för mindre "
            "samarbetsprojekt om grön omställning, kompetensförsörjning och besöksnäring."
        ),
        programme="interreg",
        programme_name="Interreg Öresund-Kattegat-Skagerrak",
        status=ItemStatus.OPEN,
        opens_on=D(2026, 11, 1),
        deadlines=[D(2027, 2, 4), D(2027, 9, 16)],
        budget=Decimal(9000000),
        currency="SEK",
        language="sv",
    ),
    ItemData(
        identifier="ERASMUS-2027-KA122-SCH",
        title="Erasmus+ short-term mobility for school pupils and staff",
        summary="Exchanges and job shadowing for schools, adult education and vocational training; staff competence development abroad.",
        programme="erasmus",
        programme_name="Erasmus+",
        status=ItemStatus.FORTHCOMING,
        opens_on=D(2026, 12, 15),
        deadlines=[D(2027, 2, 19)],
        language="en",
    ),
    ItemData(
        identifier="CERV-2027-CITIZENS-TOWN-TT",
        title="Town-twinning: citizens of twinned towns meet",
        summary=(
            "Meetings of citizens from twin towns on democracy, remembrance and the future of Europe; networks of "
            "towns working together on a common theme."
        ),
        programme="cerv",
        programme_name="CERV",
        call_identifier="CERV-2027-CITIZENS-TOWN",
        keywords="town twinning, twin cities, citizens, democracy",
        status=ItemStatus.OPEN,
        opens_on=D(2026, 11, 20),
        deadlines=[D(2027, 3, 18)],
        language="en",
    ),
    ItemData(
        identifier="HORIZON-MISS-2027-CIT-02",
        title="Climate-neutral and smart cities: positive energy districts and sustainable mobility",
        summary="Cities test solutions for climate-neutral districts, energy efficiency and mobility, with citizens and businesses.",
        programme="horizon",
        programme_name="Horizon Europe",
        call_identifier="HORIZON-MISS-2027-CIT",
        keywords="climate neutrality, energy, mobility, cities mission",
        status=ItemStatus.OPEN,
        opens_on=D(2027, 1, 12),
        deadlines=[D(2027, 4, 8), D(2027, 10, 7)],
        language="en",
    ),
    ItemData(
        identifier="CREA-CULT-2027-COOP",
        title="Creative Europe: cooperation projects in culture and the creative sectors",
        summary="Cultural organisations in several countries work together on audiences, festivals and cultural heritage.",
        programme="creative_europe",
        programme_name="Creative Europe",
        keywords="culture, cultural heritage, festivals",
        status=ItemStatus.FORTHCOMING,
        opens_on=D(2027, 2, 3),
        deadlines=[D(2027, 5, 20)],
        language="en",
    ),
    ItemData(
        identifier="AMIF-2027-INTEGRATION-LOCAL",
        title="AMIF: local integration of newcomers",
        summary="Municipalities develop language training, work experience and civic orientation for newly arrived residents.",
        programme="amif",
        programme_name="AMIF",
        keywords="integration, newcomers, social inclusion",
        status=ItemStatus.OPEN,
        deadlines=[D(2027, 3, 3)],
        language="en",
    ),
    ItemData(
        identifier="NYHET-2026-11-EU-DAG",
        title="EU-dag för kommunernas EU-kontaktpersoner i februari",
        kind=ItemKind.NEWS,
        summary="Regionens Brysselkontor bjuder in till en dag om nya utlysningar, partnersökning och ansökningsskrivande.",
        published_on=D(2026, 11, 24),
        language="sv",
    ),
]

# (organisation slug, unit slug, keywords, programmes, theme codes)
PROFILES = [
    (
        "kristianstad",
        "c4-teknik",
        "klimatanpassning = climate adaptation\növersvämning = flood\nvåtmarker = wetlands",
        ["life", "interreg"],
        ["friska-ekosystem"],
    ),
    ("kristianstad", "klk", "vänort = town twinning\nmedborgare = citizens", ["cerv", "interreg"], []),
    ("kristianstad", "buf", "skolutbyte = school exchanges\nkompetensutveckling = staff competence", ["erasmus"], []),
    ("vaxjo", "teknik", "klimatneutral stad = climate-neutral cities\nenergi = energy", ["horizon", "life"], []),
    ("vaxjo", "utbildning", "skolutbyte = school exchanges", ["erasmus"], []),
    ("linkoping", "msb", "klimatanpassning = climate adaptation\nmobilitet = mobility", ["horizon", "life"], []),
    ("norrkoping", "kultur", "kulturarv = cultural heritage\nfestival = festivals", ["creative_europe"], []),
    ("stockholm", "miljo", "klimatanpassning = climate adaptation\nskyfall = heavy rain", ["life", "horizon"], []),
    ("stockholm", "utbildning", "integration = integration of newcomers", ["amif", "erasmus"], []),
]

MARKS = [
    ("kristianstad", "c4-teknik", "LIFE-2027-CLIMA-CCA-LOCAL", Verdict.RELEVANT),
    ("kristianstad", "klk", "CERV-2027-CITIZENS-TOWN-TT", Verdict.RELEVANT),
    ("kristianstad", "buf", "CREA-CULT-2027-COOP", Verdict.NOT_RELEVANT),
    ("stockholm", "miljo", "LIFE-2027-CLIMA-CCA-LOCAL", Verdict.RELEVANT),
]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    for organisation in Organisation.objects.filter(slug__in={p[0] for p in PROFILES}):
        central = Unit.objects.filter(organisation=organisation, kind=UnitKind.CENTRAL_OFFICE).order_by("order").first()
        if central is None:
            continue
        source = ensure(
            Source,
            organisation=organisation,
            name=f"{central.name}: bevakning",
            defaults={
                "kind": SourceKind.FILE,
                "description": "Utlysningar och nyheter som samordnarna samlar för alla enheter.",
            },
        )
        items_write(source=source, entries=CALLS)
        news = Item.objects.get(source=source, identifier="NYHET-2026-11-EU-DAG")
        if not ItemShare.objects.filter(item=news, organisation=organisation, to_unit__isnull=True).exists():
            ItemShare.objects.create(
                item=news,
                organisation=organisation,
                from_unit=central,
                note="Anmäl er till EU-dagen senast 15 januari.",
            )
    for slug, unit_slug, keywords, programme_keys, theme_codes in PROFILES:
        unit = Unit.objects.filter(organisation__slug=slug, slug=unit_slug).first()
        if unit is None:
            continue
        profile = ensure(WatchProfile, unit=unit, defaults={"keywords": keywords, "programmes": programme_keys})
        themes = list(
            Theme.objects.filter(
                code__in=theme_codes, dimension__version__strategy__ownerships__organisation=unit.organisation
            )
        )
        if theme_codes and set(profile.themes.all()) != set(themes):
            profile.themes.set(themes)
    for slug, unit_slug, identifier, verdict in MARKS:
        unit = Unit.objects.filter(organisation__slug=slug, slug=unit_slug).first()
        item = Item.objects.filter(source__organisation__slug=slug, identifier=identifier).first()
        if unit and item:
            ensure(ItemMark, item=item, unit=unit, defaults={"organisation": unit.organisation, "verdict": verdict})
    stored = matches_refresh()
    if stdout:
        stdout.write(
            f"Watch items: {Item.objects.count()}, profiles: {WatchProfile.objects.count()}, matches: {stored}\n"
        )
