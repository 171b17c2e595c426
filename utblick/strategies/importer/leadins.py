"""Directions a lead-in announces: "… inom följande insatsområden:", "Arbetet delas in i fyra perspektiv: …".

A lead-in is a sentence with an announcement (`nouns.announcement`: a counted noun, a noun after
"följande", a strong plural noun) of this document's directions. Its items come

* inline, after a colon or between dashes, as an enumeration ("x, y och z"), a marked enumeration
  ("(i) x, (ii) y och (iii) z") or a flattened run of capitalised names;
* in the blocks after it: a list with any markers (bullets, "1.", "a)", "I.", "(i)"), lines without
  markers (short heading-like lines, one per item), headings each followed by their description, or
  paragraphs that each start with a name set off by a dash or colon ("Kunskapsutbyte – vi lär …").

A strong noun needs a colon (or "följande"/"nedan" and a list after the sentence); a weak one needs a
count. When the lead-in gives a count, at most that many items are taken, and the count says whether
the last "och" of an enumeration separates two items.
"""

from __future__ import annotations

import re

from . import lexicon
from .elements import LIST, PROSE, Direction, Goal, capitalised, normalise, strip_goal
from .enumerations import Sentence, sentences, split_capitalised, split_enumeration
from .markers import ITEM_MARKER
from .nouns import DIRECTION_SECTION, Announcement, announcement, count_value
from .repair import Block

#: What a name in an enumeration does not have: a finite verb, a negation, a colon or a list number.
NOT_IN_NAME = re.compile(r"\b(ska|skall|är|har|kan|bör|måste|inte|should|will|is|are)\b|[:;]|\b\d+\b")
#: Between an announcement and its items inline: a colon, a dash, "nämligen", "som är".
OPENER = re.compile(
    r"^[^.:;–—()]{0,60}?(?::|\s[–—-]\s|,?\s+(?:nämligen|dvs\.?|det vill säga|namely|som är|which are)\b:?|\s\()\s*"
)
#: Words that point at a list after the sentence: "följande", "nedan", "Dessa är:".
POINTS_AHEAD = re.compile(r"\b(följande|nedan|nedanstående|dessa är|de är|following|below|these are)\b", re.I)
MAX_NAME_WORDS = 12


def is_name(name: str) -> bool:
    return 0 < len(name.split()) <= MAX_NAME_WORDS and not NOT_IN_NAME.search(ITEM_MARKER.sub("", name))


def unmarked(name: str, start: int, end: int) -> tuple[str, int, int]:
    """An item without the marker an enumeration gave it ("(ii) unga" → "unga")."""
    m = ITEM_MARKER.match(name)
    return (name[m.end() :], start + m.end(), end) if m else (name, start, end)


def inline_items(text: str, start: int, count: int | None, closing: str = "") -> list[tuple[str, int, int]]:
    """The items of an enumeration or a flattened list that follows a lead-in in the same block.

    They end with the sentence, or with the dash or bracket that opened them ("tre ben – x, y och z – …").
    """
    end = re.search(r"[.!?](?=\s+[A-ZÅÄÖ])" + (f"|{closing}" if closing else ""), text)
    text = text[: end.start()] if end else text
    if re.search(r"[,;]|\s(och|samt|and)\s", text):
        items = split_enumeration(text, start, count)
    else:
        items = split_capitalised(text, start)
    return [unmarked(*item) for item in items]


def items_in_sentence(sentence: Sentence, found: Announcement) -> tuple[list[Direction], bool]:
    """Items after the announcement inside its sentence, and whether the sentence points at a list below."""
    rest = sentence.text[found.end :]
    opener = OPENER.match(rest)
    if opener is None:
        return [], True
    offset = sentence.start + found.end + opener.end()
    inline = rest[opener.end() :]
    if not inline.strip():
        return [], True
    opened = opener.group(0).strip()[-1:]
    how = LIST if opened == ":" else PROSE
    closing = {"(": r"\)", "–": r"\s–(?=\s)", "—": r"\s—(?=\s)", "-": r"\s-(?=\s)"}.get(opened, "")
    items = inline_items(inline, offset, found.count, closing)
    if len(items) < 2 or not all(is_name(name) for name, *_ in items):
        return [], False
    if found.count and len(items) > found.count:
        return [], False
    return [Direction(capitalised(name), (s, e), how=how) for name, s, e in items], False


def heading_like(block: Block) -> bool:
    return block.kind == "heading" and not block.table and len(block.text.split()) <= MAX_NAME_WORDS


def ends_list(block: Block) -> bool:
    key = normalise(block.text)
    return bool(
        lexicon.END_OF_DIRECTIONS.match(key)
        or lexicon.GENERIC_HEADING.match(block.text)
        or DIRECTION_SECTION.match(key)
    )


