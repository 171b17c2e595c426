"""Funding programmes the scanning desk knows by name, and how the sources spell them.

The EU Funding & Tenders portal gives programmes as numeric ids (``frameworkProgramme`` of the
search result) or as abbreviations (the reference file). This table maps the common ones to one
key, which watch profiles choose from and which fills in a project's programme when an
application is planned. Ids not in the table are stored as given, so nothing is lost; add a row
here when a new programme matters (docs/watch-formats.md lists the table).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from utblick.engagements.choices import Programme as ProjectProgramme


@dataclass(frozen=True)
class ProgrammeInfo:
    key: str
    name: str | Promise
    ft_ids: tuple[str, ...] = ()
    # Lower-case spellings seen in files and feeds: abbreviations, full names, call prefixes.
    aliases: tuple[str, ...] = ()
    # The engagement register's programme for a project applying to it.
    project_programme: str = ProjectProgramme.OTHER


PROGRAMMES: tuple[ProgrammeInfo, ...] = (
    ProgrammeInfo(
        "horizon",
        "Horizon Europe",
        ("43108390",),
        ("horizon", "horizon europe", "he", "horizon-cl5", "horizon-miss"),
        ProjectProgramme.HORIZON,
    ),
    ProgrammeInfo("life", "LIFE", ("43252405",), ("life", "life programme"), ProjectProgramme.LIFE),
    ProgrammeInfo(
        "erasmus", "Erasmus+", ("43353764",), ("erasmus", "erasmus+", "eac", "erasmus plus"), ProjectProgramme.ERASMUS
    ),
    ProgrammeInfo(
        "interreg",
        "Interreg",
        ("44416173",),
        ("interreg", "interreg europe", "interreg öks", "öresund-kattegat-skagerrak", "baltic sea region"),
        ProjectProgramme.INTERREG,
    ),
    ProgrammeInfo(
        "cerv",
        "CERV",
        ("43251589",),
        ("cerv", "citizens, equality, rights and values"),
        ProjectProgramme.CERV,
    ),
    ProgrammeInfo(
        "creative_europe",
        "Creative Europe",
        ("43251814",),
        ("crea", "creative europe", "kreativa europa"),
        ProjectProgramme.CREATIVE_EUROPE,
    ),
    ProgrammeInfo(
        "amif", "AMIF", ("43251447",), ("amif", "asylum, migration and integration fund"), ProjectProgramme.AMIF
    ),
    ProgrammeInfo(
        "esf", "ESF+", ("43254037",), ("esf", "esf+", "socialfonden", "europeiska socialfonden"), ProjectProgramme.ESF
    ),
    ProgrammeInfo("digital", "Digital Europe", ("43152860",), ("digital", "digital europe", "dep")),
    ProgrammeInfo("eu4health", "EU4Health", ("43332642",), ("eu4h", "eu4health")),
    ProgrammeInfo("cef", "Connecting Europe Facility", ("43251567",), ("cef", "connecting europe facility")),
    ProgrammeInfo("sida", "Sida", (), ("sida",), ProjectProgramme.SIDA),
    ProgrammeInfo(
        "national",
        _("national funding"),
        (),
        ("vinnova", "tillväxtverket", "energimyndigheten", "naturvårdsverket", "formas", "national"),
        ProjectProgramme.NATIONAL,
    ),
)
BY_KEY = {programme.key: programme for programme in PROGRAMMES}
BY_FT_ID = {ft_id: programme for programme in PROGRAMMES for ft_id in programme.ft_ids}
BY_ALIAS = {alias: programme for programme in PROGRAMMES for alias in (programme.key, *programme.aliases)}


def programme_choices() -> list[tuple[str, str]]:
    return [(programme.key, str(programme.name)) for programme in PROGRAMMES]


def from_ft_id(value: str) -> tuple[str, str]:
    """(key, name) for a portal programme id; an unknown id is kept as given."""
    value = str(value).strip()
    found = BY_FT_ID.get(value)
    return (found.key, str(found.name)) if found else (value, value)


def from_text(value: str) -> tuple[str, str]:
    """(key, name) for a programme written as text ("LIFE", "Erasmus+", "Interreg Öresund-Kattegat-Skagerrak")."""
    text = " ".join(str(value or "").split())
    if not text:
        return "", ""
    lowered = text.lower()
    found = BY_ALIAS.get(lowered) or BY_FT_ID.get(text)
    if found is None:
        # "Interreg Öresund-Kattegat-Skagerrak", "LIFE-2027-CLIMA": the first word names it.
        first = lowered.replace("-", " ").split()[0]
        found = BY_ALIAS.get(first)
    if found is None:
        return lowered, text
    return found.key, str(found.name) if lowered in {found.key, *found.aliases} else text


def display_name(key: str) -> str:
    found = BY_KEY.get(key)
    return str(found.name) if found else key


def project_programme(key: str) -> str:
    found = BY_KEY.get(key)
    return found.project_programme if found else ProjectProgramme.OTHER
