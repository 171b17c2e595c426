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
from .unflatten import unflatten

NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
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


def is_heading_text(text: str) -> bool:
    words = text.split()
    return (
        0 < len(text) <= 80
        and len(words) <= 10
        and not text.endswith((".", ",", ";", ":", "!", "?", "-", "–"))
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
        numbered = NUMBERED.match(text)
        if line.kind in ("heading", "row"):
            raw_blocks.append(Block("heading", text, level=line.level, hinted=True, table=line.kind == "row"))
        elif bullet and (line.kind in (None, "bullet")):
            raw_blocks.append(Block("bullet", text[bullet.end() :].strip()))
        elif numbered and line.kind in (None, "number"):
            raw_blocks.append(Block("number", numbered.group(2), number=int(numbered.group(1))))
        elif (raw_blocks and line.kind == "continuation") or (
            raw_blocks
            and should_join(raw_blocks[-1], last_physical, text, blank_before, double_spaced, len(raw_blocks) == 1)
        ):
            raw_blocks[-1].text = join_hyphenated(raw_blocks[-1].text, text)
        else:
            raw_blocks.append(Block("para", text))
        last_physical = text
        blank_before = False
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


def should_join(
    previous: Block, last_physical: str, text: str, blank_before: bool, double_spaced: bool, first: bool = False
) -> bool:
    if previous.kind == "heading" and previous.hinted:
        return False
    if last_physical.endswith(TERMINAL) and not last_physical.endswith(("..", "…")):  # a dot leader goes on
        return False
    if last_physical.endswith("-") and text[0].islower():
        return True
    if text[0].islower():
        return True
    # A title line and the organisation's name under it are two headings, not one wrapped line.
    if (
        first
        and is_heading_text(previous.text)
        and is_heading_text(text)
        and not re.search(r"\b(och|för|i|av|med|till|samt|på|om|and|of|for|the)$", last_physical, re.IGNORECASE)
    ):
        return False
    wrapped = len(last_physical) >= WRAPPED_LINE
    # A short line without punctuation after a blank line is a heading, not the rest of a sentence.
    if blank_before and is_heading_text(text) and len(text) < 40:
        return False
    return wrapped and (not blank_before or double_spaced)
