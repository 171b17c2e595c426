"""Demo organisations: the five seed municipalities with unit trees, fictional people and demo users.

Everything here is loaded by ``python manage.py load_demo`` and is idempotent: objects are
found by natural keys (slugs, e-mail addresses, names) and updated in place. The people
are invented; only the organisations' and units' names are real.
"""

import datetime
from typing import TextIO

from django.db import transaction

from utblick.core.idempotent import ensure
from utblick.core.models import User

from .choices import PersonKind, Role, UnitKind, UnitRoleKind
from .models import Membership, Organisation, Person, Unit, UnitRole

DEMO_PASSWORD = "utblick-demo-2026"
ADMIN_EMAIL = "admin@utblick.example"
ROLE_START = datetime.date(2023, 1, 1)

# (slug, name, kind, parent slug, abbreviation)
UnitSpec = tuple[str, str, str, str | None, str]

K = UnitKind
ORGANISATIONS: list[dict] = [
    {
        "slug": "kristianstad",
        "name": "Kristianstads kommun",
        "number": "212000-0951",
        "description": "Kommunen i nordöstra Skåne. Det internationella arbetet samordnas av kommunledningskontoret.",
        "case_number_pattern": r"KS \d{4}/\d{1,5}",
        # Who publishes on the public pages: coordinators only, or the units' editors too (X-5).
        "editors_may_publish": False,
        "units": [
            ("kf", "Kommunfullmäktige", K.COUNCIL, None, "KF"),
            ("ks", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "kf", "KS"),
            ("klk", "Kommunledningskontoret", K.CENTRAL_OFFICE, "ks", "KLK"),
            ("bun", "Barn- och utbildningsnämnden", K.COMMITTEE, "kf", "BUN"),
            ("buf", "Barn- och utbildningsförvaltningen", K.DEPARTMENT, "bun", "BUF"),
            ("omsorg", "Omsorgsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("c4-teknik", "C4 Teknik", K.DEPARTMENT, "kf", ""),
            ("kultur", "Kultur- och fritidsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("miljo", "Miljö- och hälsoskyddsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("abk", "AB Kristianstadsbyggen", K.COMPANY, "ks", "ABK"),
            ("c4-energi", "C4 Energi AB", K.COMPANY, "ks", ""),
            ("eu-natverk", "Lokalt EU-nätverk", K.NETWORK, "klk", ""),
        ],
    },
    {
        "slug": "vaxjo",
        "name": "Växjö kommun",
        "number": "212000-0662",
        "description": "Kommunen i Kronobergs län med målet att vara Europas grönaste stad.",
        "case_number_pattern": r"KS\.\d{4}\.\d{1,5}",
        "editors_may_publish": True,
        "units": [
            ("kf", "Kommunfullmäktige", K.COUNCIL, None, "KF"),
            ("ks", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "kf", "KS"),
            ("klf", "Kommunledningsförvaltningen", K.CENTRAL_OFFICE, "ks", "KLF"),
            ("utbildning", "Utbildningsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("omsorg", "Omsorgsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("teknik", "Tekniska förvaltningen", K.DEPARTMENT, "kf", ""),
            ("kultur", "Kultur- och fritidsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("veab", "Växjö Energi AB", K.COMPANY, "ks", "VEAB"),
            ("vidingehem", "Vidingehem AB", K.COMPANY, "ks", ""),
            ("int-natverk", "Nätverk för internationella frågor", K.WORKING_GROUP, "klf", ""),
        ],
    },
    {
        "slug": "linkoping",
        "name": "Linköpings kommun",
        "number": "212000-0449",
        "description": "Kommunen i Östergötland som delar riktlinje för internationellt arbete med Norrköping.",
        "case_number_pattern": r"KS \d{4}-\d{1,5}",
        "editors_may_publish": False,
        "units": [
            ("kf", "Kommunfullmäktige", K.COUNCIL, None, "KF"),
            ("ks", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "kf", "KS"),
            ("klk", "Kommunledningskontoret", K.CENTRAL_OFFICE, "ks", ""),
            ("utbildning", "Utbildningsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("social", "Socialförvaltningen", K.DEPARTMENT, "kf", ""),
            ("msb", "Miljö- och samhällsbyggnadsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("stangastaden", "AB Stångåstaden", K.COMPANY, "ks", ""),
            ("eu-grupp", "Arbetsgrupp EU-frågor", K.WORKING_GROUP, "klk", ""),
        ],
    },
    {
        "slug": "norrkoping",
        "name": "Norrköpings kommun",
        "number": "212000-0456",
        "description": "Kommunen i Östergötland som delar riktlinje för internationellt arbete med Linköping.",
        "case_number_pattern": r"KS \d{4}/\d{1,5}",
        "editors_may_publish": True,
        "units": [
            ("kf", "Kommunfullmäktige", K.COUNCIL, None, "KF"),
            ("ks", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "kf", "KS"),
            ("ksk", "Kommunstyrelsens kontor", K.CENTRAL_OFFICE, "ks", ""),
            ("utbildning", "Utbildningskontoret", K.DEPARTMENT, "kf", ""),
            ("vard-omsorg", "Vård- och omsorgskontoret", K.DEPARTMENT, "kf", ""),
            ("kultur", "Kultur- och fritidskontoret", K.DEPARTMENT, "kf", ""),
            ("hyresbostader", "Hyresbostäder i Norrköping AB", K.COMPANY, "ks", ""),
            ("nova", "Norrköping Vatten och Avfall AB", K.COMPANY, "ks", "Nova"),
        ],
    },
    {
        "slug": "stockholm",
        "name": "Stockholms stad",
        "number": "212000-0142",
        "description": "Huvudstaden. Stadsledningskontoret bereder den internationella strategin.",
        "case_number_pattern": r"\d{3}-\d{1,6}/\d{4}",
        "editors_may_publish": False,
        "units": [
            ("kf", "Kommunfullmäktige", K.COUNCIL, None, "KF"),
            ("ks", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "kf", "KS"),
            ("slk", "Stadsledningskontoret", K.CENTRAL_OFFICE, "ks", "SLK"),
            ("komm-omv", "Kommunikations- och omvärldsavdelningen", K.CENTRAL_OFFICE, "slk", ""),
            ("mhn", "Miljö- och hälsoskyddsnämnden", K.COMMITTEE, "kf", ""),
            ("miljo", "Miljöförvaltningen", K.DEPARTMENT, "mhn", ""),
            ("utbildning", "Utbildningsförvaltningen", K.DEPARTMENT, "kf", ""),
            ("exploatering", "Exploateringskontoret", K.DEPARTMENT, "kf", ""),
            ("stadshus", "Stockholms Stadshus AB", K.COMPANY, "ks", ""),
            ("svoa", "Stockholm Vatten och Avfall AB", K.COMPANY, "stadshus", "SVOA"),
            ("familjebostader", "AB Familjebostäder", K.COMPANY, "stadshus", ""),
        ],
    },
]

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Anders",
    "Sara",
    "Per",
    "Lena",
    "Mikael",
    "Emma",
    "Fredrik",
    "Ida",
    "Magnus",
    "Elin",
    "Jonas",
    "Sofia",
    "Henrik",
    "Linnea",
    "Oskar",
    "Maja",
    "Gustav",
    "Hanna",
    "Viktor",
    "Amira",
    "Ali",
    "Noor",
    "Mateo",
]
LAST_NAMES = [
    "Lindqvist",
    "Bergström",
    "Holm",
    "Sandberg",
    "Ek",
    "Nyberg",
    "Forsell",
    "Åberg",
    "Lundgren",
    "Wikström",
    "Blom",
    "Hedlund",
    "Strand",
    "Dahl",
    "Söderberg",
    "Falk",
    "Björk",
    "Norén",
    "Mattsson",
    "Engström",
]

# Units that are deliberately left without a contact person, so the flag shows (VX-8).
WITHOUT_CONTACT = {("vaxjo", "kultur"), ("norrkoping", "nova")}


def _name(index: int) -> str:
    """A made-up name, different for each of the first ninety people: nobody has a namesake in the demo."""
    last = (index * 7 + index // len(FIRST_NAMES) * 3) % len(LAST_NAMES)
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[last]}"


def _email(name: str, slug: str) -> str:
    plain = name.lower().translate(str.maketrans("åäöé ", "aaoe."))
    return f"{plain}@{slug}.example"


# Each organisation's area code; the numbers after it are made up from the name.
AREA_CODES = {"kristianstad": "044", "vaxjo": "0470", "linkoping": "013", "norrkoping": "011", "stockholm": "08"}


def _phone(name: str, slug: str) -> str:
    digits = f"{sum(ord(char) * (index + 7) for index, char in enumerate(slug + name)) % 1_000_000:06d}"
    return f"{AREA_CODES.get(slug, '010')}-{digits[:2]} {digits[2:4]} {digits[4:]}"


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    admin, created = User.objects.get_or_create(email=ADMIN_EMAIL, defaults={"name": "Systemadministratör (demo)"})
    if created:
        admin.is_superuser = admin.is_staff = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()

    person_index = 0
    for spec in ORGANISATIONS:
        org = ensure(
            Organisation,
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "organisation_number": spec["number"],
                "description": spec["description"],
                "case_number_pattern": spec["case_number_pattern"],
                "public_pages_enabled": True,
                "editors_may_publish": spec["editors_may_publish"],
                "comparison_opt_in": spec["slug"] in {"linkoping", "norrkoping", "vaxjo"},
            },
        )
        units: dict[str, Unit] = {}
        for order, (slug, name, kind, parent, short) in enumerate(spec["units"]):
            units[slug] = ensure(
                Unit,
                organisation=org,
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "parent": units.get(parent) if parent else None,
                    "short_name": short,
                    "order": order,
                },
            )
        for slug, unit in units.items():
            if unit.kind in {K.COUNCIL, K.EXECUTIVE_BOARD, K.COMMITTEE}:
                person_index += 1
                _role(org, unit, _name(person_index), "Ordförande", PersonKind.POLITICIAN, UnitRoleKind.CHAIR)
            elif unit.kind in {K.DEPARTMENT, K.CENTRAL_OFFICE, K.COMPANY}:
                if (org.slug, slug) in WITHOUT_CONTACT:
                    continue
                person_index += 1
                _role(
                    org,
                    unit,
                    _name(person_index),
                    "Utvecklingsstrateg",
                    PersonKind.OFFICIAL,
                    UnitRoleKind.CONTACT_PERSON,
                )
                if unit.kind != K.COMPANY:
                    person_index += 1
                    _role(org, unit, _name(person_index), "EU-samordnare", PersonKind.OFFICIAL, UnitRoleKind.EU_CONTACT)
        for unit in units.values():
            if unit.kind in {K.WORKING_GROUP, K.NETWORK}:
                # The group's members are the units' EU contacts and contact persons (VX-10, KR-6).
                members = Person.objects.filter(
                    organisation=org, roles__role__in=[UnitRoleKind.EU_CONTACT, UnitRoleKind.CONTACT_PERSON]
                ).distinct()[:6]
                for number, person in enumerate(members):
                    role = UnitRoleKind.CHAIR if number == 0 else UnitRoleKind.MEMBER
                    UnitRole.objects.get_or_create(
                        person=person, unit=unit, role=role, defaults={"starts_on": ROLE_START}
                    )

        editor_unit = next(u for u in units.values() if u.kind == K.DEPARTMENT)
        for access, local, title in [
            (Role.COORDINATOR, "samordnare", "Samordnare"),
            (Role.EDITOR, "redaktor", "Redaktör"),
            (Role.READER, "lasare", "Läsare"),
        ]:
            user = _demo_user(f"{local}@{org.slug}.example", f"{title} {org.name} (demo)")
            membership = ensure(Membership, user=user, organisation=org, defaults={"role": access})
            if access == Role.EDITOR and set(membership.units.all()) != {editor_unit}:
                membership.units.set([editor_unit])
    both = _demo_user("samordnare@ostergotland.example", "Samordnare Linköping och Norrköping (demo)")
    for slug in ("linkoping", "norrkoping"):
        ensure(
            Membership, user=both, organisation=Organisation.objects.get(slug=slug), defaults={"role": Role.COORDINATOR}
        )
    if stdout:
        stdout.write(
            f"Organisations: {Organisation.objects.count()}, units: {Unit.objects.count()}, people: {Person.objects.count()}\n"
        )


def _role(org: Organisation, unit: Unit, name: str, title: str, kind: str, role: str) -> None:
    person, _ = Person.objects.get_or_create(
        organisation=org,
        name=name,
        defaults={"title": title, "kind": kind, "email": _email(name, org.slug), "phone": _phone(name, org.slug)},
    )
    UnitRole.objects.get_or_create(person=person, unit=unit, role=role, defaults={"starts_on": ROLE_START})


def _demo_user(email: str, name: str):
    user, created = User.objects.get_or_create(email=email, defaults={"name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def sign_ins() -> list[tuple[str, str]]:
    """The demo sign-ins, for ``make run`` to print."""
    rows = [(ADMIN_EMAIL, "systemadministratör, alla organisationer")]
    for spec in ORGANISATIONS:
        for local, label in [
            ("samordnare", "samordnare"),
            ("redaktor", "redaktör för en förvaltning"),
            ("lasare", "läsare"),
        ]:
            rows.append((f"{local}@{spec['slug']}.example", f"{label}, {spec['name']}"))
    rows.append(("samordnare@ostergotland.example", "samordnare i både Linköping och Norrköping"))
    return rows
