"""List markers of every kind: "1." "1)" "(1)" "a)" "(a)" "A." "I." "ii)" "(iv)", at a line's start or inline.

Numbers mark a list wherever they stand; letters and roman numerals only when they run in sequence
("a) … b) …", "I. … II. …"): a lone "A." is an initial, a lone "I" a pronoun or a page. An ambiguous
marker ("i)", "I.") is read as whichever kind continues the sequence around it. Bullets (•, –, *) are
`lexicon.BULLET`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

ROMAN = {"i": 1, "v": 5, "x": 10}
_TOKEN = r"\d{1,2}|[a-zåäö]|[A-ZÅÄÖ]|[ivx]{1,4}|[IVX]{1,4}"
#: A marker at the start of a line, and the item's text after it.
LINE_MARKER = re.compile(
    rf"^(?P<marker>\((?P<paren>{_TOKEN})\)|(?P<dot>{_TOKEN})\.|(?P<close>{_TOKEN})\))"
    r"\s+(?P<text>\S.*)$"
)
#: A marker inside a line (a flattened list): after a space or at the start, before a word.
INLINE_MARKER = re.compile(
    rf"(?:^|(?<=\s))(?P<marker>\((?P<paren>{_TOKEN})\)|(?P<dot>\d{{1,2}}|[A-ZÅÄÖ]|[IVX]{{1,4}})\.|"
    rf"(?P<close>{_TOKEN})\))\s+(?=[\wåäöÅÄÖ(])"
)


@dataclass
class Marker:
    token: str  # the number, letter or numeral without brackets
    style: str  # "paren", "dot" or "close": how it is written
    start: int
    end: int  # where the item's text starts

    @property
    def text(self) -> str:
        return {"paren": f"({self.token})", "dot": f"{self.token}.", "close": f"{self.token})"}[self.style]

    @property
    def values(self) -> dict[str, int]:
        """Its value as each kind it can be: {"arabic": 3} or {"letter": 9, "roman": 1} for "i"."""
        token = self.token
        if token.isdigit():
            return {"arabic": int(token)}
        out: dict[str, int] = {}
        if len(token) == 1:
            out["upper" if token.isupper() else "lower"] = ord(token.lower()) - ord("a") + 1
        if re.fullmatch(r"[ivx]+|[IVX]+", token) and (value := roman_value(token.lower())):
            out["ROMAN" if token.isupper() else "roman"] = value
        return out


def roman_value(token: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(token):
        value = ROMAN[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    # Only the canonical spelling of 1–39 ("iv", not "iiii").
    canonical = {1: "i", 2: "ii", 3: "iii", 4: "iv", 5: "v", 6: "vi", 7: "vii", 8: "viii", 9: "ix", 10: "x"}
    return total if canonical.get(total, token) == token or total > 10 else None


def line_marker(text: str) -> tuple[Marker, str] | None:
    m = LINE_MARKER.match(text)
    if not m:
        return None
    style = next(s for s in ("paren", "dot", "close") if m.group(s))
    return Marker(m.group(style), style, 0, m.start("text")), m.group("text")


def in_sequence(markers: list[Marker]) -> str | None:
    """The kind ("arabic", "lower", "roman" …) in which the markers count 1, 2, 3 … (or n, n+1 …), if any."""
    if not markers or len({m.style for m in markers}) != 1:
        return None
    for kind in ("arabic", "lower", "upper", "roman", "ROMAN"):
        values = [value for m in markers if (value := m.values.get(kind)) is not None]
        if len(values) == len(markers) and all(b == a + 1 for a, b in itertools.pairwise(values)):
            return kind
    return None


def inline_runs(text: str) -> list[list[Marker]]:
    """Runs of inline markers that count up from 1 ("I. … II. … III."), longest first; at least two each."""
    found = []
    for m in INLINE_MARKER.finditer(text):
        style = next(s for s in ("paren", "dot", "close") if m.group(s))
        found.append(Marker(m.group(style), style, m.start("marker"), m.end()))
    runs: list[list[Marker]] = []
    for index, first in enumerate(found):
        for kind, value in first.values.items():
            if value != 1:
                continue
            run = [first]
            for other in found[index + 1 :]:
                if other.style == first.style and other.values.get(kind) == len(run) + 1:
                    run.append(other)
            if len(run) >= 2:
                runs.append(run)
    return sorted(runs, key=len, reverse=True)


#: Markers inside an enumeration ("(i) digital välfärd, (ii) unga …"): removed from the items' names.
ITEM_MARKER = re.compile(rf"^\s*(?:\((?:{_TOKEN})\)|(?:{_TOKEN})\))\s+")
