"""A small Swedish lexicon of the municipal strategy genre (documented in docs/strategy-import.md).

Everything is lower case; matching normalises case and whitespace first.
"""

import re

#: Words that make a heading-like line a document title.
GENRE_WORDS = ("strategi", "riktlinje", "policy", "program", "handlingsplan", "plan för")

#: Section headings under which the sub-headings are the directions.
DIRECTION_SECTION = re.compile(
    r"^(inriktning(ar)?|strategiska inriktningar|prioriterade områden|prioriteringar|"
    r"(fokus|insats|mål|inriktnings)områden|strategier( för .*)?|våra prioriteringar|områden)$"
)

#: Section headings that end the directions (responsibility, follow-up, appendices ...).
END_OF_DIRECTIONS = re.compile(
    r"^(ansvar|ansvarsfördelning|roller|organisation|uppföljning|genomförande|riktlinjer|bilag|"
    r"beslut|referenser|kommunspecifik|styrande dokument|nätverk/)"
)

#: Nouns that announce a list of directions: "fyra inriktningar ... Dessa är:", "tre prioriterade områden:".
ANNOUNCING_NOUN = re.compile(r"\w*(inriktningar|områden|prioriteringar|teman)\b", re.IGNORECASE)

#: Swedish month names for "15 oktober 2013".
MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

#: Adopting bodies and their abbreviations, to the name used in the draft.
BODIES = {
    "kommunfullmäktige": "kommunfullmäktige",
    "kf": "kommunfullmäktige",
    "kommunstyrelsen": "kommunstyrelsen",
    "ks": "kommunstyrelsen",
    "regionfullmäktige": "regionfullmäktige",
    "rf": "regionfullmäktige",
    "regionstyrelsen": "regionstyrelsen",
    "kommunstyrelserna": "kommunstyrelserna",
}

#: Verbs of adoption in passive/participle form ("antogs av", "antagen av", "fastställd av").
ADOPTION_VERBS = r"(?:antogs|antagen|antagits|antaget|fastställdes|fastställd|beslutades|beslutad)"

#: Bodies and actors whose duties form the responsibilities.
RESPONSIBLE_BODY = re.compile(
    r"^(kommunfullmäktige|kommunstyrelse(n|rna|ns)?|kommunstyrelsens? förvaltning|kommunledningskontoret|"
    r"stadsledningskontoret|regionstyrelsen|nämnde(r|rna)?[\w ,/-]*|styrelse[\w ,/-]*|förvaltning[\w ,/-]*|"
    r"bolag[\w ,/-]*|respektive [\w /-]+|varje [\w /-]+|kommunala bolag|kontaktperson\w*)$",
    re.IGNORECASE,
)
DUTY_VERB = re.compile(
    r"\b(ansvarar|ansvara|fastställer|beslutar|har ett? [\w ]*ansvar|ska|skall|bereds|beaktas|utser|ser till|följer upp)\b"
)

#: Follow-up rules: how often and in which report a strategy is followed up.
FOLLOW_UP = re.compile(
    r"(uppföljning|följs upp|följa upp|mandatperiod|årsrapport|årligen|varje år|verksamhetsberättelse|"
    r"rapporteras|revideras|utvärderas)",
    re.IGNORECASE,
)

#: Known international networks (the register suggests them; unknown ones come from patterns).
NETWORKS = (
    "C40", "ICLEI", "Eurocities", "Union of the Baltic Cities", "UBC", "Energy Cities", "Climate Alliance",
    "Borgmästaravtalet", "Covenant of Mayors", "CEMR", "CPMR", "Euro Cities", "Skåne Nordost", "Nordiska rådet",
    "Svenska Kommunförbundet", "Baltic Sea Commission", "ERRIN", "POLIS", "Cities for Children",
)  # fmt: skip

#: Words that make a quoted title a governing document.
DOCUMENT_WORDS = re.compile(
    r"(vision|strategi|plan|program|policy|riktlinje|färdplan|handlingsplan|budget|mål|agenda)", re.IGNORECASE
)

#: Bullet glyphs that extraction leaves at the start of a line (incl. Symbol-font private-use glyphs).
BULLET = re.compile(r"^(?:[•·▪■◦○●◾▸►➢✓❖]|[\ue000-\uf8ff]|[-–*](?=\s))\s*")

#: Page furniture: page numbers, "Sida 3 av 7", revision stamps.
PAGE_FURNITURE = re.compile(
    r"^(\d{1,3}|sida \d+( av \d+)?|\d+ \(\d+\)|senast ändrad \d{4}-\d\d-\d\d|-\s*\d+\s*-)$", re.IGNORECASE
)

#: Words after a line-end hyphen that mean the hyphen is a real one ("teknik- och kunskapsöverföring").
CONJUNCTIONS = {"och", "eller", "samt", "respektive"}
