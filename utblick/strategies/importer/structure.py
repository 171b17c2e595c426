"""Find a strategy's structure in repaired text: title, adoption facts, directions and goals, and more.

Each element keeps the offsets (start, end) of its source in the repaired text.
Heuristics, in order of trust, are described in docs/strategy-import.md.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import lexicon
from .repair import Block, Repaired

Span = tuple[int, int]


@dataclass
class Fact:
    """An extracted value and where it came from."""

    value: str
    span: Span | None = None


@dataclass
class Goal(Fact):
    pass


@dataclass
class Direction:
    name: str
    span: Span | None = None
    goals: list[Goal] = field(default_factory=list)
    level: int | None = None  # heading level in the source, when known


@dataclass
class Responsibility:
    body: str
    duty: str
    span: Span | None = None


@dataclass
class Draft:
    """What the importer read from one document, every element traced to the repaired text."""

    text: str
    title: Fact | None = None
    organisation: Fact | None = None
    adopted_by: Fact | None = None
    adopted_on: Fact | None = None  # value is ISO "YYYY-MM-DD"
    replaces: Fact | None = None
    directions: list[Direction] = field(default_factory=list)
    governing_documents: list[Fact] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    follow_up: list[Fact] = field(default_factory=list)
    twin_cities: list[Fact] = field(default_factory=list)
    networks: list[Fact] = field(default_factory=list)
    filename: str = ""

    def to_json(self) -> dict:
        """The JSON object of `strategy_from_document --json` (issue 8)."""

        def value(fact: Fact | None) -> str | None:
            return fact.value if fact else None

        return {
            "title": value(self.title),
            "organisation": value(self.organisation),
            "adopted_by": value(self.adopted_by),
            "adopted_on": value(self.adopted_on),
            "replaces": value(self.replaces),
            "directions": [{"name": d.name, "goals": [g.value for g in d.goals]} for d in self.directions],
            "governing_documents": [f.value for f in self.governing_documents],
            "responsibilities": [{"body": r.body, "duty": r.duty} for r in self.responsibilities],
            "follow_up": [f.value for f in self.follow_up],
            "twin_cities": [f.value for f in self.twin_cities],
            "networks": [f.value for f in self.networks],
        }

    def spans(self) -> list[dict]:
        """Every element with its offsets, for highlighting on the review page."""
        out: list[dict] = []
        for key in ("title", "organisation", "adopted_by", "adopted_on", "replaces"):
            fact = getattr(self, key)
            if fact and fact.span:
                out.append({"field": key, "value": fact.value, "start": fact.span[0], "end": fact.span[1]})
        for i, d in enumerate(self.directions):
            if d.span:
                out.append({"field": f"directions.{i}", "value": d.name, "start": d.span[0], "end": d.span[1]})
            for j, g in enumerate(d.goals):
                if g.span:
                    out.append(
                        {"field": f"directions.{i}.goals.{j}", "value": g.value, "start": g.span[0], "end": g.span[1]}
                    )
        for key in ("governing_documents", "follow_up", "twin_cities", "networks"):
            for i, f in enumerate(getattr(self, key)):
                if f.span:
                    out.append({"field": f"{key}.{i}", "value": f.value, "start": f.span[0], "end": f.span[1]})
        for i, r in enumerate(self.responsibilities):
            if r.span:
                out.append({"field": f"responsibilities.{i}", "value": r.duty, "start": r.span[0], "end": r.span[1]})
        return out


def normalise(name: str) -> str:
    """Comparable form of a direction name: lower case, no numbering, punctuation or extra spaces."""
    name = re.sub(r"^\s*\d{1,2}[.)]\s*", "", name.lower())
    name = re.sub(r"[^\w\s-]", " ", name)
    return re.sub(r"\s+", " ", name).strip(" -")


def strip_goal(text: str) -> str:
    text = re.sub(r"[\s,;.]+$", "", text)
    return re.sub(r"\s+(och|samt)$", "", text)


# --- adoption facts -------------------------------------------------------------------------------

DATE_WORDS = r"(\d{1,2})\s+(" + "|".join(lexicon.MONTHS) + r")\s+(\d{4})"
DATE_ISO = r"(\d{4})-(\d{2})-(\d{2})"
BODY = r"(kommunfullmäktige|kommunstyrelsen|regionfullmäktige|regionstyrelsen)"


def iso_from_words(day: str, month: str, year: str) -> str | None:
    try:
        return datetime.date(int(year), lexicon.MONTHS[month.lower()], int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def iso_from_iso(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def find_adoption(draft: Draft) -> None:
    text = draft.text
    passive = re.compile(
        lexicon.ADOPTION_VERBS + r"\s+(?:av|i)\s+" + BODY + r"\s+(?:den\s+)?(?:" + DATE_WORDS + "|" + DATE_ISO + ")",
        re.IGNORECASE,
    )
    short = re.compile(r"\b(KF|KS|RF)\s+(?:§\s*\d+\s*)?" + DATE_ISO + r"(?:\s*§\s*\d+)?")
    for m in passive.finditer(text):
        # An adoption inside "ersätter ..." is the replaced version's, not this one's.
        if re.search(r"ersätter[^.]*$", text[max(0, m.start() - 200) : m.start()]):
            continue
        iso = iso_from_words(m.group(2), m.group(3), m.group(4)) if m.group(2) else iso_from_iso(*m.group(5, 6, 7))
        draft.adopted_by = Fact(m.group(1).lower(), (m.start(1), m.end(1)))
        date_start = m.start(2) if m.group(2) else m.start(5)
        draft.adopted_on = Fact(iso, (date_start, m.end())) if iso else None
        break
    else:
        if m := short.search(text):
            draft.adopted_by = Fact(lexicon.BODIES[m.group(1).lower()], (m.start(1), m.end(1)))
            iso = iso_from_iso(*m.group(2, 3, 4))
            draft.adopted_on = Fact(iso, (m.start(2), m.end(4))) if iso else None
    replaces = re.compile(r"\bersätter\s+((?:den|det)\s+[^.]{3,200}?)(?=\.|\n|$)", re.IGNORECASE)
    if m := replaces.search(text):
        value = re.sub(
            r"(?:den\s+)?" + DATE_WORDS,
            lambda d: iso_from_words(d.group(1), d.group(2), d.group(3)) or d.group(0),
            m.group(1).strip(),
            flags=re.IGNORECASE,
        )
        draft.replaces = Fact(value, (m.start(1), m.end(1)))
        return
    current = re.compile(r"nu gällande (?:strategin|styrdokumentet|policyn)\s+(.{5,200}?),\s+antag\w*\s+(\d{4})")
    if m := current.search(text):
        draft.replaces = Fact(f"{m.group(1)} ({m.group(2)})", (m.start(1), m.end(2)))


# --- title and organisation -----------------------------------------------------------------------


def find_title(draft: Draft, blocks: list[Block]) -> None:
    def candidate(block: Block) -> bool:
        text = block.text
        return (
            block.kind in ("heading", "para")
            and len(text.split()) >= 3
            and len(text) <= 200
            and not text.endswith((".", ":", ";", ","))
            and any(w in text.lower() for w in lexicon.GENRE_WORDS)
        )

    hinted = [b for b in blocks[:15] if b.hinted and b.level in (0, 1) and candidate(b)]
    found = hinted or [b for b in blocks[:15] if candidate(b)] or [b for b in blocks if candidate(b)]
    if found:
        block = found[0]
        title = re.sub(r"(?<=[a-zåäö])\d$", "", block.text).strip()  # a footnote mark glued to the last word
        draft.title = Fact(title, (block.start, block.start + len(title)))
    source = draft.title.value if draft.title else draft.text[:2000]
    offset = draft.title.span[0] if draft.title and draft.title.span else 0
    organisation = re.compile(
        r"([A-ZÅÄÖ]\w+(?:s)? och [A-ZÅÄÖ]\w+ kommuner|[A-ZÅÄÖ]\w+ kommuns?|[A-ZÅÄÖ]\w+ stads?|Region [A-ZÅÄÖ]\w+)"
    )
    if m := organisation.search(source):
        value = re.sub(r"(kommun|stad)s$", r"\1", m.group(1))
        draft.organisation = Fact(value, (offset + m.start(), offset + m.end()))


# --- directions -----------------------------------------------------------------------------------


def heading_key(block: Block) -> str:
    return normalise(block.text)


def list_name(text: str) -> tuple[str, int]:
    """The name of a list item "Profilering - I takt med ..." and its length in the item text."""
    m = re.match(r"(.{2,80}?)\s+[-–]\s+\S", text)
    name = m.group(1) if m else text
    if len(name) > 80:
        name = re.split(r"[,.:]", name)[0]
    name = strip_goal(name)
    return name, len(name)


def directions_from_sections(blocks: list[Block]) -> list[Direction]:
    """Sub-headings under a heading such as "Inriktning" or "Prioriterade områden"; bullets below are goals."""
    directions: list[Direction] = []
    for i, block in enumerate(blocks):
        if block.kind != "heading" or not lexicon.DIRECTION_SECTION.match(heading_key(block)):
            continue
        section_level = block.level
        current: Direction | None = None
        listed: Direction | None = None
        item_kind: str | None = None
        for other in blocks[i + 1 :]:
            if other.kind == "heading":
                key = heading_key(other)
                if section_level is not None and other.level is not None:
                    # A flat outline (all headings one size, common in PDFs) has no deeper level to end on.
                    deeper = any(d.level is not None and d.level > section_level for d in directions)
                    if other.level < section_level or (other.level == section_level and deeper):
                        break
                if lexicon.END_OF_DIRECTIONS.match(key):
                    break
                if lexicon.DIRECTION_SECTION.match(key) and not directions:
                    continue
                current = Direction(strip_goal(other.text), (other.start, other.end), level=other.level)
                directions.append(current)
            elif current is not None and other.kind in ("bullet", "number"):
                goal = strip_goal(other.text)
                current.goals.append(Goal(goal, (other.start, other.start + len(goal))))
            elif other.kind in ("bullet", "number"):
                # A section that lists its directions ("Inriktningar: 1. Profilering 2. ...") without sub-headings;
                # items of the other list kind under an item are its goals.
                item_kind = item_kind or other.kind
                if other.kind != item_kind and listed is not None:
                    goal = strip_goal(other.text)
                    listed.goals.append(Goal(goal, (other.start, other.start + len(goal))))
                    continue
                name, length = list_name(other.text)
                if other.kind == item_kind and len(name.split()) <= 8:
                    listed = Direction(name[:1].upper() + name[1:], (other.start, other.start + length))
                    directions.append(listed)
        if directions:
            return directions
    return directions


def directions_from_announced_list(blocks: list[Block]) -> list[Direction]:
    """A sentence announcing "fyra inriktningar ... Dessa är:" followed by a bulleted or numbered list."""
    directions: dict[str, Direction] = {}
    for i, block in enumerate(blocks):
        if not (block.kind == "para" and block.text.endswith(":") and lexicon.ANNOUNCING_NOUN.search(block.text)):
            continue
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
                    current = directions[key] = Direction(
                        name[:1].upper() + name[1:], (other.start, other.start + length)
                    )
            elif other.kind in ("bullet", "number") and current is not None:
                goal = strip_goal(other.text)
                current.goals.append(Goal(goal, (other.start, other.start + len(goal))))
            else:
                break
    return list(directions.values())


def attach_heading_goals(directions: list[Direction], blocks: list[Block]) -> None:
    """When a list only named the directions, take goals from the bullets under headings of the same name."""
    by_key = {normalise(d.name): d for d in directions}
    current: Direction | None = None
    for block in blocks:
        if block.kind == "heading":
            current = by_key.get(heading_key(block))
            if current is not None and not current.goals:
                current.name = strip_goal(block.text)
                current.span = (block.start, block.end)
            elif current is not None:
                current = None
        elif current is not None and block.kind == "bullet":
            goal = strip_goal(block.text)
            current.goals.append(Goal(goal, (block.start, block.start + len(goal))))


def find_directions(draft: Draft, blocks: list[Block]) -> None:
    directions = directions_from_sections(blocks)
    if not directions:
        directions = directions_from_announced_list(blocks)
        if directions and not any(d.goals for d in directions):
            attach_heading_goals(directions, blocks)
    draft.directions = directions


# --- other facts ----------------------------------------------------------------------------------

QUOTED = re.compile(r"[”“\"«]([^”“\"«»\n]{3,120})[”\"»]")
VISION = re.compile(r"(?:[A-ZÅÄÖ]\w*\s(?:\w+\s){0,5}[–-]\s)?Vision \d{4}")


def add_unique(facts: list[Fact], value: str, span: Span) -> None:
    value = value.strip()
    if value and normalise(value) not in {normalise(f.value) for f in facts}:
        facts.append(Fact(value, span))


def find_governing_documents(draft: Draft) -> None:
    title = normalise(draft.title.value) if draft.title else ""
    for m in QUOTED.finditer(draft.text):
        value = m.group(1).strip()
        if (
            len(value.split()) >= 2
            and value[0].isupper()
            and lexicon.DOCUMENT_WORDS.search(value)
            and normalise(value) != title
        ):
            add_unique(draft.governing_documents, value, (m.start(1), m.end(1)))
    for m in VISION.finditer(draft.text):
        known = {normalise(f.value) for f in draft.governing_documents}
        if not any(normalise(m.group(0)) in k or k in normalise(m.group(0)) for k in known):
            add_unique(draft.governing_documents, m.group(0), (m.start(), m.end()))


def sentences(text: str, start: int = 0):
    for m in re.finditer(r"[^.!?\n]+(?:[.!?](?!\w)|$)", text):
        s = m.group(0)
        stripped = s.strip()
        if stripped:
            lead = len(s) - len(s.lstrip())
            yield stripped, start + m.start() + lead


def find_responsibilities(draft: Draft, blocks: list[Block]) -> None:
    in_section = False
    body_heading: Block | None = None
    for block in blocks:
        key = heading_key(block)
        if block.kind == "heading":
            if re.match(r"^(ansvar|ansvarsfördelning|roller och ansvar|organisation och ansvar)\b", key):
                in_section, body_heading = True, None
                continue
            if in_section and lexicon.RESPONSIBLE_BODY.match(block.text):
                body_heading = block
                continue
            if in_section:
                in_section = bool(lexicon.RESPONSIBLE_BODY.match(block.text))
                body_heading = None
            continue
        if not in_section:
            continue
        if body_heading is not None and block.kind == "para":
            draft.responsibilities.append(Responsibility(body_heading.text, block.text, (block.start, block.end)))
            continue
        for sentence, start in sentences(block.text, block.start):
            m = re.match(r"^((?:[A-ZÅÄÖ][\w/-]*)(?:,?\s+[\w/-]+){0,4}?)\s+" + lexicon.DUTY_VERB.pattern, sentence)
            if m and lexicon.RESPONSIBLE_BODY.match(m.group(1)):
                draft.responsibilities.append(Responsibility(m.group(1), sentence, (start, start + len(sentence))))


def find_follow_up(draft: Draft, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "heading":
            continue
        for sentence, start in sentences(block.text, block.start):
            if lexicon.FOLLOW_UP.search(sentence) and re.search(
                r"(strategin|riktlinjen|arbetet|policyn|planen|rapporter|mandatperiod|årsrapport)",
                sentence,
                re.IGNORECASE,
            ):
                add_unique(draft.follow_up, sentence, (start, start + len(sentence)))


TWIN = re.compile(
    r"(?:vänorter(?:na)?|vänortsavtal med|vänort(?:en)?|systerstäder(?:na)?|partnerstäder(?:na)?)\s+(?:i\s+|är\s+|med\s+)?"
    r"((?:[A-ZÅÄÖØÆ][\w-]+(?:\s*,\s*|\s+och\s+))*[A-ZÅÄÖØÆ][\w-]+)"
)


def find_twin_cities_and_networks(draft: Draft) -> None:
    for m in TWIN.finditer(draft.text):
        offset = m.start(1)
        for part in re.finditer(r"[A-ZÅÄÖØÆ][\w-]+", m.group(1)):
            add_unique(draft.twin_cities, part.group(0), (offset + part.start(), offset + part.end()))
    for name in lexicon.NETWORKS:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", draft.text):
            add_unique(draft.networks, name, (m.start(), m.end()))
            break


def build_draft(repaired: Repaired, filename: str = "") -> Draft:
    draft = Draft(text=repaired.text, filename=filename)
    blocks = repaired.blocks
    find_title(draft, blocks)
    find_adoption(draft)
    find_directions(draft, blocks)
    find_governing_documents(draft)
    find_responsibilities(draft, blocks)
    find_follow_up(draft, blocks)
    find_twin_cities_and_networks(draft)
    return draft