#: A paragraph that starts with a short name set off by a dash or colon ("Hållbar tillväxt – företagen …").
NAMED_PARAGRAPH = re.compile(r"^(?P<name>[A-ZÅÄÖ][^.:;–—]{1,80}?)(?:\s[–—-]\s|:\s)")


def named_paragraph(block: Block) -> str | None:
    m = NAMED_PARAGRAPH.match(block.text)
    if m is None or len(m.group("name").split()) > 8 or not is_name(m.group("name")):
        return None
    return m.group("name").strip()


def following_items(blocks: list[Block], index: int, count: int | None) -> list[Direction]:
    """Items in the blocks after a lead-in: a marked list, lines without markers, or headings with their text."""
    rest = blocks[index + 1 :]
    if not rest:
        return []
    limit = count or len(rest)
    first = rest[0]
    found: list[Direction] = []
    current: Direction | None = None
    if first.kind in ("bullet", "number"):
        for block in rest:
            if block.kind == first.kind and len(found) < limit:
                name = re.split(r"\s+[–—-]\s+", block.text, maxsplit=1)[0]
                if len(name.split()) > MAX_NAME_WORDS:
                    name = re.split(r"[,.:;]", name)[0]
                name = strip_goal(name)
                current = Direction(capitalised(name), (block.start, block.start + len(name)), how=LIST)
                found.append(current)
            elif block.kind in ("bullet", "number") and current is not None:
                goal = strip_goal(block.text)
                current.goals.append(Goal(goal, (block.start, block.start + len(goal))))
            else:
                break
        return found
    if first.kind == "para" and named_paragraph(first):
        # Paragraphs that each start with a name and a dash or colon: "Kunskapsutbyte – vi lär av …".
        for block in rest:
            if block.kind != "para" or len(found) >= limit or not (name := named_paragraph(block)):
                break
            found.append(Direction(capitalised(name), (block.start, block.start + len(name)), how=LIST))
        return found if len(found) >= 2 or (count == 1 and found) else []
    if not heading_like(first) or ends_list(first):
        return []
    # Lines without markers, one per item; or headings each followed by a description.
    level = first.level
    described = False
    for block in rest:
        if heading_like(block) and block.level == level and not ends_list(block):
            if len(found) >= limit:
                break
            if described and count is None and not block.hinted:
                break  # without a count, a heading after a paragraph may begin the next section
            name = strip_goal(block.text)
            current = Direction(capitalised(name), (block.start, block.start + len(name)), how=LIST)
            found.append(current)
        elif block.kind == "para" and found:
            if count is None and not block.hinted and len(found) < 2 and not first.hinted:
                return []
            described = True
        elif block.kind in ("bullet", "number") and current is not None:
            goal = strip_goal(block.text)
            current.goals.append(Goal(goal, (block.start, block.start + len(goal))))
        else:
            break
    return found if len(found) >= 2 or (count == 1 and found) else []


def lead_in_directions(blocks: list[Block], index: int, genre: str | None) -> list[Direction]:
    """The directions the lead-ins of one paragraph announce, inline or in the blocks after it."""
    block = blocks[index]
    found_sentences = list(sentences(block.text, block.start))
    for position, sentence in enumerate(found_sentences):
        found = announcement(sentence.text, genre)
        if found is None:
            continue
        inline, ahead = items_in_sentence(sentence, found)
        if inline:
            return inline
        rest = found_sentences[position + 1 :]
        # The list follows the paragraph when the lead-in ends it, or only a short sentence comes after
        # ("… tre hörnstenar. De beskrivs nedan.", "… fyra inriktningar. Dessa är:"), or one that opens
        # the list itself ("… fyra fokusområden. Läs mer om vart och ett på dess egen sida:").
        last = not rest or (
            len(rest) == 1
            and (
                len(rest[0].text.split()) <= 5
                or (rest[0].text.rstrip().endswith(":") and len(rest[0].text.split()) <= 14)
            )
        )
        colon = sentence.text.rstrip().endswith(":") or (rest and rest[-1].text.rstrip().endswith(":"))
        if ahead and last and (colon or found.count or POINTS_AHEAD.search(block.text[sentence.start - block.start :])):
            items = following_items(blocks, index, found.count)
            if items:
                return items
    return []


def directions_from_lead_ins(blocks: list[Block], genre: str | None = None) -> list[Direction]:
    for index, block in enumerate(blocks):
        if block.kind == "para" and (found := lead_in_directions(blocks, index, genre)):
            return found
    return []


def announced_counts(blocks: list[Block], genre: str | None = None) -> set[int]:
    """Every number of directions the document announces ("fyra inriktningar", "Strategins tre spår")."""
    counts: set[int] = set()
    for block in blocks:
        if block.kind not in ("para", "heading"):
            continue
        for sentence in sentences(block.text):
            found = announcement(sentence.text, genre)
            if found is not None and found.count:
                counts.add(found.count)
    return counts


__all__ = ["announced_counts", "count_value", "directions_from_lead_ins", "is_name"]
