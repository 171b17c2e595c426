"""Names in running text: enumerations in a sentence, flattened lists, runs of labels, a text cut off.

`split_enumeration("verksamhetsutveckling, näringslivsutveckling och omvärldsbevakning")` gives three
items with their offsets. A comma stays inside an item when what follows only qualifies it ("medverkan
i internationella projekt, ofta inom ramen för EU-program"); "samt" is the last separator when the
text has it, so "och" inside an item ("Utbildning och ungdomar") is kept; an announced number ("tre
prioriterade områden") settles whether the last "och" separates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

Item = tuple[str, int, int]  # text, start, end (offsets into the text the caller gave, plus its offset)

#: Words that continue the previous item after a comma instead of starting a new one.
QUALIFIERS = re.compile(
    r"^(ofta|främst|särskilt|bland annat|bl\.? ?a\.?|t\.? ?ex\.?|exempelvis|till exempel|framför allt|inte minst|"
    r"i synnerhet|både|såsom|som|vilket|vilka|där|dvs\.?|det vill säga|inom ramen|men|även|också|"
    r"especially|mainly|often|such as|including|which|where)\b",
    re.IGNORECASE,
)
#: Units of an organisation and letterhead words: a label naming one is not an area of work.
ORGANISATIONAL = re.compile(
    r"(grupp|nämnd|styrelse|förvaltning|kontor|enhet|avdelning|kommun|stad\b|region|råd\b|tel\b|telefon|e-post|"
    r"hemsida|box\b|gatan|vägen|postadress|rådhus|sekretariat|\d)",
    re.IGNORECASE,
)

#: Titles, adoption clauses and bracketed remarks: a figure's labels are none of these.
NOT_A_LABEL = re.compile(r"(strategi|policy|program|riktlinj|plan\b|antag|beslut|fastställ|[()\[\]§])", re.IGNORECASE)


@dataclass
class Sentence:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def sentences(text: str, start: int = 0) -> Iterator[Sentence]:
    """Sentences with their offsets; a full stop only ends one before a space and a capital (not "bl.a. en")."""
    position = 0
    for m in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ•\"”“])|\n", text):
        piece = text[position : m.end()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield Sentence(piece.strip(), start + position + lead)
        position = m.end()
    piece = text[position:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        yield Sentence(piece.strip(), start + position + lead)


def announced_count(text: str) -> int | None:
    """The number a lead-in announces: "fem prioriterade områden" → 5, "varav ett" → None (see `nouns`)."""
    from .nouns import COUNTED, count_value

    m = COUNTED.search(text)
    return count_value(m.group("count")) if m else None


def _trim(text: str, start: int) -> Item | None:
    lead = len(text) - len(text.lstrip(" ,;:–-"))
    body = text.strip(" ,;:–-")
    body = re.sub(r"^(och|samt|and|eller|or)\s+", "", body, flags=re.IGNORECASE)
    lead = lead + (len(text.strip(" ,;:–-")) - len(body))
    body = re.sub(r"[\s.;,:]+$", "", body)
    if not body or not re.search(r"[A-Za-zÅÄÖåäö]", body):
        return None
    return body, start + lead, start + lead + len(body)


def split_enumeration(text: str, start: int = 0, count: int | None = None) -> list[Item]:
    """Items of "X, Y och Z" (or "X; Y; Z") with offsets; `count` is the number the text announced, if any."""
    text = re.sub(r"[.!?]\s*$", "", text)
    if count == 1:
        item = _trim(text, start)
        return [item] if item else []
    separator = r";\s*" if ";" in text else r",\s+"
    parts: list[tuple[str, int]] = []
    position = 0
    for m in re.finditer(separator, text):
        parts.append((text[position : m.start()], position))
        position = m.end()
    parts.append((text[position:], position))
    # A qualifier after a comma belongs to the item before it.
    merged: list[tuple[str, int]] = []
    for part, offset in parts:
        if merged and QUALIFIERS.match(part.strip()):
            _previous, previous_offset = merged[-1]
            merged[-1] = (text[previous_offset : offset + len(part)], previous_offset)
        else:
            merged.append((part, offset))
    # The last separator is "samt" when there is one, else "och"/"and" — unless the count says otherwise.
    last, last_offset = merged[-1]
    if len(merged) > 1 and re.match(r"\s*(och|samt|and)\s", last):
        # "X, Y, and Z": the conjunction after the comma was the last separator.
        return [item for part, offset in merged if (item := _trim(part, start + offset))]
    conjunctions = list(re.finditer(r"\s(och|and|&)\s", last))
    final = re.search(r"\s(samt|as well as)\s", last) or (conjunctions[-1] if conjunctions else None)
    if final is not None and (count is None or len(merged) < count):
        merged[-1:] = [(last[: final.start()], last_offset), (last[final.end() :], last_offset + final.end())]
    items = [item for part, offset in merged if (item := _trim(part, start + offset))]
    return items


def split_capitalised(text: str, start: int = 0) -> list[Item]:
    """A list flattened into a line: "Attraktiva livsmiljöer Livslångt lärande Hållbar tillväxt".

    A new item starts at a capitalised word, unless the word before is "och", "/", "&" or a
    preposition (then the capital is a name inside the item). ALL-CAPS words are layout labels and
    separate items without being one.
    """
    items: list[Item] = []
    current: list[re.Match[str]] = []

    def flush() -> None:
        if current:
            piece = text[current[0].start() : current[-1].end()]
            if item := _trim(piece, start + current[0].start()):
                items.append(item)
            current.clear()

    for m in re.finditer(r"\S+", text):
        word = m.group(0)
        letters = re.sub(r"[^\wåäöÅÄÖ]", "", word)
        if letters.isupper() and len(letters) >= 2 and not re.match(r"^[A-ZÅÄÖ]{2,4}s?$", letters):
            flush()
            continue
        before = current[-1].group(0).lower() if current else ""
        if word[:1].isupper() and current and before not in {"och", "/", "&", "i", "med", "för", "inom", "mot", "and"}:
            flush()
        current.append(m)
    flush()
    return items


def label_run(text: str, start: int = 0) -> list[Item]:
    """Names that a figure left in the text: capitalised short labels with no sentence between them.

    Only the text after the last sentence is looked at, and only when it is no sentence itself (ends with no
    full stop, separates nothing with commas). Labels naming a unit of the organisation or
    letterhead are left out, repeated ones kept once; fewer than four area-like labels, or a run that is
    mostly something else, is not a list of areas.
    """
    cut = max((m.end() for m in re.finditer(r"[.!?:;](?=\s|$)", text)), default=0)
    tail = text[cut:]
    if re.search(r"\w,\s", tail):
        return []  # names a sentence enumerates ("tre nätverk: Eurocities, Energy Cities och …"), not a figure's
    labels = split_capitalised(tail, start + cut)
    if len(labels) < 4:
        return []
    kept: list[Item] = []
    seen: set[str] = set()
    for label in labels:
        name = label[0]
        key = name.lower()
        if name.isupper() or key in seen:
            continue
        seen.add(key)
        if any(set(key.split()) <= set(earlier[0].lower().split()) for earlier in kept):
            continue  # "Verksamhetsutveckling" again after "Verksamhetsutveckling / kompetensutveckling"
        if ORGANISATIONAL.search(name) or NOT_A_LABEL.search(name) or len(name.split()) > 5 or not name[:1].isupper():
            continue
        kept.append(label)
    if len(kept) < 4 or len(kept) < 0.6 * len(seen):
        return []
    return kept


def is_fragment(word: str) -> bool:
    """A word cut off by the end of a text: "l" of "Livslångt l", "b" of "Internationella b"."""
    return len(word) <= 2 and word.lower() not in {"i", "å", "ö", "eu", "fn", "it", "ai", "av", "om", "på", "ut"}


def truncated(text: str) -> bool:
    """Whether the text stops mid-sentence (a transcript cut off, or a list whose end is missing)."""
    return not re.search(r"[.!?:;)”\"»]\s*$", text.rstrip())


def trim_cut_item(name: str) -> str | None:
    """What is left of an item the end of the text cut off: its main clause, or nothing.

    A short name with a fragment at the end ("Livslångt l") is incomplete and dropped; a long statement
    keeps the part before the clause the cut interrupted ("Öka intresset … ungdomar genom att uppmuntra
    …, bl a" → "Öka intresset … ungdomar").
    """
    words = name.split()
    if len(words) < 6:
        return None if words and is_fragment(words[-1]) else name
    for boundary in (r"\s+genom att\s", r"\s+för att\s", r"\s+genom\s", r",\s"):
        m = re.search(boundary, name)
        if m and len(name[: m.start()].split()) >= 3:
            return name[: m.start()]
    return None if is_fragment(words[-1]) else name
