"""Directions from a table of contents: sometimes the only place where a transcript shows its structure.

Entries are "title … page" with dot leaders ("Omvärldsbevakning...4 Politisk representation i
nätverk...4"), one per line or run together. An entry that groups directions is a direction section
("Prioriterade områden") or a part of the policy for one level ("Policy för politiskt arbete",
"Policy för förvaltningarnas arbete"); the entries after it up to the next such entry, a generic
section ("Redovisning", "Uppföljning") or a number of its own level ("4 Uppföljning" after "3.2 …")
are its directions. Two levels are read: each group keeps its own areas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .elements import CONTENTS, Direction, capitalised, normalise

LEADER = re.compile(r"[ \t]*(?:(?:\.[ \t]?){2,}|…+|\t+)[ \t]*(?P<page>\d{1,3})(?=\s|$)")
KEYWORD = re.compile(r"\b(innehållsförteckning|innehåll|contents)\b[\s:]*", re.IGNORECASE)
NUMBERING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+")
GROUP = re.compile(
    r"^(policy|policyn|strategi|strategier|riktlinjer|inriktning|inriktningar|insatser|åtaganden)\s+för\s+"
    r"(?!.*\b(kommuns?|stads?|regionens?|landstinget)\b)",
    re.IGNORECASE,
)
MAX_TITLE_WORDS = 12


@dataclass
class Entry:
    title: str
    start: int
    end: int
    level: int | None  # from numbering ("3.1" → 2), when there is any


def entries(text: str) -> list[list[Entry]]:
    """Runs of consecutive entries; an entry's title is what stands between its leader and the one before."""
    runs: list[list[Entry]] = []
    run: list[Entry] = []
    previous_end: int | None = None
    for m in LEADER.finditer(text):
        if previous_end is not None:
            between = text[previous_end : m.start()]
            if len(between.split()) > MAX_TITLE_WORDS or re.search(r"[!?]\s|[^.]\.\s", between.strip() + " "):
                previous_end = None
        if previous_end is None:
            if len(run) >= 3:
                runs.append(run)
            run = []
            line_start = text.rfind("\n", 0, m.start()) + 1
            head = text[line_start : m.start()]
            keyword = list(KEYWORD.finditer(head))
            begin = line_start + (keyword[-1].end() if keyword else 0)
            words = list(re.finditer(r"\S+", text[begin : m.start()]))
            if len(words) > MAX_TITLE_WORDS:
                begin += words[-MAX_TITLE_WORDS].start()
        else:
            begin = previous_end
        raw = text[begin : m.start()]
        title = raw.strip(" \t\n")
        start = begin + (len(raw) - len(raw.lstrip(" \t\n")))
        level = None
        if numbered := NUMBERING.match(title):
            level = numbered.group(1).count(".") + 1
            start += numbered.end()
            title = title[numbered.end() :]
        if title:
            run.append(Entry(title, start, start + len(title), level))
        previous_end = m.end()
    if len(run) >= 3:
        runs.append(run)
    return runs


def is_group(entry: Entry) -> bool:
    return bool(lexicon.DIRECTION_SECTION.match(normalise(entry.title)) or GROUP.match(entry.title))


def is_generic(entry: Entry) -> bool:
    return bool(lexicon.GENERIC_HEADING.match(entry.title.rstrip("?")) or entry.title.endswith("?"))


def directions_from_contents(text: str) -> list[Direction]:
    found: list[Direction] = []
    for run in entries(text):
        group: Entry | None = None
        for entry in run:
            if is_group(entry):
                group = entry
                continue
            if group is None:
                continue
            ends_group = is_generic(entry) or (
                group.level is not None and entry.level is not None and entry.level <= group.level
            )
            if ends_group:
                group = None
                continue
            found.append(Direction(capitalised(entry.title), (entry.start, entry.end), how=CONTENTS))
        if len(found) >= 2:
            return found
        found = []
    return []
