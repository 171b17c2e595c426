"""Find the directions (inriktningar, prioriterade områden) and their goals.

The ways of finding them are tried most trusted first, and the first that finds any wins
(docs/strategy-import.md, "Directions"): headings under a direction section, a table of areas,
headings that each name one ("Fokusområde 1: …"), the table of contents, a list a lead-in announces, a sentence that names them, a run of labels from a
figure, and — when the document names no directions — its goals or purposes, marked as such. A
document that names none of these gets none: nothing is invented.
"""

from __future__ import annotations

import re

from . import lexicon
from .contents import directions_from_contents
from .elements import (
    GOALS,
    HEADING,
    LABELS,
    LIST,
    PROSE,
    TABLE,
    Direction,
    Draft,
    Goal,
    capitalised,
    normalise,
    strip_goal,
)
from .enumerations import (
    announced_count,
    label_run,
    sentences,
    split_capitalised,
    split_enumeration,
    trim_cut_item,
    truncated,
)
from .repair import Block

#: Imperative or infinitive verbs that start a direction stated as a sentence ("Delta i …", "Öka …").
SHORT_VERBS = {"ge", "ta", "nå", "se", "bli", "gå", "stå", "få", "dra", "att"}
FINITE_AFTER = {"ska", "skall", "är", "har", "kan", "bör", "måste", "får", "blir", "kommer", "var", "hade"}
#: A lead-in that offers goals or purposes: "Syftet med … ska vara att:", "Kommunens mål med … :".
GOAL_LEAD_IN = re.compile(
    r"\b(mål|målet|målen|målsättning\w*|syfte|syftet|syftar|ändamål|purpose|aims?|objectives?|goals?)\b", re.I
)
PROSE_NOUN = (
    r"(?:prioriterade\s+(?:områden|insatser|frågor)|prioriteringar|(?:strategiska\s+)?inriktningar(?:na)?|"
    r"(?:fokus|insats|huvud|tyngdpunkts)områden(?:a)?|strategiska\s+områden|tematiska\s+områden|"
    r"(?:focus|priority|strategic)\s+areas|priorities)"
)
PROSE_IS = re.compile(
    PROSE_NOUN
    + r"(?:\s+[\wåäö/-]+){0,8}?\s+(?:är|blir|omfattar|utgörs\s+av|består\s+av|are|include)\s*:?\s+(?P<list>.+)$",
    re.IGNORECASE,
)
PROSE_OF_WHICH = re.compile(
    PROSE_NOUN + r"[^.]{0,60}?\bvarav\s+(?P<n>ett|en|två|tre|fyra)\s+(?:är|utgörs\s+av)\s+(?P<list>.+)$", re.I
)
PROSE_FOCUS = re.compile(
    r"\b(?:arbete\w*|strategin|policyn|programmet|work|strategy)\b[^.]{0,60}?\b(?:ska|skall|bör|kommer\s+att|should|will)\s+"
    r"(?:främst\s+|särskilt\s+|i första hand\s+)?(?:inriktas|fokusera|fokuseras|koncentreras|prioritera|riktas|"
    r"focus|concentrate)\s+(?:på|mot|till|inom|on)\s+(?P<list>.+)$",
    re.IGNORECASE,
)


def is_imperative(sentence: str) -> bool:
    words = sentence.split()
    if len(words) < 3 or not words[0][:1].isupper():
        return False
    first = words[0].lower()
    return (first.endswith("a") or first in SHORT_VERBS) and words[1].lower() not in FINITE_AFTER


def list_name(text: str) -> tuple[str, int]:
    """The name of a list item "Profilering - I takt med ..." and its length in the item text."""
    m = re.match(r"(.{2,80}?)\s+[-–]\s+\S", text)
    name = m.group(1) if m else text
    if len(name) > 80:
        name = re.split(r"[,.:]", name)[0]
    name = strip_goal(name)
    return name, len(name)


def items_after_colon(block: Block) -> list[tuple[str, int, int]]:
    """Items inline after a lead-in's colon in the same block: "…: Attraktiva livsmiljöer Livslångt lärande"."""
    colon = block.text.rfind(": ")
    if colon < 0:
        return []
    rest = block.text[colon + 2 :]
    end = re.search(r"[.!?](?=\s+[A-ZÅÄÖ])", rest)
    rest = rest[: end.start()] if end else rest
    start = block.start + colon + 2
    count = announced_count(block.text[:colon])
    if re.search(r"[,;]", rest):
        return split_enumeration(rest, start, count)
    return split_capitalised(rest, start)


