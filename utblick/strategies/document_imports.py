"""The draft of a strategy document under review (X-7), and the document's text with its elements marked.

`DocumentImport.draft` holds the draft as JSON:

    {"title": {"value": "…", "span": [0, 40]}, "organisation": {…}, "adopted_by": {…}, "adopted_on": {…},
     "replaces": {…}, "label": "2013", "replaces_version": "",
     "directions": [{"id": "d1", "name": "…", "description": "", "span": [s, e], "how": "heading",
                     "confidence": "high", "goals": [{"id": "g2", "text": "…", "span": [s, e]}]}],
     "governing_documents": [{"id": "k3", "title": "…", "span": [s, e]}],
     "suggestions": [{"id": "s4", "kind": "twin_city", "value": "…", "body": "", "span": [s, e]}],
     "ocr": false, "next_id": 5}

`how` says how the reader found a direction (`importer.elements.HOW`: under a heading, in a table, in a
list, in the table of contents, in a sentence, among a figure's labels, taken from the goals) and
`confidence` what that is worth; a direction the coordinator adds has neither.

Every direction, goal, document and suggestion gets an id once, never reused: form fields are named
after it (`d1-name`, `g2-direction`), so they mean the same element across saves, and a goal moved to
another direction keeps its mark in the text. Spans are offsets into `DocumentImport.text`; what a
coordinator adds has none.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .importer.elements import CONFIDENCE, GOALS
from .importer.structure import Draft, Fact

FACTS = ("title", "organisation", "adopted_by", "adopted_on", "replaces")
SUGGESTION_KINDS = ("follow_up", "twin_city", "network", "responsibility")


def _fact(fact: Fact | None) -> dict[str, Any]:
    return {"value": fact.value if fact else "", "span": list(fact.span) if fact and fact.span else None}


def review_draft(draft: Draft) -> dict[str, Any]:
    """The reviewable draft of what the importer read, every element with an id and its source span."""
    counter = 0

    def new_id(prefix: str) -> str:
        nonlocal counter
        counter += 1
        return f"{prefix}{counter}"

    def span(element: Any) -> list[int] | None:
        return list(element.span) if element.span else None

    review: dict[str, Any] = {key: _fact(getattr(draft, key)) for key in FACTS}
    review["directions"] = [
        {
            "id": new_id("d"),
            "name": direction.name,
            "description": "",
            "span": span(direction),
            "how": direction.how,
            "confidence": direction.confidence,
            "goals": [{"id": new_id("g"), "text": goal.value, "span": span(goal)} for goal in direction.goals],
        }
        for direction in draft.directions
    ]
    review["governing_documents"] = [
        {"id": new_id("k"), "title": document.value, "span": span(document)} for document in draft.governing_documents
    ]
    suggestions = []
    for kind, facts in (("follow_up", draft.follow_up), ("twin_city", draft.twin_cities), ("network", draft.networks)):
        suggestions += [{"id": new_id("s"), "kind": kind, "value": f.value, "body": "", "span": span(f)} for f in facts]
    suggestions += [
        {"id": new_id("s"), "kind": "responsibility", "value": r.duty, "body": r.body, "span": span(r)}
        for r in draft.responsibilities
    ]
    review["suggestions"] = suggestions
    adopted_on = review["adopted_on"]["value"]
    review["label"] = adopted_on[:4] if adopted_on else "utkast"
    review["replaces_version"] = ""
    review["ocr"] = draft.ocr
    review["next_id"] = counter + 1
    return review


def free_label(label: str, taken: set[str]) -> str:
    """`label`, or `label-utkast`, `label-utkast-2` … when the strategy already has a version so labelled."""
    if label not in taken:
        return label
    candidate, number = f"{label}-utkast"[:50], 2
    while candidate in taken:
        candidate, number = f"{label}-utkast-{number}"[:50], number + 1
    return candidate


def guess_replaced(review: dict[str, Any], versions: list[tuple[str, datetime.date | None]]) -> str:
    """The label of the version whose adoption date the document's "replaces" clause names, if any."""
    dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", review["replaces"]["value"]))
    for label, adopted_on in versions:
        if adopted_on and adopted_on.isoformat() in dates:
            return label
    return ""


def review_errors(review: dict[str, Any], cleaned: dict[str, Any], taken: set[str]) -> list[tuple[str, str]]:
    """What stops a reviewed draft from being saved, as (field name, message): a label the strategy has, a
    direction without a name or with another's name, a goal left empty."""
    from .importer.structure import normalise

    errors: list[tuple[str, str]] = []
    if cleaned.get("label") in taken:
        errors.append(("label", _("The strategy already has a version with this label.")))
    names: dict[str, str] = {}
    for direction in review["directions"]:
        key = direction["id"]
        if cleaned.get(f"{key}-delete"):
            continue
        name = (cleaned.get(f"{key}-name") or "").strip()
        if not name:
            errors.append((f"{key}-name", _("Write a name, or tick the box to remove the direction.")))
        elif normalise(name) in names:
            errors.append(
                (f"{key}-name", _("Another direction is called %(name)s.") % {"name": names[normalise(name)]})
            )
        else:
            names[normalise(name)] = name
    new_name = (cleaned.get("new_direction_name") or "").strip()
    if new_name and normalise(new_name) in names:
        errors.append(("new_direction_name", _("Another direction is called %(name)s.") % {"name": new_name}))
    for direction in review["directions"]:
        for goal in direction["goals"]:
            key = goal["id"]
            if not cleaned.get(f"{key}-delete") and not (cleaned.get(f"{key}-text") or "").strip():
                errors.append((f"{key}-text", _("Write the goal, or tick the box to remove it.")))
    return errors


