"""The lines every reader produces: a document's text as `Line`s, and the positioned lines of a page
(`PageLine`) from which the PDF reader and text recognition (`ocr.py`) both work out the layout.

They live apart from the readers so that each reader, and `extract.py` which chooses among them,
imports them without importing one another back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple


@dataclass
class Line:
    """One line of source text with the hints its format gave."""

    text: str
    level: int | None = None  # heading level (1 = top) when the format knows it
    kind: str | None = None  # "heading", "row" (a table row's first cell), "bullet", "number", "continuation" or None


#: Called with (pages read, pages in all) while a PDF is read, and (…, "ocr") while a scan is recognised.
Progress = Callable[..., None]


class PageLine(NamedTuple):
    """One visual line of a page: its text, font size and position (or a whole table, as its rows)."""

    text: str
    size: float
    top: float
    bottom: float
    x0: float
    rows: tuple[tuple[str, str], ...] | None = None


def group_lines(fragments: list[tuple[float, float, float, str]]) -> list[PageLine]:
    """Fragments (top, x, size, text) into lines, words in the order of their position."""
    fragments.sort(key=lambda f: (round(f[0] / 2), f[1]))
    lines: list[PageLine] = []
    current: list[tuple[float, float, float, str]] = []

    def flush() -> None:
        if not current:
            return
        text = ""
        end_x = None
        for _top, x, size, part in current:
            if (
                text
                and end_x is not None
                and x > end_x - size * 0.2
                and not text.endswith(" ")
                and not part.startswith(" ")
            ):
                text += " "
            text += part
            end_x = x + len(part) * size * 0.45
        sizes = [f[2] for f in current]
        top = min(f[0] for f in current)
        size = max(sizes, key=sizes.count)
        lines.append(PageLine(text.strip(), size, top - max(sizes), top, min(f[1] for f in current)))

    for fragment in fragments:
        if current and abs(fragment[0] - current[0][0]) > current[0][2] * 0.4:
            flush()
            current = []
        current.append(fragment)
    flush()
    return lines
