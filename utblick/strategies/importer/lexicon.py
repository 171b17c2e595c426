"""A small Swedish lexicon of the municipal strategy genre (documented in docs/strategy-import.md).

Everything is lower case; matching normalises case and whitespace first.
"""

import re

from . import nouns

#: Words that make a heading-like line a document title.
GENRE_WORDS = ("strategi", "riktlinje", "policy", "program", "handlingsplan", "plan för", "strategy")

#: Section headings under which the sub-headings are the directions; the nouns that name, count and label
#: directions are described in `nouns.py`.
DIRECTION_SECTION = nouns.DIRECTION_SECTION

#: Section headings that end the directions (responsibility, follow-up, appendices ...).
END_OF_DIRECTIONS = re.compile(
    r"^(ansvar|ansvarsfördelning|roller|organisation|uppföljning|genomförande|riktlinjer|bilag|"
    r"beslut|referenser|kommunspecifik|styrande dokument|nätverk/)"
)

#: Swedish month names for "15 oktober 2013".
MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

#: Adopting bodies and their abbreviations, to the name used in the draft.
BODIES = {
    "kommunfullmäktige": "kommunfullmäktige",
    "kommunfullmäktiges": "kommunfullmäktige",
    "fullmäktige": "kommunfullmäktige",
    "kf": "kommunfullmäktige",
    "kommunstyrelsen": "kommunstyrelsen",
    "kommunstyrelsens": "kommunstyrelsen",
    "ks": "kommunstyrelsen",
    "regionfullmäktige": "regionfullmäktige",
    "regionfullmäktiges": "regionfullmäktige",
    "rf": "regionfullmäktige",
    "regionstyrelsen": "regionstyrelsen",
    "regionstyrelsens": "regionstyrelsen",
    "rs": "regionstyrelsen",
    "landstingsfullmäktige": "landstingsfullmäktige",
    "landstingsstyrelsen": "landstingsstyrelsen",
    "kommunstyrelserna": "kommunstyrelserna",
    "kommunfullmäktige i respektive kommun": "kommunfullmäktige",
    "municipal council": "kommunfullmäktige",
    "city council": "kommunfullmäktige",
    "municipal executive board": "kommunstyrelsen",
    "municipal executive committee": "kommunstyrelsen",
    "city executive board": "kommunstyrelsen",
    "regional council": "regionfullmäktige",
    "regional assembly": "regionfullmäktige",
    "regional executive board": "regionstyrelsen",
    "regional executive committee": "regionstyrelsen",
}

#: A body as the text writes it: full names, a committee ("kultur- och fritidsnämnden"), English names.
BODY_PATTERN = (
    r"(?:kommunfullm[äa]ktige|kommunstyrelsen|regionfullm[äa]ktige|regionstyrelsen|landstingsfullm[äa]ktige|"
    r"landstingsstyrelsen|kommunstyrelserna|fullm[äa]ktige|(?:[\wåäö]+-\s(?:och|eller)\s)?[\wåäö]*nämnden|"
    r"(?:the\s+)?(?:municipal|city|regional)\s+(?:council|assembly|executive\s+(?:board|committee)))"
)

#: Verbs of adoption in passive/participle form ("antogs av", "antagen av", "fastställd av").
ADOPTION_VERBS = (
    r"(?:antogs|antagen|antagna|antagits|antaget|fastställdes|fastställd|fastställt|fastställts|beslutades|beslutad|"
    r"beslutat|beslutats|godkändes|godkänd|godkänt|klubbades|röstades\s+igenom|adopted|approved)"
)

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
#: Text recognition reads a bullet as «, », ¢ or ©.
BULLET = re.compile(r"^(?:[•·▪■◦○●◾▸►➢✓❖]|[\ue000-\uf8ff]|[-–*«»¢©](?=\s))\s*")

#: Page furniture: page numbers, "Sida 3 av 7", revision stamps, and what web pages put around their text.
PAGE_FURNITURE = re.compile(
    r"^(\d{1,3}|sida:? \d+( av \d+)?|\d+ ?\(\d+\)|-\s*\d+\s*-|"
    r"senast (ändrad|uppdaterad|publicerad|granskad)( den)?:?( \d{1,2} \w+ \d{4}| \d{4}-\d\d-\d\d)?[\d:. ]*|"
    r"(sidan )?(publicerad|uppdaterad|ändrad)( den)?:? [\d\-: .]+|sidansvarig:?.*|"
    r"dela( sidan)?( på \w+)?|skriv ut( sidan)?|tipsa( en vän)?|lyssna|läs upp|till toppen|hoppa till (huvud)?innehållet|"
    r"meny|sök|stäng|logga in|translate|other languages|cookies?|kakor|om webbplatsen|tillgänglighetsredogörelse|"
    r"share|print|last updated:?.*|"
    r".*\((pdf|docx?)\)\s*(pdf|docx?)?,? \d+ ?[km]b.*|.*öppnas i (ett )?nytt fönster\.?)$",
    re.IGNORECASE,
)

#: Section headings of every kind of document (they never name a direction); "Redovisning" ends a group
#: of directions in a table of contents, "Syfte" is not an area of work.
GENERIC_HEADING = re.compile(
    r"^(\d+(\.\d+)*\.?\s+)?(innehåll(sförteckning)?|inledning|bakgrund|sammanfattning|syfte|syftet|syfte och mål|mål|"
    r"målet|mål och syfte|vision|vision och mål|delmål|övergripande mål|allmänt|omfattning|avgränsning|definitioner|"
    r"begrepp|ansvar|ansvarsfördelning|roller och ansvar|organisation|uppföljning|uppföljning och utvärdering|"
    r"redovisning|rapportering|genomförande|finansiering|budget|nuläge|utgångspunkter?|målgrupper|beslutsnivåer|"
    r"bilagor?|bilaga \d+|referenser|källor|kontakt|styrande dokument|giltighet|revidering|om strategin|om policyn|"
    r"varför internationellt arbete\??|introduction|background|summary|purpose|aim|follow-up|responsibilities|"
    r"contents)$",
    re.IGNORECASE,
)

#: Words after a line-end hyphen that mean the hyphen is a real one ("teknik- och kunskapsöverföring").
CONJUNCTIONS = {"och", "eller", "samt", "respektive"}
