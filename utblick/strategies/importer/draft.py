"""A draft strategy file (TOML) from a `Draft`.

The strategy-file format is defined in the strategies app; this is the subset the importer knows, with
status "draft" so `strategy_import` never publishes an unreviewed import.
"""

from __future__ import annotations

import re

import tomli_w

from .structure import Draft


def direction_code(name: str, index: int) -> str:
    """A short stable code: the direction's initials, or its position when the name has none."""
    letters = "".join(word[0] for word in re.findall(r"\w+", name) if word[0].isalpha() and len(word) > 2).upper()
    return letters[:4] or f"D{index}"


def draft_to_strategy_file_dict(draft: Draft) -> dict:
    data = draft.to_json()
    version = {"status": "draft"}
    for key in ("adopted_by", "adopted_on", "replaces"):
        if data[key]:
            version[key] = data[key]
    directions = []
    used: set[str] = set()
    for index, direction in enumerate(data["directions"], start=1):
        code = direction_code(direction["name"], index)
        while code in used:
            code = f"{code}{index}"
        used.add(code)
        directions.append({"code": code, "name": direction["name"], "goals": direction["goals"]})
    out: dict = {}
    if data["title"]:
        out["title"] = data["title"]
    if data["organisation"]:
        out["organisation"] = data["organisation"]
    out["version"] = version
    out["directions"] = directions
    out["governing_documents"] = data["governing_documents"]
    return out


def draft_to_toml(draft: Draft) -> str:
    return tomli_w.dumps(draft_to_strategy_file_dict(draft))
