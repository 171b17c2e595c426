"""Adoption facts: who adopted the document, when, and what it replaces.

Documents write them every which way: "Antagen av kommunfullmäktige 20 maj 2008, § 61", "Beslutad av
kommunfullmäktige 15 maj 2013", "Programmet antaget av kommunfullmäktige", "Antagen av kf",
"KF 2008-05-20 § 61", "Fastställd av: Regionfullmäktige", "I maj 2021 antog kommunfullmäktige en …",
"Kommunfullmäktige har antagit en policy …", "Adopted by the Municipal Council on 14 June 2022". Forms
nearer the top are trusted first; an adoption inside an "ersätter …" clause, or of the document the
text says is replaced, belongs to an older document.
"""

from __future__ import annotations

import datetime
import re

from . import lexicon
from .elements import Draft, Fact

MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_NAMES = "|".join([*lexicon.MONTHS, *MONTHS_EN])
DATE_WORDS = r"(\d{1,2})\s+(" + MONTH_NAMES + r")\s+(\d{4})"
DATE_ISO = r"(\d{4})-(\d{2})-(\d{2})"
#: Every date form, as one group: "20 maj 2008", "2008-05-20", "20/5 2008", "20.5.2008", "June 14, 2022".
DATE = (
    r"(?P<date>\d{1,2}\s+(?:" + MONTH_NAMES + r")\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}[ -]\d{4}|"
    r"\d{1,2}\.\d{1,2}\.\d{4}|(?:" + "|".join(MONTHS_EN) + r")\s+\d{1,2},?\s+\d{4})"
)
BODY = r"(?P<body>" + lexicon.BODY_PATTERN + r"|kf|ks|rf|rs)"
SHORT_BODY = r"(?P<body>KF|KS|RF|RS|Kf|Ks)"

# Ordered by trust: stated facts of the document itself first, narratives last.
#: "antagen av kommunfullmäktige den …", with up to four words before "av" ("antogs enhälligt av", "antogs
#: den 4 juni 2024 av"), and "Beslutet att anta strategin fattades av …".
PASSIVE = re.compile(
    r"(?:" + lexicon.ADOPTION_VERBS + r"|\bbeslut(?:et)?\s+(?:att\s+anta|om)\b[^.\n]{0,80}?\bfattades)"
    r"(?P<pre>(?:\s+(?!av\b|by\b)[\wåäö§,-]+){0,4}?)\s+(?:av|i|by)\s+" + BODY + r"(?![\wåäö])"
    r"(?:[\s,]+(?:(?:den|on|the)\s+)?" + DATE + r")?",
    re.IGNORECASE,
)
LABELLED = re.compile(
    r"\b(?:fastställ(?:d|t|are)(?:\s+av)?|beslutad(?:\s+av)?|beslutsinstans|beslutande|antagen(?:\s+av)?|"
    r"antaget(?:\s+av)?|beslutsfattare|adopted by)\s*:\s*" + BODY + r"(?![\wåäö])(?:[\s,]+(?:den\s+)?" + DATE + r")?",
    re.IGNORECASE,
)
SHORT = re.compile(
    r"\b" + SHORT_BODY + r"\s+(?:§\s*\d+[,\s]+)?(?P<date>\d{4}-\d{2}-\d{2}|\d{8})(?:[,\s]*§\s*\d+)?",
)
#: The active verbs of adoption, with the news' words for it ("klubbade", "sa ja till", "gav klartecken till").
ACTIVE_VERB = (
    r"(?:antog|antagit|fastställde|fastställt|beslutade|beslutat|godkände|godkänt|klubbade|klubbat|"
    r"(?:sa|sade)\s+ja\s+till|röstade\s+(?:igenom|ja\s+till|för)|(?:klartecken|grönt\s+ljus)\s+till|adopted|approved)"
)
#: "Kommunfullmäktige antog den …", "Kommunfullmäktige har den 13 juni 2022 antagit …", "Kommunfullmäktige antog
#: vid sitt sammanträde den … en ny strategi", "… strategin, som fullmäktige fastställde 2020-02-17, …": a body,
#: up to six words (a date, a meeting), the verb, and what follows it in the sentence.
ACTIVE = re.compile(
    r"(?P<relative>\b(?:som|which|that)\s+(?:the\s+)?)?(?<![\wåäö])"
    + BODY
    + r"(?![\wåäö])(?:\s+(?:har|hade|has|have))?"
    r"(?P<before>(?:\s+(?!" + ACTIVE_VERB + r"\b)[\wåäö§:,–-]+){0,6}?)\s+" + ACTIVE_VERB + r"\b"
    r"(?P<object>[^.\n]{0,160})",
    re.IGNORECASE,
)
DATE_RE = re.compile(r"(?:\b(?:den|on|the)\s+)?" + DATE, re.IGNORECASE)
#: What is left of a sentence that ends with the adoption ("…, § 112", "(§ 40)").
#: The document a relative clause of adoption is about, right before its "som" ("Strategin, som …").
ANTECEDENT = re.compile(
    r"(?:[\wåäö-]+\s+){0,3}(?:strategi|policy|program|riktlinje|handlingsplan|plan|strategy)[\wåäö]*[\s,]*$", re.I
)
NOTHING_MORE = re.compile(r"^[\s,;:()§\d]*$")
INVERTED = re.compile(
    r"(?:\b(?:i|in|den|on)\s+)?(?:" + DATE + r"|(?P<month>(?:" + MONTH_NAMES + r")\s+\d{4})|\d{4})\s+"
    r"(?:antog|fastställde|beslutade|har)\s+" + BODY + r"(?:\s+antagit)?(?P<object>[^.\n]{0,160})",
    re.IGNORECASE,
)
#: The verb before the body after an adverbial ("På tisdagens sammanträde antog kommunfullmäktige den nya …",
#: "Efter debatten sa regionfullmäktige ja till strategin").
VERB_FIRST = re.compile(
    r"(?<![\wåäö])(?:antog|fastställde|godkände|klubbade|(?P<said>sa|sade))\s+"
    + BODY
    + r"(?![\wåäö])(?(said)\s+ja\s+till)"
    r"(?P<relative>(?!))?(?P<before>)"
    r"(?P<object>[^.\n]{0,160})",
    re.IGNORECASE,
)
#: A body that proposes the adoption to another does not adopt ("… att föreslå kommunfullmäktige att anta").
PROPOSES = re.compile(r"\b(?:föreslå\w*|föreslog|rekommender\w*|proposed?|recommend\w*)\b", re.IGNORECASE)
REPLACES = re.compile(r"\bersätter\s+((?:den|det|tidigare)\s+[^.]{3,200}?)(?=\.|\n|$)", re.IGNORECASE)
CURRENT = re.compile(r"nu gällande (?:strategin|styrdokumentet|policyn)\s+(.{5,200}?),\s+antag\w*\s+(\d{4})")
#: The adopted object names this document, not an older one.
OWN_DOCUMENT = re.compile(
    r"^\s*(?:(?:en|ett|den|det|denna|detta|nya?|reviderade?|a|an|the|new)\s+)*[\wåäö\s,-]{0,40}?"
    r"(strategi|policy|program|riktlinje|handlingsplan|plan|strategy)",
    re.IGNORECASE,
)