def directions_from_sections(blocks: list[Block]) -> list[Direction]:
    """The first direction section's directions, and those of a section of geographic priorities after it."""
    thematic: list[Direction] = []
    geographic: list[Direction] = []
    for start, block in enumerate(blocks):
        if block.kind == "heading" and lexicon.DIRECTION_SECTION.match(normalise(block.text)):
            if re.search(r"geografisk|geographic", block.text, re.IGNORECASE):
                geographic += directions_of_section(blocks, start)
            elif not thematic:
                thematic = directions_of_section(blocks, start)
    return thematic + geographic


def directions_of_section(blocks: list[Block], start: int) -> list[Direction]:
    """Sub-headings under a heading such as "Inriktning" or "Prioriterade områden"; bullets below are goals.

    A section without sub-headings lists its directions instead: as bullets or numbers, as sentences that
    each state one ("Underlätta kontakter … Delta i nätverk …"), or inline after a lead-in's colon.
    """
    for i, block in list(enumerate(blocks))[start : start + 1]:
        directions: list[Direction] = []
        paragraphs: list[Block] = []
        section_level = block.level
        current: Direction | None = None
        listed: Direction | None = None
        item_kind: str | None = None
        for other in blocks[i + 1 :]:
            if other.kind == "heading":
                key = normalise(other.text)
                if section_level is not None and other.level is not None:
                    # A flat outline (all headings one size, common in PDFs) has no deeper level to end on.
                    deeper = any(d.level is not None and d.level > section_level for d in directions)
                    if other.level < section_level or (other.level == section_level and deeper):
                        break
                if lexicon.END_OF_DIRECTIONS.match(key) or lexicon.GENERIC_HEADING.match(other.text):
                    break
                if lexicon.DIRECTION_SECTION.match(key):
                    if directions:
                        break  # another section of directions (geographic priorities) is read on its own
                    continue
                how = TABLE if other.table else HEADING
                name, start = heading_name(other)
                current = Direction(name, (start, start + len(name)), level=other.level, how=how)
                directions.append(current)
            elif current is not None and other.kind in ("bullet", "number"):
                goal = strip_goal(other.text)
                current.goals.append(Goal(goal, (other.start, other.start + len(goal))))
            elif other.kind in ("bullet", "number"):
                item_kind = item_kind or other.kind
                if other.kind != item_kind and listed is not None:
                    goal = strip_goal(other.text)
                    listed.goals.append(Goal(goal, (other.start, other.start + len(goal))))
                    continue
                name, length = list_name(other.text)
                if other.kind == item_kind and len(name.split()) <= 12:
                    listed = Direction(capitalised(name), (other.start, other.start + length), how=LIST)
                    directions.append(listed)
            elif other.kind == "para":
                paragraphs.append(other)
        if not directions:
            directions = directions_in_paragraphs(paragraphs)
        elif all(d.how == LIST for d in directions) and (run_in := run_in_headings(paragraphs)):
            # A flattened section: the headings ran into the text, the bullets are their goals.
            for moved in (g for d in directions for g in [Goal(d.name, d.span)]):
                owner = [d for d in run_in if d.span and moved.span and d.span[0] < moved.span[0]]
                if owner:
                    owner[-1].goals.append(moved)
            directions = run_in
        return directions
    return []


