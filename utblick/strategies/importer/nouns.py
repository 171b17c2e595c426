"""The words strategies use to name, count and announce their directions (docs/strategy-import.md).

Swedish strategies name their directions with many nouns — inriktningar, prioriterade områden,
fokusområden, insatsområden, målområden, perspektiv, teman, spår, ben, pelare, hörnstenar … — in every
inflection, often with a number ("fyra perspektiv", "5 prioriterade utvecklingsområden"). Rather than a
list of headings, this module describes that population: noun heads with their inflections, the
prefixes and adjectives that make an area a direction, and how strong each is as evidence.

* A **strong** noun says "directions" on its own: "fokusområden", "prioriterade områden",
  "inriktningar", "focus areas".
* A **weak** noun says it only with a count, "följande" or a possessive before it: "fyra perspektiv",
  "tre ben", "strategins spår", "följande teman" — "ett internationellt perspektiv" is no direction.
* A **label** is a singular noun with a number, letter or roman numeral before a direction's name:
  "Fokusområde A – Demokrati", "Tema II: Kultur", "Mål 4 – Unga" (`strip_label`).
* A noun counted in a sentence about **another document** ("Den regionala planen har fyra delområden",
  "Färdplanen fokuserar på fyra delområden") announces that document's parts, not this one's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
COUNT = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
#: A count of two or more: "ett internationellt perspektiv" names no directions.
COUNT_MANY = r"(?:\d{1,2}|" + "|".join(w for w, n in NUMBER_WORDS.items() if n > 1) + r")"

_AREA = r"område(?:t|n|na)?"
#: Compounds of "område" that name directions by themselves ("insatsområden", "målområdet").
STRONG_PREFIX = (
    r"(?:fokus|insats|mål|huvud|utvecklings|tyngdpunkts|prioriterings|strategi|tema|inriktnings|nyckel|kärn|"
    r"satsnings|profil)"
)
#: Adjectives that make any area, question or effort a direction ("prioriterade områden", "strategiska frågor").
ADJECTIVE = r"(?:(?:särskilt\s+)?prioriterade?|prioriterat|strategiska?|strategiskt|tematiska?|tematiskt)"
STRONG = (
    rf"{STRONG_PREFIX}{_AREA}"
    rf"|{ADJECTIVE}\s+(?:[\wåäö]*{_AREA}|inriktning(?:ar|arna)?|insats(?:er|erna)?|frågor(?:na)?)"
    r"|inriktning(?:en|ar|arna)?|prioritering(?:en|ar|arna)?"
    r"|(?:focus|priority|strategic|key|thematic|core)\s+areas?|areas?\s+of\s+(?:focus|priority)|priorities"
    r"|strategic\s+(?:directions?|priorities|themes)"
)
#: Nouns that name directions only when counted, or after "följande" or a possessive ("strategins tre spår").
WEAK = (
    rf"(?:del|arbets|samarbets|sak|ämnes|styrke)?{_AREA}"
    r"|perspektiv(?:et|en)?|tema(?:t|n|na|ta)?|spår(?:et|en)?|ben(?:et|en)?|pelar(?:e|en|na)|hörnsten(?:en|ar|arna)"
    r"|byggsten(?:en|ar|arna)|ledstjärn(?:a|an|or|orna)|strategi(?:er|erna)|insats(?:er|erna)"
    r"|areas?|themes?|pillars?|strands?|tracks?|cornerstones?|perspectives?|building\s+blocks"
)
NOUN = rf"(?:{STRONG}|{WEAK})"
#: Plural (or number-neutral) forms: a lead-in names several directions.
PLURAL = re.compile(
    r"(områden|områdena|ar|arna|er|erna|or|orna|n|na|ta|perspektiv|perspektiven|spår|spåren|ben|benen|pelare|pelarna|"
    r"s|priorities|blocks)$",
    re.IGNORECASE,
)

STRONG_RE = re.compile(rf"\b(?:{STRONG})\b", re.IGNORECASE)
NOUN_RE = re.compile(rf"\b(?:{NOUN})\b", re.IGNORECASE)
COUNTED = re.compile(rf"\b(?P<count>{COUNT})\s+(?:[\wåäö-]+\s+){{0,2}}?(?P<noun>{NOUN})\b", re.IGNORECASE)
FOLLOWING = re.compile(
    rf"\b(?:följande|nedanstående|dessa|these|the\s+following)\s+(?:[\wåäö-]+\s+){{0,2}}?(?P<noun>{NOUN})\b",
    re.IGNORECASE,
)

#: Whose parts a heading names: "Strategins tre spår", "Våra prioriteringar", "Policyns hörnstenar".
DETERMINER = (
    r"(?:våra|vår|kommunens|regionens|stadens|strategins|policyns|programmets|planens|handlingsplanens|"
    r"riktlinjernas|de|det|den|dessa|följande|our|the|" + COUNT + r")"
)
#: A heading that opens a section of directions: a (counted, possessed) direction noun, an optional tail
#: ("för det internationella arbetet", "2024–2027", "och mål"). Weak nouns need a determiner or count,
#: except the few that never mean anything else as a heading of their own.
_SECTION_NOUN = (
    rf"(?:{STRONG})|(?<=\s)(?:{WEAK})|teman|perspektiv|hörnstenar(?:na)?|pelare|themes|pillars|cornerstones|"
    r"strategier|områden|område|arbetsformer|area|geografiska\s+(?:områden|prioriteringar)|"
    r"(?:våra|geografiska|tematiska)\s+prioriteringar"
)
#: A heading that says what is prioritised with a verb: "Det här prioriterar vi", "Så här satsar vi", "Vi fokuserar på".
_VERB_SECTION = (
    r"(?:(?:det\s+här|detta|så\s+här|här)\s+)?(?:prioriterar|satsar|fokuserar)\s+vi(?:\s+på)?"
    r"|vi\s+(?:prioriterar|satsar\s+på|fokuserar\s+på)|what\s+we\s+prioriti[sz]e"
)
DIRECTION_SECTION = re.compile(
    rf"^(?:{_VERB_SECTION})$|^(?:{DETERMINER}\s+){{0,3}}(?:strategi|(?:{_SECTION_NOUN})"
    r"(?:\s+(?:och|and)\s+(?:mål|målsättningar|strategier|insatser|aktiviteter|goals|objectives))?"
    r"(?:\s+(?:för|i|inom|under|for|in)\s+[\wåäö ,:-]{2,60}?)?)"
    r"(?:\s+\d{4}(?:\s*[–-]?\s*\d{2,4})?)?$",
    re.IGNORECASE,
)

_LABEL_NOUN = (
    rf"(?:{STRONG_PREFIX}|del|arbets|utvecklings|prioriterat\s+|strategiskt\s+|tematiskt\s+)?område|inriktning|"
    r"prioritering|perspektiv|tema|spår|ben|pelare|hörnsten|strategi|mål|delmål|insats|del|"
    r"focus\s+area|priority\s+area|priority|area|pillar|theme|strand|track|objective|goal|perspective"
)
_LABEL_NUMBER = r"(?:\d{1,2}(?![\d.,]\d)|[A-ZÅÄÖ](?![\wåäö])|[IVX]{1,4}(?![\wåäö]))"
#: "Fokusområde A – Demokrati", "Tema II: Kultur", "Område 2. Hälsa", "Prioritering 3 - Klimat", "Mål 4 – Unga".
LABEL = re.compile(
    rf"^(?i:{_LABEL_NOUN})\s+{_LABEL_NUMBER}\s*(?:[:.)–—-]\s*|(?<=[\dIVX])\s+(?=[A-ZÅÄÖ]))(?P<name>\S.*)$"
)
#: A label alone on its line ("Fokusområde 1"): the name is the heading that follows, if any.
BARE_LABEL = re.compile(rf"^(?i:{_LABEL_NOUN})\s+{_LABEL_NUMBER}\s*[:.]?$")

#: A document named before a counted noun: its owner, unless it is this document ("strategin", "policyn").
DOCUMENT = re.compile(
    r"(?:\b(?P<qualifier>regional|nationell|europeisk|eu:s|fn:s|regeringens|länets|landstingets)\w*\s+(?:[\wåäö]+\s+)?)?"
    r"\b(?P<noun>[\wåäö]*?(?:plan(?:en|er|erna)?|program(?:met|men)?|strategi(?:n|er|erna)?|policy(?:n)?|"
    r"agenda(?:n)?|vision(?:en)?|budget(?:en)?|riktlinje(?:n|r|rna)?))\b",
    re.IGNORECASE,
)
#: Documents that are never the strategy itself.
OTHER_GENRE = re.compile(r"(färdplan|vision|budget|agenda|översiktsplan|utvecklingsplan|utvecklingsstrategi)", re.I)
GENRE_NOUN = re.compile(r"(strategi|policy|program|handlingsplan|riktlinje|plan)", re.IGNORECASE)


@dataclass
class Announcement:
    """A phrase that announces directions: the noun, how many, and where the phrase ends in the text."""

    noun: str
    count: int | None
    strong: bool
    start: int  # offset of the noun phrase (the count if any) in the text given
    end: int  # offset just after the noun


def count_value(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def is_strong(noun: str) -> bool:
    return bool(STRONG_RE.fullmatch(" ".join(noun.split())))


def own_genre(title: str | None) -> str | None:
    """The genre word of the document's title ("strategi" for "Internationell strategi för …")."""
    m = GENRE_NOUN.search(title or "")
    return m.group(1).lower() if m else None


