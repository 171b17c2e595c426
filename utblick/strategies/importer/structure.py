"""Find a strategy's structure in repaired text: title, adoption facts, directions and goals, and more.

Each element keeps the offsets (start, end) of its source in the repaired text. The title
(`title.py`), the adoption (`adoption.py`) and the directions (`directions.py`, `contents.py`,
`enumerations.py`) have modules of their own; the smaller facts are found here. Heuristics, in order of
trust, are described in docs/strategy-import.md.
"""

from __future__ import annotations

import re

from . import lexicon
from .adoption import find_adoption
from .directions import find_directions
from .elements import Direction, Draft, Fact, Goal, Responsibility, Span, normalise, strip_goal
from .repair import Block, Repaired
from .title import find_title

__all__ = ["Direction", "Draft", "Fact", "Goal", "Responsibility", "build_draft", "normalise", "strip_goal"]


def heading_key(block: Block) -> str:
    return normalise(block.text)


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
