"""What the reader finds: a `Draft` of facts, directions and goals, each traced to the repaired text.

Every direction also says how it was found (`how`), which gives the confidence the review page shows:
a direction that is a heading of the document is surer than one picked out of a sentence, and a list
of goals offered in place of directions is the least sure of all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Span = tuple[int, int]

#: How a direction was found, most trusted first (docs/strategy-import.md, "Directions").
HEADING = "heading"  # a heading under a section such as "Inriktningar" or "Prioriterade områden"
TABLE = "table"  # the first column of a table of areas
LIST = "list"  # an item of a list (bullets, numbers, a sentence per item) that a heading or lead-in announces
CONTENTS = "contents"  # an entry of the table of contents, under an entry that groups directions
PROSE = "prose"  # named in a sentence: "Prioriterade områden är X, Y och Z"
LABELS = "labels"  # a run of short names without sentences, as a figure leaves them in the text
GOALS = "goals"  # the document names no directions; its goals or purposes stand in for them
HOW = (HEADING, TABLE, LIST, CONTENTS, PROSE, LABELS, GOALS)

#: The confidence each way of finding gives: "high", "medium" or "low".
CONFIDENCE = {
    HEADING: "high",
    TABLE: "high",
    LIST: "high",
    CONTENTS: "medium",
    PROSE: "medium",
    LABELS: "low",
    GOALS: "low",
}


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
    how: str = HEADING

    @property
    def confidence(self) -> str:
        return CONFIDENCE.get(self.how, "low")


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
    ocr: bool = False  # the text was recognised from page images

    @property
    def directions_from_goals(self) -> bool:
        return bool(self.directions) and all(d.how == GOALS for d in self.directions)

    def to_json(self) -> dict:
        """The JSON object of `strategy_from_document --json` (issue 8), with how each direction was found."""

        def value(fact: Fact | None) -> str | None:
            return fact.value if fact else None

        return {
            "title": value(self.title),
            "organisation": value(self.organisation),
            "adopted_by": value(self.adopted_by),
            "adopted_on": value(self.adopted_on),
            "replaces": value(self.replaces),
            "directions": [
                {"name": d.name, "goals": [g.value for g in d.goals], "how": d.how} for d in self.directions
            ],
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
    name = re.sub(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+", "", name.lower())
    name = re.sub(r"[^\w\s-]", " ", name)
    name = re.sub(r"\s-\s|\s-$|^-\s", " ", name)
    return re.sub(r"\s+", " ", name).strip(" -")


def strip_goal(text: str) -> str:
    text = re.sub(r"[\s,;.]+$", "", text)
    return re.sub(r"\s+(och|samt)$", "", text)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