def heading_name(block: Block) -> tuple[str, int]:
    """A direction's name in its heading, without numbering or label ("3.1 Näringsliv", "Fokusområde 2: Kultur")."""
    text = block.text
    m = lexicon.LABELLED_DIRECTION.match(text)
    skip = m.start("name") if m else (n.end() if (n := re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\D)", text)) else 0)
    return strip_goal(text[skip:]), block.start + skip


def directions_from_labelled_headings(blocks: list[Block]) -> list[Direction]:
    """Headings that each name a direction after a numbered label, with the bullets under them as goals."""
    found: list[Direction] = []
    current: Direction | None = None
    for block in blocks:
        if block.kind == "heading":
            current = None
            if lexicon.LABELLED_DIRECTION.match(block.text):
                name, start = heading_name(block)
                current = Direction(name, (start, start + len(name)), level=block.level, how=HEADING)
                found.append(current)
        elif current is not None and block.kind in ("bullet", "number"):
            goal = strip_goal(block.text)
            current.goals.append(Goal(goal, (block.start, block.start + len(goal))))
    return found if len(found) >= 2 else []


#: A heading run into its section's text: a short phrase at a sentence start, then a capitalised word that
#: starts the paragraph ("… målen nås. Marknadsföring Det internationella arbetet ska …").
RUN_IN_HEADING = re.compile(
    r"(?:^|(?<=[.!?:]\s))(?:\d{1,2}(?:\.\d{1,2})+\s+)?"
    r"(?P<h>[A-ZÅÄÖ][\wåäö]*-?(?:\s+(?:[a-zåäö][\wåäö]*-?|/|(?:i|med|inom|mot|in|with)\s+[A-ZÅÄÖ][\wåäö]+)){0,5})"
    r"\s+(?=[A-ZÅÄÖ][a-zåäö]*-?\s+[a-zåäö])"
)
NOT_A_HEADING_START = {
    "det", "den", "de", "detta", "denna", "dessa", "vi", "här", "där", "som", "genom", "för", "med", "av", "på", "i",
    "inom", "enligt", "om", "när", "efter", "under", "till", "från", "även", "också", "därför", "dessutom",
    "samtidigt", "utifrån", "varje", "alla", "ett", "en", "man", "vår", "våra", "the", "this", "we", "in", "our",
}  # fmt: skip
NOT_IN_RUN_IN = re.compile(
    r"\b(ska|skall|är|har|kan|bör|måste|får|blir|kommer|finns|innebär|gäller|ger|att|som|vi|det|den|inte)\b"
    r"|\b(i|på|av|för|med|till|om|inom|mot|från|och)$"
)


def run_in_headings(paragraphs: list[Block]) -> list[Direction]:
    """Sub-headings a transcript ran into the section's text; two or more, or none."""
    found: list[Direction] = []
    for block in paragraphs:
        for m in RUN_IN_HEADING.finditer(block.text):
            phrase = m.group("h")
            if lexicon.END_OF_DIRECTIONS.match(phrase.lower()) or lexicon.GENERIC_HEADING.match(phrase):
                return found if len(found) >= 2 else []
            if phrase.split()[0].lower() in NOT_A_HEADING_START or NOT_IN_RUN_IN.search(phrase):
                continue
            start = block.start + m.start("h")
            found.append(Direction(phrase, (start, start + len(phrase)), how=HEADING))
    return found if len(found) >= 2 else []


def directions_in_paragraphs(paragraphs: list[Block]) -> list[Direction]:
    if found := run_in_headings(paragraphs):
        return found
    for block in paragraphs:
        statements = list(sentences(block.text, block.start))
        imperative = [s for s in statements if is_imperative(s.text)]
        if len(imperative) >= 3 and len(imperative) >= 0.75 * len(statements):
            return [
                Direction(capitalised(strip_goal(s.text)), (s.start, s.start + len(strip_goal(s.text))), how=LIST)
                for s in imperative
            ]
        items = items_after_colon(block)
        if len(items) >= 2 or (items and announced_count(block.text) == 1):
            return [Direction(capitalised(name), (start, end), how=LIST) for name, start, end in items]
    return []


def list_lead_in(text: str) -> str:
    """The sentence before a list, with the one before it when it is short ("… fyra inriktningar. Dessa är:")."""
    found = [s.text for s in sentences(text)]
    if len(found) >= 2 and len(found[-1].split()) <= 4:
        return " ".join(found[-2:])
    return found[-1] if found else ""


def directions_from_announced_list(blocks: list[Block]) -> list[Direction]:
    """A sentence announcing "fyra inriktningar ... Dessa är:" followed by a list, or by the items inline."""
    directions: dict[str, Direction] = {}
    for i, block in enumerate(blocks):
        if block.kind != "para" or ":" not in block.text:
            continue
        if block.text.endswith(":") and lexicon.ANNOUNCING_NOUN.search(list_lead_in(block.text)):
            if i + 1 >= len(blocks) or blocks[i + 1].kind not in ("bullet", "number"):
                continue
            item_kind = blocks[i + 1].kind
            current: Direction | None = None
            for other in blocks[i + 1 :]:
                if other.kind == item_kind:
                    name, length = list_name(other.text)
                    key = normalise(name)
                    if key in directions:
                        current = directions[key]
                    else:
                        span = (other.start, other.start + length)
                        current = directions[key] = Direction(capitalised(name), span, how=LIST)
                elif other.kind in ("bullet", "number") and current is not None:
                    goal = strip_goal(other.text)
                    current.goals.append(Goal(goal, (other.start, other.start + len(goal))))
                else:
                    break
        elif not directions:
            colon = block.text.rfind(": ")
            lead_in = block.text[:colon].split(". ")[-1] if colon > 0 else ""
            if lead_in and lexicon.DIRECTION_NOUN.search(lead_in):
                for name, start, end in items_after_colon(block):
                    directions.setdefault(normalise(name), Direction(capitalised(name), (start, end), how=LIST))
                if len(directions) < 2 and announced_count(lead_in) != 1:
                    directions = {}
    return list(directions.values())


def attach_heading_goals(directions: list[Direction], blocks: list[Block]) -> None:
    """When a list only named the directions, take goals from the bullets under headings of the same name."""
    by_key = {normalise(d.name): d for d in directions}
    current: Direction | None = None
    for block in blocks:
        if block.kind == "heading":
            current = by_key.get(normalise(block.text))
            if current is not None and not current.goals:
                current.name = strip_goal(block.text)
                current.span = (block.start, block.end)
            elif current is not None:
                current = None
        elif current is not None and block.kind == "bullet":
            goal = strip_goal(block.text)
            current.goals.append(Goal(goal, (block.start, block.start + len(goal))))


#: What a name in an enumeration does not have: a finite verb, a negation, a colon or a list number.
NOT_IN_NAME = re.compile(r"\b(ska|skall|är|har|kan|bör|måste|inte|should|will|is|are)\b|[:;]|\b\d+\b")


def is_name(name: str) -> bool:
    return len(name.split()) <= 12 and not NOT_IN_NAME.search(name)


def directions_from_prose(blocks: list[Block]) -> list[Direction]:
    """A sentence that names the directions: "Prioriterade områden … är X, Y och Z", "… ska inriktas på X och Y"."""
    for block in blocks:
        if block.kind != "para":
            continue
        for sentence in sentences(block.text, block.start):
            for pattern in (PROSE_OF_WHICH, PROSE_IS, PROSE_FOCUS):
                m = pattern.search(sentence.text)
                if not m:
                    continue
                count = 1 if pattern is PROSE_OF_WHICH and m.group("n") in ("ett", "en") else None
                count = count or announced_count(sentence.text[: m.start("list")])
                items = split_enumeration(m.group("list"), sentence.start + m.start("list"), count)
                if (len(items) >= 2 or count == 1) and all(is_name(name) for name, *_ in items):
                    return [Direction(capitalised(name), (start, end), how=PROSE) for name, start, end in items]
    return []


def directions_from_labels(blocks: list[Block]) -> list[Direction]:
    for block in blocks:
        if block.kind == "para" and (labels := label_run(block.text, block.start)):
            return [Direction(name, (start, end), how=LABELS) for name, start, end in labels]
    return []


def directions_from_goals(blocks: list[Block]) -> list[Direction]:
    """Goals or purposes as a list after a lead-in that says so: they stand in for directions, marked as goals."""
    for i, block in enumerate(blocks[:-1]):
        if block.kind != "para" or not block.text.rstrip().endswith((":", ";")):
            continue
        lead_in = list(sentences(block.text))[-1].text
        if not GOAL_LEAD_IN.search(lead_in) or blocks[i + 1].kind not in ("bullet", "number"):
            continue
        kind = blocks[i + 1].kind
        found = []
        for other in blocks[i + 1 :]:
            if other.kind != kind:
                break
            name = strip_goal(other.text)
            found.append(Direction(capitalised(name), (other.start, other.start + len(name)), how=GOALS))
        if len(found) >= 2:
            return found
    return []


def finish(directions: list[Direction], text: str) -> list[Direction]:
    """Drop or shorten an item that the end of a cut-off text interrupted, and repeated names."""
    out: list[Direction] = []
    seen: set[str] = set()
    cut = truncated(text)
    for direction in directions:
        if cut and direction.span and direction.span[1] >= len(text.rstrip()) - 1 and not direction.goals:
            trimmed = trim_cut_item(direction.name)
            if trimmed is None:
                continue
            if trimmed != direction.name:
                direction.span = (direction.span[0], direction.span[0] + len(trimmed))
                direction.name = trimmed
        key = normalise(direction.name)
        if key and key not in seen:
            seen.add(key)
            out.append(direction)
    return out


def find_directions(draft: Draft, blocks: list[Block]) -> None:
    def sections() -> list[Direction]:
        return directions_from_sections(blocks)

    def labelled() -> list[Direction]:
        return directions_from_labelled_headings(blocks)

    def contents() -> list[Direction]:
        return directions_from_contents(draft.text)

    def announced() -> list[Direction]:
        found = directions_from_announced_list(blocks)
        if found and not any(d.goals for d in found):
            attach_heading_goals(found, blocks)
        return found

    def prose() -> list[Direction]:
        return directions_from_prose(blocks)

    def labels() -> list[Direction]:
        return directions_from_labels(blocks)

    def goals() -> list[Direction]:
        return directions_from_goals(blocks)

    for finder in (sections, labelled, contents, announced, prose, labels, goals):
        directions = finish(finder(), draft.text)
        if directions:
            draft.directions = directions
            return
    draft.directions = []
