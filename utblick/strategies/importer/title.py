"""The document's title and the organisation it names.

A title is a phrase with a genre word (strategi, policy, program, riktlinjer …) at the start of a block
or after a clause, never with its letterhead: page numbers, case numbers ("Ks 848/2011", "Dnr: …"),
dates, adoption clauses and addresses are cut away, and it ends where the organisation's name ends
("… för Karlshamns kommun 1 (13) Karlshamns kommun Kommunledningsförvaltningen …"). The first
candidate wins, except that a later one with the same words and a preposition more ("Internationell
policy Örebro kommun" on the cover, "Internationell policy för Örebro kommun" inside) is the typeset
title, and a bare "Internationell policy" gives way to one that names the organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .elements import Draft, Fact
from .repair import Block

GENRE = re.compile(
    r"\b(strategi|strategier|policy|program|riktlinj\w*|handlingsplan|plan för|strategy|policies)\b", re.I
)
#: Where a flattened first page puts more than one thing in a line.
SEPARATORS = re.compile(
    r"\s*(?:\.{2,}\s*\d*|[.:;?!](?=\s|$)|\s,\s|,\s(?=[A-ZÅÄÖ])|\s[-–]\s(?=[A-ZÅÄÖ][a-zåäö]+\s[a-zåäö]))\s*"
)
#: Letterhead and case numbers at the start of a piece.
LEADING_JUNK = re.compile(
    r"^(?:\([^)]*\)\s*|(?:dnr|diarienr|diarienummer|ärende)[:.]?\s*\S+\s*|(?:ks|kf|rs|rf|ksau)\s*\d+[/-]\d+(?:[-:]\d+)?\s*|"
    r"\d{4}-\d{2}-\d{2}\s*|\d+([/-]\d+)*\s+|(?-i:[a-zåäö]+\s+(?=[A-ZÅÄÖ]))|"
    # Letterhead: the organisation and its office before the title ("Tallby kommun Kommunledningskontoret …").
    r"(?-i:[A-ZÅÄÖ][\wåäö-]+\s+(?:kommun|stad|Kommun|Stad)\s+(?=[A-ZÅÄÖ]))|(?-i:Region\s+[A-ZÅÄÖ][\wåäö-]+\s+(?=[A-ZÅÄÖ]))|"
    r"(?-i:[A-ZÅÄÖ][\wåäö-]*(?:kontoret|förvaltningen|staben|enheten|avdelningen|sekretariatet)\s+))+",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    r"(?:[A-ZÅÄÖ][\wåäö-]+s?\s+och\s+[A-ZÅÄÖ][\wåäö-]+s?\s+kommuner|Region\s+[A-ZÅÄÖ][\wåäö-]+|"
    r"[A-ZÅÄÖ][\wåäö-]+(?:\s+[A-ZÅÄÖ][\wåäö-]+)?\s+(?:kommun|Kommun|stad|Stad|kommuns|Kommuns|stads|Stads|läns landsting)|"
    r"(?:the\s+)?(?:[Mm]unicipality|[Cc]ity|[Rr]egion)\s+of\s+[A-ZÅÄÖ][\wåäö-]+|[A-ZÅÄÖ][\wåäö-]+\s+[Mm]unicipality)"
    r"(?![\wåäö])"
)
#: Where a title ends at the latest: an adoption clause, a body's name, case numbers, letterhead words.
TITLE_END = re.compile(
    r"\s(?:antagen|antaget|antagna|beslutad|beslutat|fastställd|fastställt|reviderad|gäller|dnr|diarienummer|datum|"
    r"kommunfullmäktige|kommunstyrelsen|regionfullmäktige|regionstyrelsen|handläggare|sida|adopted|approved|kf|ks)\b.*$",
    re.IGNORECASE,
)
#: Words that a title does not start with, and finite verbs a title does not have.
NOT_FIRST = {
    "det", "den", "de", "detta", "denna", "dessa", "i", "vi", "som", "en", "ett", "om", "med", "för", "till", "av",
    "på", "enligt", "genom", "när", "där", "kommunen", "staden", "regionen", "the", "this", "it", "in", "our", "we",
}  # fmt: skip
FINITE = re.compile(
    r"\b(ska|skall|är|har|kan|bör|måste|får|blir|kommer|finns|gäller|anger|innebär|föreslår|föreslås|antogs|antog|"
    r"presenteras|beskriver|syftar|tar|ger|att|is|are|was|has|will|sets|\w+ades|\w+erades|vi|där|som|när)\b",
    re.IGNORECASE,
)
GENERIC_WORDS = {
    "internationell", "internationella", "internationellt", "international", "policy", "strategi", "program",
    "programmet", "riktlinjer", "riktlinje", "strategy", "eu-strategi", "handlingsplan", "och", "för", "arbete",
}  # fmt: skip
ENGLISH = {"international", "policy", "strategy", "programme", "program", "for", "the", "of", "municipality", "city"}
SWEDISH_ONLY = {"internationell", "internationella", "internationellt", "strategi", "riktlinjer", "för", "kommuns"}
ENGLISH_ONLY = {"international", "strategy", "programme", "for", "the", "of", "municipality", "city"}
CONNECTORS = {"för", "i", "och", "med", "the", "for", "of", "in", "-", "–"}


@dataclass
class Candidate:
    text: str
    start: int
    block: int
    hinted: bool = False


def written_forms(text: str) -> dict[str, str]:
    """How the document writes its words when it does not shout: "EU", "Gotland", "Björkviks".

    Only forms that are not the first word of a sentence or line count, and only where the text is not
    itself in capitals: a word written "Gotland" mid-sentence is a name, "EU" an acronym.
    """
    forms: dict[str, str] = {}
    for m in re.finditer(r"(?<=[\wåäö,;:)] )([A-ZÅÄÖ][\wåäöÅÄÖ]*)", text):
        word = m.group(1)
        line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end()) % (len(text) + 1)]
        if line.isupper():
            continue
        forms.setdefault(word.lower(), word)
    return forms


def restored_word(word: str, forms: dict[str, str], first: bool, proper: bool) -> str:
    parts = word.split("-")
    out = []
    for index, part in enumerate(parts):
        lower = part.lower()
        known = forms.get(lower) or forms.get(re.sub(r"(:?s)$", "", lower), "")
        if (known.isupper() and len(known) > 1) or (len(parts) > 1 and index < len(parts) - 1 and len(part) <= 2):
            out.append(part.upper())  # an acronym: "EU-strategi", "FN:s"
        elif (known and known[0].isupper()) or (index == 0 and (first or proper)):
            out.append(lower.capitalize())
        else:
            out.append(lower)
    return "-".join(out)


def sentence_case(title: str, text: str = "") -> str:
    """An ALL-CAPS title in the case a reader writes it: "Nacka kommuns internationella policy".

    The first word and the name before "kommun"/"stad", or after "Region", are capitalised; every other
    word as the document writes it elsewhere ("EU-strategi för Region Gotland", "… arbete i Lund").
    """
    if not (title.isupper() and len(title) > 8):
        return title
    forms = written_forms(text)
    words = title.lower().split()
    out: list[str] = []
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        region = word == "region" and bool(after) and after[:1].isalpha() and after not in ("och", "för", "i")
        proper = bool(re.match(r"^(kommuns?|stads?|kommuner)$", after)) or region or out[-1:] == ["Region"]
        out.append(restored_word(word, forms, index == 0, proper))
    return " ".join(out)


def clean_piece(text: str) -> tuple[str, int]:
    """The title inside a piece of text, and how many characters were cut from its start."""
    m = LEADING_JUNK.match(text)
    skip = m.end() if m else 0
    text = text[skip:]
    genre = GENRE.search(text)
    if genre is None:
        return "", skip
    text = TITLE_END.sub("", text)
    for org in ORGANISATION.finditer(text):
        genitive = org.group(0).endswith(("kommuns", "Kommuns", "stads", "Stads")) or (
            org.group(0).startswith("Region") and org.group(0).endswith("s") and text[org.end() :].strip()[:1].islower()
        )  # "… för Region Älvmarks internationella arbete"
        if org.start() >= genre.start() and not genitive:
            years = re.match(r"\s+\d{4}(?:\s*[–-]\s*\d{2,4})?(?!\S)", text[org.end() :])  # "… kommun 2020–2024"
            text = text[: org.end() + (years.end() if years else 0)]
            break
    text = re.sub(r"(?<=[a-zåäö])\d$", "", text)  # a footnote mark glued to the last word
    text = re.sub(r"(\s+\d{1,3}(/\d{1,3})?|[\s,–-]+)+$", "", text)
    words = text.split()
    if len(words) >= 2 and words[0].isupper() and words[1].isupper():  # an ALL-CAPS title ends with its capitals
        capitals = [w for w in words if w.isupper() or not w[:1].isalpha()]
        shouting = [w.isupper() or not re.search(r"[a-zåäö]", w) for w in words]  # years belong to the title
        words = words[: next((i for i, loud in enumerate(shouting) if not loud), len(words))] or capitals
    # A Swedish title followed by its English translation ("INTERNATIONELL POLICY INTERNATIONAL POLICY").
    for cut in range(1, len(words)):
        if (
            words[cut].lower() in ENGLISH_ONLY
            and all(w.lower() in ENGLISH for w in words[cut:])
            and any(w.lower() in SWEDISH_ONLY for w in words[:cut])
        ):
            words = words[:cut]
            break
    half = len(words) // 2
    if len(words) % 2 == 0 and half and [w.lower() for w in words[:half]] == [w.lower() for w in words[half:]]:
        words = words[:half]
    return " ".join(words), skip


def is_title(text: str, hinted: bool) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 20
        and bool(GENRE.search(text))
        and text[0].isupper()
        and words[0].lower() not in NOT_FIRST
        and not FINITE.search(text)
        and (hinted or len(words) <= 16)
    )


def candidates(blocks: list[Block]) -> list[Candidate]:
    out: list[Candidate] = []
    for index, block in enumerate(blocks):
        if block.kind not in ("heading", "para") or (block.kind == "para" and index >= 8):
            continue
        if block.kind == "heading" and block.text.count(" ") < 25:
            pieces = [(block.text, 0)]
        else:
            pieces, position = [], 0
            head = block.text[:400]
            for m in SEPARATORS.finditer(head):
                pieces.append((head[position : m.start()], position))
                position = m.end()
            pieces.append((head[position:], position))
        for piece, offset in pieces:
            title, skip = clean_piece(piece)
            if title and is_title(title, block.hinted):
                start = block.start + offset + skip + piece[skip:].find(title)
                out.append(Candidate(title, start, index, block.hinted and block.level in (0, 1)))
                break
    return out


def generic(title: str) -> bool:
    """A bare "Internationell policy": a cover's word, which a title naming the organisation beats."""
    return len(title.split()) <= 2 and all(w.lower() in GENERIC_WORDS for w in title.split())


