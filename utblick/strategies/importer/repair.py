"""Repair what text extraction breaks and cut the text into blocks with offsets.

Steps (docs/strategy-import.md): undo a transcript's flattening (`unflatten.py`); drop page furniture; mark bullets and numbered items; join lines
wrapped mid-sentence; join words hyphenated across a line break unless the hyphen is real (after a
capital such as "EU-", or before "och"); recognise headings. The repaired text is the blocks joined by
blank lines; each block knows its offsets in it, which the review page uses for highlighting.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from .lexicon import BULLET, CONJUNCTIONS, PAGE_FURNITURE
from .lines import Line
from .markers import Marker, line_marker
from .nouns import LABEL
from .unflatten import unflatten

TERMINAL = (".", "!", "?", ":", ";")
#: A physical line at least this long that ends without punctuation was wrapped by the layout.
WRAPPED_LINE = 45


@dataclass
class Block:
    """A paragraph, heading or list item of the repaired text."""

    kind: str  # "heading", "bullet", "number", "para"
    text: str
    level: int | None = None
    number: int | None = None
    start: int = 0
    end: int = 0
    hinted: bool = False  # the format (style, font size) said it is a heading
    table: bool = False  # a row of a table (its first cell), whose other cells follow as bullets
    marker: Marker | None = None  # a numbered item's marker ("3.", "b)", "(ii)", "IV.")

    def text_with_marker(self) -> str:
        return f"{self.marker.text} {self.text}" if self.marker else self.text


@dataclass
class Repaired:
    text: str
    blocks: list[Block]


def clean(text: str) -> str:
    # U+2010/U+2011 are the hyphens typesetters (WeasyPrint, InDesign) put at automatic line breaks.
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "-").replace("\u00a0", " ")
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    text = text.replace("**", "").replace("__", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def join_hyphenated(left: str, right: str) -> str:
    """Join two physical lines, keeping real hyphens and removing soft line-break hyphens."""
    if left.endswith("-") and len(left) > 1 and right:
        before = left[-2]
        first_word = right.split(" ", 1)[0].lower()
        if before.isalpha() and before.islower() and right[0].islower() and first_word not in CONJUNCTIONS:
            return left[:-1] + right
        if first_word in CONJUNCTIONS:
            return left + " " + right
        return left + right  # "EU-" + "perspektivet": the hyphen belongs to the word
    return left + " " + right


#: Finite verbs that a sentence has and a heading does not.
HEADING_VERB = re.compile(
    r"\b(ska|skall|är|har|kan|bör|måste|får|blir|finns|gäller|vill|should|will|is|are|has)\b", re.I
)
#: A heading does not end with a word that needs more after it ("Målen för arbetet är att").
OPEN_END = re.compile(r"\b(att|och|samt|eller|är|som|för|i|på|av|med|till|om|the|to|and|of|for|are|is)$", re.IGNORECASE)


def is_heading_text(text: str) -> bool:
    words = text.split()
    return (
        0 < len(text) <= 80
        and len(words) <= 10
        and not text.endswith((".", ",", ";", ":", "!", "?", "-", "–"))
        and not (len(words) > 1 and OPEN_END.search(text))
        and (text[0].isupper() or text[0].isdigit())
        and not re.fullmatch(r"[\d\s./-]+", text)
    )


def repair(lines: list[Line]) -> Repaired:
    nonblank = [ln for ln in lines if clean(ln.text)]
    blanks = len(lines) - len(nonblank)
    # Some extractions put a blank line after every line; then blank lines say nothing about paragraphs.
    # A copied web page also has a blank line after each line, but its lines are whole paragraphs: a
    # double-spaced extraction shows itself by lines that go on, in lower case, after the blank line.
    texts = [clean(ln.text) for ln in nonblank]
    running_on = sum(1 for a, b in itertools.pairwise(texts) if b[:1].islower() and not a.endswith(TERMINAL))
    double_spaced = blanks >= 0.6 * max(1, len(nonblank)) and running_on >= 0.1 * len(nonblank)
    lengths = sorted(len(t) for t in texts)
    wrap_width = lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0
    lines = unflatten([Line(clean(line.text), line.level, line.kind) for line in lines])
    raw_blocks: list[Block] = []
    last_physical = ""
    blank_before = True
    for line in lines:
        text = clean(line.text)
        if not text:
            blank_before = True
            continue
        if PAGE_FURNITURE.match(text):
            continue
        bullet = BULLET.match(text)
        numbered = line_marker(text)
        if line.kind in ("heading", "row"):
            raw_blocks.append(Block("heading", text, level=line.level, hinted=True, table=line.kind == "row"))
        elif bullet and (line.kind in (None, "bullet")):
            raw_blocks.append(Block("bullet", text[bullet.end() :].strip()))
        elif numbered and line.kind in (None, "number"):
            marker, item = numbered
            raw_blocks.append(Block("number", item, marker=marker, hinted=line.kind == "number"))
        elif (raw_blocks and line.kind == "continuation") or (
            raw_blocks
            and should_join(
                raw_blocks[-1], last_physical, text, blank_before, double_spaced, len(raw_blocks) == 1, wrap_width
            )
        ):
            raw_blocks[-1].text = join_hyphenated(raw_blocks[-1].text, text)
        else:
            raw_blocks.append(Block("para", text))
        last_physical = text
        blank_before = False
    check_markers(raw_blocks)
    blocks = []
    for block in raw_blocks:
        block.text = re.sub(r"\s+", " ", block.text).strip()
        if block.kind == "para" and is_heading_text(block.text):
            block.kind = "heading"
        if block.text:
            blocks.append(block)
    parts = []
    offset = 0
    for block in blocks:
        block.start = offset
        block.end = offset + len(block.text)
        parts.append(block.text)
        offset = block.end + 2
    return Repaired("\n\n".join(parts), blocks)


def check_markers(blocks: list[Block]) -> None:
    """Letters and roman numerals mark items only in sequence; a numbered line before a paragraph is a heading.

    "a) … b) …" and "I. … II. …" are lists; a lone "A. Lindgren" is not. A short numbered line followed by
    a paragraph rather than the next item ("3. Insatsområden", then text) is a numbered heading.
    """
    numbered = [i for i, b in enumerate(blocks) if b.kind == "number" and b.marker is not None]
    for position, index in enumerate(numbered):
        block = blocks[index]
        marker = block.marker
        assert marker is not None
        before_marker = blocks[numbered[position - 1]].marker if position else None
        after_marker = blocks[numbered[position + 1]].marker if position + 1 < len(numbered) else None
        if not marker.token.isdigit() and not (
            (before_marker is not None and consecutive(before_marker, marker))
            or (after_marker is not None and consecutive(marker, after_marker))
        ):
            block.kind, block.text = "para", block.text_with_marker()
            continue
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        before = blocks[index - 1] if index else None
        if (
            not block.hinted
            and is_heading_text(block.text)
            and (after is None or after.kind == "para")
            and (before is None or before.kind != "number")
        ):
            block.kind, block.text = "heading", block.text_with_marker()


def consecutive(first: Marker, second: Marker) -> bool:
    return first.style == second.style and any(
        second.values.get(kind) == value + 1 for kind, value in first.values.items()
    )


def should_join(
    previous: Block,
    last_physical: str,
    text: str,
    blank_before: bool,
    double_spaced: bool,
    first: bool = False,
    wrap_width: int = 0,
) -> bool:
    if previous.kind == "heading" and previous.hinted:
        return False
    if last_physical.endswith(TERMINAL) and not last_physical.endswith(("..", "…")):  # a dot leader goes on
        return False
    if last_physical.endswith("-") and text[0].islower():
        return True
    if text[0].islower():
        return True
    # A labelled heading ("Mål 1 – Ett internationellt konkurrenskraftigt näringsliv") is long but whole.
    if previous.text == last_physical and LABEL.match(last_physical) and is_heading_text(last_physical):
        return False
    # A title line and the organisation's name under it are two headings, not one wrapped line.
    if (
        first
        and is_heading_text(previous.text)
        and is_heading_text(text)
        and not re.search(r"\b(och|för|i|av|med|till|samt|på|om|and|of|for|the)$", last_physical, re.IGNORECASE)
    ):
        return False
    # A line alone, clearly shorter than the document's lines, without punctuation or a finite verb and
    # followed by a capital, is a heading however long it is ("Organisation och ledarskap för en region i
    # världen" over its paragraph); a wrapped sentence goes on in lower case or fills the line.
    if (
        wrap_width
        and last_physical.endswith(previous.text)
        and text[:1].isupper()
        and is_heading_text(previous.text)
        and len(last_physical) < 0.85 * wrap_width
        and not HEADING_VERB.search(last_physical)
    ):
        return False
    wrapped = len(last_physical) >= WRAPPED_LINE
    # A short line without punctuation after a blank line is a heading, not the rest of a sentence.
    if blank_before and is_heading_text(text) and len(text) < 40:
        return False
    return wrapped and (not blank_before or double_spaced)