def corrected_draft(review: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The draft with a review's corrections (the review form's cleaned data, field names as its):
    renamed, removed, added and moved elements; new elements get fresh ids."""
    next_id = review["next_id"]

    def new_id(prefix: str) -> str:
        nonlocal next_id
        next_id += 1
        return f"{prefix}{next_id - 1}"

    def fact(key: str, value: str) -> dict:
        return {"value": value, "span": review[key]["span"]}

    kept = {d["id"]: d for d in review["directions"] if not data.get(f"{d['id']}-delete")}
    directions = {
        key: {
            **d,
            "name": data[f"{key}-name"].strip(),
            "description": data[f"{key}-description"].strip(),
            "goals": [],
        }
        for key, d in kept.items()
    }
    goals = [(d["id"], g) for d in review["directions"] for g in d["goals"] if not data.get(f"{g['id']}-delete")]
    # Goals staying in their direction keep their place; a moved goal goes to the end of its new direction.
    for moved in (False, True):
        for home, goal in goals:
            target = data[f"{goal['id']}-direction"]
            if (target != home) is moved and target in directions:
                directions[target]["goals"].append({**goal, "text": data[f"{goal['id']}-text"].strip()})
    for key, direction in directions.items():
        if text := data[f"{key}-new_goal"].strip():
            direction["goals"].append({"id": new_id("g"), "text": text, "span": None})
    # The places the reviewer gave; the document's order among equal numbers (sorted is stable).
    result = sorted(directions.values(), key=lambda d: data[f"{d['id']}-position"])
    if name := data["new_direction_name"].strip():
        result.append(
            {
                "id": new_id("d"),
                "name": name,
                "description": data["new_direction_description"].strip(),
                "span": None,
                "goals": [],
            }
        )
    documents = [
        {**d, "title": data[f"{d['id']}-title"].strip()}
        for d in review["governing_documents"]
        if not data.get(f"{d['id']}-delete") and data[f"{d['id']}-title"].strip()
    ]
    if title := data["new_document"].strip():
        documents.append({"id": new_id("k"), "title": title, "span": None})
    adopted_on = data.get("adopted_on")
    return {
        **review,
        "title": fact("title", data["title"].strip()),
        "adopted_by": fact("adopted_by", data["adopted_by"].strip()),
        "adopted_on": fact("adopted_on", adopted_on.isoformat() if adopted_on else ""),
        "label": data["label"].strip(),
        "replaces_version": data.get("replaces_version") or "",
        "directions": result,
        "governing_documents": documents,
        "next_id": next_id,
    }


def strategy_json(review: dict[str, Any]) -> dict[str, Any]:
    """The corrected draft as the importer's JSON object, for `importer.draft.strategy_file_dict`."""
    return {
        **{key: review[key]["value"] or None for key in FACTS},
        "directions": [
            {"name": d["name"], "description": d["description"], "goals": [g["text"] for g in d["goals"]]}
            for d in review["directions"]
        ],
        "governing_documents": [document["title"] for document in review["governing_documents"]],
    }


def review_page(review: dict[str, Any], text: str, *, organisation: Any) -> dict[str, Any]:
    """What the review page shows beside the form: the marked text, the suggestions, a wrong organisation."""
    found = marks(review, len(text))
    named = review["organisation"]["value"]
    labels = suggestion_labels()
    read = [d for d in review["directions"] if d.get("how")]
    return {
        "marked_text": marked_text(text, found),
        "sources": {mark.id for mark in found},
        # What the page says about the directions as a whole: taken from goals, or none in the document.
        "directions_notice": (
            "goals" if read and all(d["how"] == GOALS for d in read) else ("none" if not review["directions"] else "")
        ),
        "ocr": review.get("ocr", False),
        "suggestions": [{**suggestion, "label": labels[suggestion["kind"]]} for suggestion in review["suggestions"]],
        # "Växjö kommun" read into Växjö is fine; read into another organisation it is worth a second look.
        "other_organisation": named if named and named.casefold() not in organisation.name.casefold() else "",
    }


# -- Marks in the text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """An element's place in the text: `src-<id>` in the text, `item-<id>` on the form."""

    id: str
    kind: str  # fact, direction, goal, suggestion: the colour of the mark
    label: str  # the link text at the start of the mark, e.g. "Mål 2.1"
    start: int
    end: int
    detail: str = ""  # how a direction was found, shown beside its link: "lista, hög"

    @property
    def target(self) -> str:
        return f"item-{self.id}"