def about_other_document(before: str, genre: str | None = None) -> bool:
    """Whether the document named last before a counted noun is another one ("Den regionala planen har …")."""
    found = list(DOCUMENT.finditer(before))
    if not found:
        return False
    m = found[-1]
    noun = m.group("noun").lower()
    if m.group("qualifier") or OTHER_GENRE.search(noun):
        return True
    theirs = GENRE_NOUN.search(noun)
    if genre is None or theirs is None:
        return False
    # A plan named in a strategy or a policy is another document; "planen" in a handlingsplan is its own.
    return theirs.group(1) == "plan" and "plan" not in genre


def announcement(sentence: str, genre: str | None = None) -> Announcement | None:
    """The announcement in a sentence: a counted noun, a noun after "följande", or a strong plural noun.

    A count of one ("varav ett är …") and a noun owned by another document are no announcement of
    this document's directions.
    """
    for m in COUNTED.finditer(sentence):
        count = count_value(m.group("count"))
        if count and count >= 2 and not about_other_document(sentence[: m.start()], genre):
            noun = m.group("noun")
            return Announcement(noun, count, is_strong(noun), m.start(), m.end())
    for m in FOLLOWING.finditer(sentence):
        noun = m.group("noun")
        if PLURAL.search(noun) and not about_other_document(sentence[: m.start()], genre):
            return Announcement(noun, None, is_strong(noun), m.start(), m.end())
    for m in STRONG_RE.finditer(sentence):
        noun = m.group(0)
        if PLURAL.search(noun) and not about_other_document(sentence[: m.start()], genre):
            return Announcement(noun, None, True, m.start(), m.end())
    return None


def strip_label(text: str) -> tuple[str, int]:
    """A name without its label ("Fokusområde A – Demokrati" → "Demokrati"), and where the name starts."""
    m = LABEL.match(text)
    return (m.group("name"), m.start("name")) if m else (text, 0)
