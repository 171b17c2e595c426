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
from .leadins import announced_counts, directions_from_lead_ins, is_name
from .markers import line_marker
from .nouns import (
    BARE_LABEL,
    COUNT_MANY,
    DIRECTION_SECTION,
    LABEL,
    NOUN,
    STRONG,
    about_other_document,
    announcement,
    own_genre,
    strip_label,
)
from .repair import Block

#: Imperative or infinitive verbs that start a direction stated as a sentence ("Delta i …", "Öka …").
SHORT_VERBS = {"ge", "ta", "nå", "se", "bli", "gå", "stå", "få", "dra", "att"}
FINITE_AFTER = {"ska", "skall", "är", "har", "kan", "bör", "måste", "får", "blir", "kommer", "var", "hade"}
#: A lead-in that offers goals or purposes: "Syftet med … ska vara att:", "Kommunens mål med … :".
GOAL_LEAD_IN = re.compile(
    r"\b(mål|målet|målen|målsättning\w*|syfte|syftet|syftar|ändamål|purpose|aims?|objectives?|goals?)\b", re.I
)
#: A noun phrase that names directions in a sentence: a strong noun, or any direction noun with a count.
PROSE_NOUN = rf"(?:{COUNT_MANY}\s+(?:[\wåäö-]+\s+){{0,2}}?(?:{NOUN})|(?:{STRONG}))"
PROSE_IS = re.compile(
    r"\b"
    + PROSE_NOUN
    + r"(?:\s+[\wåäö/-]+){0,8}?\s+(?:är|blir|omfattar|utgörs\s+av|består\s+av|are|include)\s*:?\s+(?P<list>.+)$",
    re.IGNORECASE,
)
PROSE_OF_WHICH = re.compile(
    r"\b" + PROSE_NOUN + r"[^.]{0,60}?\bvarav\s+(?P<n>ett|en|två|tre|fyra)\s+(?:är|utgörs\s+av)\s+(?P<list>.+)$", re.I
)
PROSE_FOCUS = re.compile(
    r"\b(?:arbete\w*|strategin|policyn|programmet|planen|kommunen|regionen|staden|work|strategy|policy)\b[^.]{0,60}?"
    r"\b(?:ska|skall|bör|kommer\s+att|should|will)\s+"
    r"(?:främst\s+|särskilt\s+|i första hand\s+)?(?:inriktas|fokusera|fokuseras|koncentreras|koncentrera|prioritera|"
    r"riktas|focus|concentrate)\s+(?:sig\s+)?(?:på|mot|till|inom|on)\s+(?P<list>.+)$",
    re.IGNORECASE,
)
#: "… lyfter fram X, Y och Z som prioriterade områden": the enumeration before the noun.
PROSE_AS = re.compile(
    r"\b(?:lyfter\s+fram|pekar\s+ut|har\s+valt(?:\s+ut)?|väljer\s+ut|prioriterar|identifierar|utser|anger|"
    r"identifies|sets\s+out)\s+(?P<list>[^.:;]+?)\s+(?:som|as)\s+(?:\w+\s+){0,2}?" + PROSE_NOUN + r"\b",
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
        if block.kind == "heading" and DIRECTION_SECTION.match(normalise(block.text)):
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
        count = section_count(blocks, i)
        number: tuple[int, ...] | None = None  # the last direction heading's number ("2." or "3.1")
        for index, other in enumerate(blocks[i + 1 :], start=i + 1):
            if other.kind == "heading":
                key = normalise(other.text)
                if section_level is not None and other.level is not None:
                    # A flat outline (all headings one size, common in PDFs) has no deeper level to end on.
                    deeper = any(d.level is not None and d.level > section_level for d in directions)
                    if other.level < section_level or (other.level == section_level and deeper):
                        break
                # A heading of responsibility or follow-up ends the section, unless the section announced
                # more ("Tre strategiska områden" … "Organisation och ledarskap …") or its number goes on
                # from the directions' ("3. Organisation och …" after "2. …").
                more = (count and len(directions) < count) or continues_numbering(other, number)
                if ends_section(other, key, directions, section_level) and not (
                    more and not lexicon.GENERIC_HEADING.match(other.text)
                ):
                    break
                if DIRECTION_SECTION.match(key):
                    if directions:
                        break  # another section of directions (geographic priorities) is read on its own
                    continue
                if named_by_next(blocks, index):
                    continue
                how = TABLE if other.table else HEADING
                name, start = heading_name(other)
                current = Direction(name, (start, start + len(name)), level=other.level, how=how)
                directions.append(current)
                number = heading_number(other)
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
        if count and len(directions) > count and len({d.how for d in directions}) == 1:
            directions = directions[:count]  # the section said how many: what follows is not one of them
        return directions
    return []


def heading_number(block: Block) -> tuple[int, ...] | None:
    m = NUMBERING.match(block.text)
    return tuple(int(n) for n in re.findall(r"\d+", m.group(0))) if m else None


def continues_numbering(block: Block, previous: tuple[int, ...] | None) -> bool:
    """Whether a heading's number is the next after the previous direction's ("3." after "2.", "2.3" after "2.2")."""
    number = heading_number(block)
    return bool(
        number
        and previous
        and len(number) == len(previous)
        and number[:-1] == previous[:-1]
        and number[-1] == previous[-1] + 1
    )


def ends_section(heading: Block, key: str, directions: list[Direction], section_level: int | None) -> bool:
    """A heading of responsibility, follow-up or another generic section ends a section of directions.

    A sub-heading at the level of the directions already found is one more of them unless it is only that
    word ("Ansvar", "Uppföljning och utvärdering"): "Ansvar för hållbar utveckling" can be a direction.
    """
    if not (lexicon.END_OF_DIRECTIONS.match(key) or lexicon.GENERIC_HEADING.match(heading.text)):
        return False
    sibling = (
        heading.level is not None
        and section_level is not None
        and heading.level > section_level
        and any(d.level == heading.level for d in directions)
    )
    return not sibling or bool(lexicon.GENERIC_HEADING.match(heading.text)) or len(key.split()) <= 3


def section_count(blocks: list[Block], index: int) -> int | None:
    """How many directions a section announces, in its heading or its first paragraph."""
    for block in blocks[index : index + 2]:
        if block.kind in ("heading", "para") and (found := announcement(block.text)) and found.count:
            return found.count
    return None


NUMBERING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\D)")