def fact_labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "organisation": _("Organisation"),
        "adopted_by": _("Adopted by"),
        "adopted_on": _("Adopted on"),
        "replaces": _("Replaces"),
    }


def suggestion_labels() -> dict[str, str]:
    return {
        "follow_up": _("Follow-up"),
        "twin_city": _("Twin city"),
        "network": _("Network"),
        "responsibility": _("Responsibility"),
    }


def how_labels() -> dict[str, str]:
    """How a direction was found, as the review page says it (importer.elements.HOW)."""
    return {
        "heading": _("a heading in a section of directions"),
        "table": _("a row of a table"),
        "list": _("an item of a list that announces directions"),
        "contents": _("an entry of the table of contents"),
        "prose": _("named in a sentence"),
        "labels": _("a label among others without sentences, as a figure leaves them"),
        "goals": _("a goal or purpose: the document names no directions"),
    }


def confidence_labels() -> dict[str, str]:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}


def found_label(direction: dict[str, Any]) -> str:
    """ "Found as … (confidence: …)" for a direction the reader found; empty for one a coordinator added."""
    how = how_labels().get(direction.get("how", ""))
    if how is None:
        return ""
    confidence = confidence_labels()[direction.get("confidence") or CONFIDENCE.get(direction["how"], "low")]
    return _("Found as %(how)s; confidence %(confidence)s.") % {"how": how, "confidence": confidence}


def short_how(direction: dict[str, Any]) -> str:
    """The short form beside a mark in the text: "list, high"."""
    names = {
        "heading": _("heading"),
        "table": _("table"),
        "list": _("list"),
        "contents": _("table of contents"),
        "prose": _("sentence"),
        "labels": _("figure"),
        "goals": _("goal"),
    }
    how = direction.get("how", "")
    if how not in names:
        return ""
    return f"{names[how]}, {confidence_labels()[direction.get('confidence') or CONFIDENCE.get(how, 'low')]}"


def direction_label(number: int) -> str:
    return _("Direction %(number)s") % {"number": number}


def goal_label(direction_number: int, number: int) -> str:
    return _("Goal %(direction)s.%(number)s") % {"direction": direction_number, "number": number}


def marks(review: dict[str, Any], text_length: int) -> list[Mark]:
    """Every element that came from the text, with the label the review page gives it."""
    found: list[Mark] = []

    def add(element_id: str, kind: str, label: str, span: list[int] | None, detail: str = "") -> None:
        if span and 0 <= span[0] < span[1] <= text_length:
            found.append(Mark(element_id, kind, label, span[0], span[1], detail))

    for key, label in fact_labels().items():
        add(key, "fact", label, review[key]["span"])
    for number, direction in enumerate(review["directions"], start=1):
        add(direction["id"], "direction", direction_label(number), direction["span"], short_how(direction))
        for goal_number, goal in enumerate(direction["goals"], start=1):
            add(goal["id"], "goal", goal_label(number, goal_number), goal["span"])
    for number, document in enumerate(review["governing_documents"], start=1):
        add(document["id"], "fact", _("Governing document %(number)s") % {"number": number}, document["span"])
    kinds = suggestion_labels()
    for suggestion in review["suggestions"]:
        add(suggestion["id"], "suggestion", kinds[suggestion["kind"]], suggestion["span"])
    return found


def marked_text(text: str, found: list[Mark]) -> SafeString:
    """The text, escaped, with each element in a `<mark>` that starts with a link to its place on the form.

    Elements may nest (the organisation inside the title) or overlap (a follow-up rule that is also a
    responsibility). The text is cut at every start and end; each piece is wrapped in the marks that
    cover it, outer ones first, so an overlapping mark is closed and reopened and the HTML nests
    properly. Only a mark's first piece carries its id and link.
    """
    ordered = sorted(found, key=lambda mark: (mark.start, -mark.end))
    cuts = sorted({0, len(text)} | {mark.start for mark in found} | {mark.end for mark in found})
    out: list[str] = []
    open_marks: list[Mark] = []
    started: set[str] = set()
    for start, end in pairwise(cuts):
        covering = [mark for mark in ordered if mark.start <= start and end <= mark.end]
        keep = 0
        while keep < min(len(open_marks), len(covering)) and open_marks[keep] is covering[keep]:
            keep += 1
        out += ["</mark>"] * (len(open_marks) - keep)
        del open_marks[keep:]
        for mark in covering[keep:]:
            if mark.id in started:
                out.append(format_html('<mark class="mark mark--{}">', mark.kind))
            else:
                started.add(mark.id)
                out.append(
                    format_html(
                        '<mark class="mark mark--{}" id="src-{}"><a class="mark__tag" href="#{}">{}</a>',
                        mark.kind,
                        mark.id,
                        mark.target,
                        mark.label,
                    )
                )
                if mark.detail:
                    out.append(format_html('<span class="mark__how">({})</span> ', mark.detail))
            open_marks.append(mark)
        out.append(escape(text[start:end]))
    out += ["</mark>"] * len(open_marks)
    return mark_safe("".join(out))  # every piece of text above is escaped; the tags are our own
