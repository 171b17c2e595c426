"""A draft strategy file (docs/strategy-file.md) from a `Draft`, for `strategy_import`.

The version is a draft, so an import never puts an unreviewed reading in force; adoption facts
that the document states are kept, and what it replaces goes into the summary.
"""

from __future__ import annotations

import datetime

import tomli_w
from django.utils.text import slugify

from ..files import FORMAT
from .structure import Draft


def direction_code(name: str, index: int) -> str:
    """A readable stable code from the name (lower-case, hyphens), or the position when empty."""
    return slugify(name)[:60] or f"inriktning-{index}"


def draft_to_strategy_file_dict(draft: Draft, organisation: str | None = None) -> dict:
    return strategy_file_dict(draft.to_json(), organisation)


def strategy_file_dict(
    data: dict, organisation: str | None = None, *, label: str = "utkast", replaces: str | None = None
) -> dict:
    """The strategy file of a draft's JSON object (`Draft.to_json()`, or a draft a coordinator corrected).

    Directions may carry a `description`; `replaces` is the label of a version the draft replaces.
    """
    title = data["title"] or "Importerad strategi"
    owner = organisation or slugify(data["organisation"] or "") or "organisation"
    documents = [{"organisation": owner, "title": name[:250], "kind": "other"} for name in data["governing_documents"]]
    version: dict = {"label": label, "title": title[:250], "status": "draft"}
    if data["adopted_by"]:
        version["adopted_by"] = data["adopted_by"]
    if data["adopted_on"]:
        version["adopted_on"] = datetime.date.fromisoformat(data["adopted_on"])
    if replaces:
        version["replaces"] = replaces
    if data["replaces"]:
        version["summary"] = f"Ersätter: {data['replaces']}"
    version["governing_documents"] = [document["title"] for document in documents]
    directions = []
    used: set[str] = set()
    for index, direction in enumerate(data["directions"], start=1):
        code = direction_code(direction["name"], index)
        while code in used:
            code = f"{code[:55]}-{index}"  # codes are at most 60 characters
        used.add(code)
        entry = {"code": code, "name": direction["name"][:200]}
        if direction.get("description"):
            entry["description"] = direction["description"]
        entry["goals"] = [{"text": goal[:500]} for goal in direction["goals"]]
        directions.append(entry)
    version["directions"] = directions
    return {
        "format": FORMAT,
        "slug": slugify(f"{owner} {title}")[:80],
        "name": title[:250],
        "owners": [{"organisation": owner}],
        "governing_documents": documents,
        "versions": [version],
    }


def draft_to_toml(draft: Draft, organisation: str | None = None) -> str:
    return tomli_w.dumps(draft_to_strategy_file_dict(draft, organisation), multiline_strings=True)