def same_words_and_more(first: str, later: str) -> bool:
    a, b = first.lower().split(), later.lower().split()
    return len(b) > len(a) and [w for w in b if w not in CONNECTORS] == [w for w in a if w not in CONNECTORS]


def choose(found: list[Candidate], blocks: list[Block]) -> Candidate | None:
    if not found:
        return None
    hinted = [c for c in found if c.hinted and c.block < 15]
    early = [c for c in found if c.block < 15] or found
    best = hinted[0] if hinted else early[0]
    for later in early[early.index(best) + 1 :]:
        if same_words_and_more(best.text, later.text) or (
            generic(best.text) and not generic(later.text) and ORGANISATION.search(sentence_case(later.text))
        ):
            best = later
    if generic(best.text) or len(best.text.split()) < 2:
        better = [c for c in early if not generic(c.text) and len(c.text.split()) >= 3]
        best = better[0] if better else best
    return best


def find_title(draft: Draft, blocks: list[Block]) -> None:
    chosen = choose(candidates(blocks), blocks)
    if chosen is not None:
        draft.title = Fact(sentence_case(chosen.text, draft.text), (chosen.start, chosen.start + len(chosen.text)))
    source = draft.title.value if draft.title else draft.text[:2000]
    offset = draft.title.span[0] if draft.title and draft.title.span else 0
    organisation = re.compile(
        r"([A-ZÅÄÖ]\w+(?:s)? och [A-ZÅÄÖ]\w+ kommuner|[A-ZÅÄÖ]\w+ [Kk]ommuns?|[A-ZÅÄÖ]\w+ [Ss]tads?|Region [A-ZÅÄÖ]\w+)"
    )
    if m := organisation.search(source):
        value = re.sub(r"(kommun|stad|Kommun|Stad)s$", r"\1", m.group(1))
        draft.organisation = Fact(value, (offset + m.start(), offset + m.end()))