def heading_name(block: Block) -> tuple[str, int]:
    """A direction's name in its heading, without numbering or label ("3.1 Näringsliv", "Fokusområde A – Kultur")."""
    text = block.text
    skip = 0
    if m := NUMBERING.match(text):
        skip = m.end()
    elif marked := line_marker(text):
        skip = marked[0].end
    _name, offset = strip_label(text[skip:])
    skip += offset
    return strip_goal(text[skip:]), block.start + skip


def named_by_next(blocks: list[Block], index: int) -> bool:
    """A label alone on its line ("Fokusområde 1") whose name is the heading right after it."""
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return bool(
        BARE_LABEL.match(block.text)
        and following is not None
        and following.kind == "heading"
        and not BARE_LABEL.match(following.text)
        and not lexicon.GENERIC_HEADING.match(following.text)
        and (block.level is None or following.level is None or following.level >= block.level)
    )


def directions_from_labelled_headings(blocks: list[Block]) -> list[Direction]:
    """Headings that each name a direction after a label ("Tema II: …", "Fokusområde 1" over its name)."""
    found: list[Direction] = []
    current: Direction | None = None
    labelled_by_previous = False
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            current = None
            if named_by_next(blocks, index):
                labelled_by_previous = True
                continue
            if labelled_by_previous:
                labelled_by_previous = False
                name, start = heading_name(block)
                current = Direction(name, (start, start + len(name)), level=block.level, how=HEADING)
                found.append(current)
                continue
            if LABEL.match(block.text):
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


def directions_from_prose(blocks: list[Block], genre: str | None = None) -> list[Direction]:
    """A sentence that names the directions: "Prioriterade områden … är X, Y och Z", "… ska inriktas på X och Y"."""
    for block in blocks:
        if block.kind != "para":
            continue
        for sentence in sentences(block.text, block.start):
            for pattern in (PROSE_OF_WHICH, PROSE_IS, PROSE_FOCUS, PROSE_AS):
                m = pattern.search(sentence.text)
                if not m or about_other_document(sentence.text[: m.start()], genre):
                    continue
                count = 1 if pattern is PROSE_OF_WHICH and m.group("n") in ("ett", "en") else None
                count = count or announced_count(
                    sentence.text[: m.start("list")] if pattern is not PROSE_AS else m.group(0)
                )
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
        # "Syftet … ska vara att:", and without the colon: "Målen för arbetet är att" followed by the list.
        if block.kind != "para" or not re.search(r"(?:[:;]|\b(?:att|är|vara|to|are))$", block.text.rstrip()):
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
    """The directions of the most trusted way that finds any (the goals only when no way finds directions).

    When the document says how many directions it has ("fyra inriktningar", "Strategins tre spår") and
    the most trusted way finds another number, the next way that finds exactly that many is taken.
    """
    genre = own_genre(draft.title.value if draft.title else None)

    def announced() -> list[Direction]:
        found = directions_from_lead_ins(blocks, genre)
        if found and not any(d.goals for d in found):
            attach_heading_goals(found, blocks)
        return found

    finders = (
        lambda: directions_from_sections(blocks),
        lambda: directions_from_labelled_headings(blocks),
        lambda: directions_from_contents(draft.text),
        announced,
        lambda: directions_from_prose(blocks, genre),
        lambda: directions_from_labels(blocks),
    )
    results = [found for finder in finders if (found := finish(finder(), draft.text))]
    counts = announced_counts(blocks, genre)
    if results and counts and len(results[0]) not in counts:
        results.sort(key=lambda found: len(found) not in counts)  # stable: trust order kept otherwise
    draft.directions = results[0] if results else finish(directions_from_goals(blocks), draft.text)