def iso_from_words(day: str, month: str, year: str) -> str | None:
    months = {**lexicon.MONTHS, **MONTHS_EN}
    try:
        return datetime.date(int(year), months[month.lower()], int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def iso_from_iso(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def iso_date(text: str | None) -> str | None:
    """Any of the forms of `DATE` (or "20080520") as ISO, or None when it is not a real date."""
    if not text:
        return None
    text = " ".join(text.split())
    if m := re.fullmatch(DATE_WORDS, text, re.IGNORECASE):
        return iso_from_words(*m.groups())
    if m := re.fullmatch(r"(" + "|".join(MONTHS_EN) + r") (\d{1,2}),? (\d{4})", text, re.IGNORECASE):
        return iso_from_words(m.group(2), m.group(1), m.group(3))
    if m := re.fullmatch(DATE_ISO, text):
        return iso_from_iso(*m.groups())
    if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text):
        return iso_from_iso(*m.groups())
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[ .-](\d{4})", text):
        return iso_from_iso(m.group(3), m.group(2), m.group(1))
    return None


def body_name(text: str) -> str:
    key = " ".join(text.lower().split())
    key = re.sub(r"^the ", "", key).replace("fullmaktige", "fullmäktige")  # text recognition drops dots
    return lexicon.BODIES.get(key, key)


def in_replaced_clause(text: str, start: int) -> bool:
    """Whether an adoption at `start` is told inside "ersätter …" or "tidigare …": an older document's."""
    sentence = re.split(r"[.!?]\s", text[max(0, start - 200) : start])[-1]
    return bool(re.search(r"(ersätter|ersatte|tidigare|föregående|replaces)", sentence, re.IGNORECASE))


def about_replaced(obj: str, replaced: Fact | None) -> bool:
    """Whether the object of "KF antog 2008 X" is the document this one replaces (or not a document at all)."""
    obj = obj.strip(' ,:”"')
    if re.search(r"\b(revider\w*|ersätt\w*|upphäv\w*|tidigare|ses över|replaced|revised)\b", obj, re.IGNORECASE):
        return True  # "… antog 2009 X, som nu ska revideras": the document being replaced
    if replaced is not None:
        words = {w for w in re.findall(r"[\wåäö]{4,}", obj.lower())}
        theirs = {w for w in re.findall(r"[\wåäö]{4,}", replaced.value.lower())}
        if words and len(words & theirs) >= min(3, len(words)):
            return True
    return not OWN_DOCUMENT.search(obj) and not obj.startswith(("”", '"', "“"))


def set_adoption(draft: Draft, m: re.Match[str]) -> None:
    draft.adopted_by = Fact(body_name(m.group("body")), (m.start("body"), m.end("body")))
    date = m.groupdict().get("date")
    iso = iso_date(date)
    draft.adopted_on = Fact(iso, (m.start("date"), m.end("date"))) if iso else None
    before = DATE_RE.search(m.group("pre") or "") if draft.adopted_on is None and "pre" in m.groupdict() else None
    if before is not None and (iso := iso_date(before.group("date"))):  # "antogs den 4 juni 2024 av …"
        offset = m.start("pre")
        draft.adopted_on = Fact(iso, (offset + before.start("date"), offset + before.end("date")))


def find_replaces(draft: Draft) -> None:
    text = draft.text
    if m := REPLACES.search(text):
        value = re.sub(
            r"(?:den\s+)?" + DATE_WORDS,
            lambda d: iso_from_words(d.group(1), d.group(2), d.group(3)) or d.group(0),
            m.group(1).strip(),
            flags=re.IGNORECASE,
        )
        draft.replaces = Fact(value, (m.start(1), m.end(1)))
    elif m := CURRENT.search(text):
        draft.replaces = Fact(f"{m.group(1)} ({m.group(2)})", (m.start(1), m.end(2)))


def find_adoption(draft: Draft) -> None:
    text = draft.text
    find_replaces(draft)
    for pattern in (LABELLED, PASSIVE, SHORT):
        for m in pattern.finditer(text):
            if pattern is PASSIVE and in_replaced_clause(text, m.start()):
                continue
            set_adoption(draft, m)
            return
    for m in ACTIVE.finditer(text):
        if in_replaced_clause(text, m.start()):
            continue
        if (found := active_adoption(text, m, draft.replaces)) is not None:
            draft.adopted_by, draft.adopted_on = found
            return
    for m in INVERTED.finditer(text):
        if in_replaced_clause(text, m.start()) or about_replaced(m.group("object"), draft.replaces):
            continue
        set_adoption(draft, m)
        return
    for m in VERB_FIRST.finditer(text):
        if in_replaced_clause(text, m.start()):
            continue
        if (found := active_adoption(text, m, draft.replaces)) is not None:
            draft.adopted_by, draft.adopted_on = found
            return


def active_adoption(text: str, m: re.Match[str], replaced: Fact | None) -> tuple[Fact, Fact | None] | None:
    """The body and date of an adoption told in the active voice, if what it adopted is this document.

    The date stands before the verb ("har den 13 juni 2022 antagit") or a few words after it ("antog
    strategin den …", "antog vid sitt sammanträde den …"). What was adopted is named before or after the
    date, or — in a relative clause ("strategin, som fullmäktige fastställde …") — the words before
    "som". A sentence that ends with the date adopted nothing else: this document.
    """
    if PROPOSES.search(m.group("before") + m.group("object")):
        return None  # "beslutade … att föreslå kommunfullmäktige att anta strategin": a proposal
    body = Fact(body_name(m.group("body")), (m.start("body"), m.end("body")))
    date: re.Match[str] | None = None
    offset = 0
    pieces = [m.group("before") + m.group("object")]  # "antog strategin …", "antog i juni 2020 en ny policy"
    if found := DATE_RE.search(m.group("before")):
        date, offset = found, m.start("before")
        pieces = [m.group("object")]
    elif (found := DATE_RE.search(m.group("object"))) and len(m.group("object")[: found.start()].split()) <= 6:
        # "antog strategin den …", "antog vid sitt sammanträde den … en ny strategi"
        date, offset = found, m.start("object")
        pieces = [m.group("object")[found.end() :], m.group("object")[: found.start()]]
    if m.group("relative"):
        sentence = re.split(r"[.!?]\s|\n", text[max(0, m.start() - 200) : m.start()])[-1]
        antecedent = ANTECEDENT.search(sentence)
        if antecedent is None or about_replaced(antecedent.group(0), replaced):
            return None
    elif not (date is not None and NOTHING_MORE.match("".join(pieces))) and all(
        not piece.strip() or about_replaced(piece, replaced) for piece in pieces
    ):
        return None
    on = None
    if date is not None and (iso := iso_date(date.group("date"))):
        on = Fact(iso, (offset + date.start("date"), offset + date.end("date")))
    return body, on
