"""Undo what PDF-to-text and copying from a web page do to a document's layout, before it is cut into blocks.

A transcript often gives one line per page: the page number first ("3 Inledning …"), page markers
inline ("2 (8)", "Blad 1(6)"), headings run into the paragraph after them ("Syfte Syftet med …",
"STRATEGI Underlätta …"), bullets inline ("• a • b", or "l" where a Wingdings bullet was), and
letter-spaced words ("S T R A T E G I S K"). Each step here works on one line and gives lines back, so
the rest of the repair (unwrapping, hyphens, headings) sees what the layout meant.
"""

from __future__ import annotations

import itertools
import re

from .lines import Line
from .markers import inline_runs

#: Headings that a transcript runs into the next paragraph; only capitalised as a heading is.
RUN_IN_WORDS = (
    "Innehållsförteckning|Innehåll|Inledning|Bakgrund|Sammanfattning|Syfte och mål|Syfte|Mål och syfte|"
    "Vision och mål|Delmål|Mål|Allmänt|Omfattning|Ansvar|Ansvarsfördelning|Uppföljning|Redovisning|Genomförande|"
    "Nuläge|Målgrupper|Strategier|Strategi|Inriktningar|Inriktning|Arbetsformer"
)
#: Multi-word headings: a capitalised adjective mid-sentence is a heading even without a full stop before it.
RUN_IN_PHRASES = "Prioriterade områden|Prioriterade insatser|Strategiska områden|Fokusområden|Insatsområden|Geografiska prioriteringar"
_START = r"(?:^|(?<=[.!?:;)]\s)|(?<=[.!?]”\s))"
_NEXT = r"(?=\s+(?:[A-ZÅÄÖ][\wåäö]|l\s+[A-ZÅÄÖ]|[•▪●]))"
RUN_IN = re.compile(
    rf"{_START}(?P<h>{RUN_IN_WORDS}|{RUN_IN_WORDS.upper()}){_NEXT}|(?<=\s)(?P<p>{RUN_IN_PHRASES}){_NEXT}"
)
#: An ALL-CAPS heading run into the paragraph: "NACKA KOMMUNS INTERNATIONELLA POLICY ALLMÄNT Nacka kommuns …".
CAPS_RUN = re.compile(_START + r"(?P<h>(?:[A-ZÅÄÖ][A-ZÅÄÖ-]*\s+){0,8}[A-ZÅÄÖ][A-ZÅÄÖ-]{3,})(?=\s+[A-ZÅÄÖ][a-zåäö])")
LETTER_SPACED = re.compile(r"(?<!\S)(?:[A-ZÅÄÖ] ){3,}[A-ZÅÄÖ](?!\S)|(?<!\S)(?:[a-zåäö] ){4,}[a-zåäö](?!\S)")
#: Page markers inline: "2 (8)", "Sida: 2 (7)", "Blad 1(6)".
PAGE_MARK = re.compile(r"(?:\b(?:Sida|Blad|Page):?\s*)?(?<![\d§/-])\b(\d{1,3}) ?\((\d{1,3})\)(?!\w)")
LEADING_NUMBER = re.compile(r"^(\d{1,3}) (?=\S)")
TRAILING_NUMBER = re.compile(r"(?<=[.!?)\w]) (\d{1,3})$")
#: Bullets inline: typographic glyphs, Wingdings' "l" (a bullet in Symbol fonts) after a sentence.
INLINE_BULLET = re.compile(r"\s+[•▪●■◾]\s+|\s+[\ue000-\uf8ff]\s*|(?:(?<=[.!?:;])|(?<=^))\s*\bl\s+(?=[A-ZÅÄÖ])")
DASH_ITEM = re.compile(r"\s+[-–]\s+(?=[a-zåäö])")


def join_letter_spaced(text: str) -> str:
    return LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def strip_page_markers(text: str) -> str:
    def drop(m: re.Match[str]) -> str:
        page, pages = int(m.group(1)), int(m.group(2))
        return " " if 0 < page <= pages and pages > 1 else m.group(0)

    return re.sub(r"\s{2,}", " ", PAGE_MARK.sub(drop, text)).strip()


def in_sequence(numbers: list[tuple[int, int]]) -> set[int]:
    """Indexes of lines whose number continues a run of page numbers (n, n+1, …) of at least two."""
    keep: set[int] = set()
    for position, (index, number) in enumerate(numbers):
        before = numbers[position - 1][1] if position else None
        after = numbers[position + 1][1] if position + 1 < len(numbers) else None
        if before == number - 1 or after == number + 1:
            keep.add(index)
    return keep


#: A transcript's line is a page (or at least a paragraph): numbered headings are shorter than this.
PAGE_LINE = 80


def strip_page_numbers(lines: list[str]) -> list[str]:
    """Page numbers at the start (or the end) of consecutive page-long lines: "1 …", "2 …", "3 …"."""
    long = [(i, t) for i, t in enumerate(lines) if len(t) >= PAGE_LINE]
    leading = [(i, int(m.group(1))) for i, t in long if (m := LEADING_NUMBER.match(t))]
    trailing = [(i, int(m.group(1))) for i, t in long if (m := TRAILING_NUMBER.search(t))]
    out = list(lines)
    for index in in_sequence(leading):
        out[index] = LEADING_NUMBER.sub("", out[index], count=1)
    for index in in_sequence(trailing):
        out[index] = TRAILING_NUMBER.sub("", out[index], count=1)
    return out


def split_run_in(text: str) -> list[Line]:
    """Cut headings out of the line they were run into; the pieces keep their order."""
    cuts: list[tuple[int, int]] = []
    for m in RUN_IN.finditer(text):
        group = "h" if m.group("h") else "p"
        if m.group(group).isupper() and re.match(r"\s+[A-ZÅÄÖ]{2,}\b", text[m.end(group) :]):
            continue  # a word of an ALL-CAPS line ("STRATEGI FÖR …"), which CAPS_RUN reads whole
        cuts.append((m.start(group), m.end(group)))
    for m in CAPS_RUN.finditer(text):
        heading = m.group("h")
        if len(heading.split()) >= 2 or len(heading) >= 5:
            cuts.append((m.start("h"), m.end("h")))
    if not cuts:
        return [Line(text)]
    cuts = merge(sorted(cuts))
    pieces: list[Line] = []
    position = 0
    for start, end in cuts:
        if text[position:start].strip():
            pieces += [Line(text[position:start].strip()), Line("")]
        heading = text[start:end].strip()
        # An ALL-CAPS run that ends in a section word is two headings: "… POLICY ALLMÄNT".
        tail = re.search(rf"\s({RUN_IN_WORDS.upper()})$", heading)
        parts = [heading[: tail.start()], tail.group(1)] if tail else [heading]
        for part in parts:
            pieces += [Line(part.strip(), kind="heading"), Line("")]
        position = end
    if text[position:].strip():
        pieces.append(Line(text[position:].strip()))
    return pieces


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


#: A heading run in before a list: a short capitalised phrase without a verb ("… samarbete: Extern finansiering").
LIST_HEADING = re.compile(r"(?:^|(?<=[.!?:;]\s))(?P<h>[A-ZÅÄÖ][\wåäö-]*(?:\s+(?:[a-zåäö][\wåäö-]*|och|/)){0,5})\s*$")
NOT_IN_HEADING = re.compile(r"\b(ska|skall|är|har|kan|bör|att|som|vi|det|den|för)\b")


def split_bullets(line: Line) -> list[Line]:
    """Inline bullets become lines of their own, each starting with "• ".

    A short phrase right before a bullet, after a sentence, is the heading of the list ("… samarbete:
    Extern finansiering • Kommunens verksamheter …"); the last item ends with its first sentence, after
    which the paragraph goes on.
    """
    if line.kind == "heading":
        return [line]
    text = line.text
    parts = INLINE_BULLET.split(text)
    if len(parts) == 1 and len(DASH_ITEM.findall(text)) >= 3:
        parts = DASH_ITEM.split(text)
    if len(parts) == 1:
        return [line]
    out: list[Line] = []
    for index, part in enumerate(parts):
        part = part.strip()
        heading = None
        # A short item alone ("• Norden") stays an item: only a phrase after the item's own sentence is a heading.
        if (
            index < len(parts) - 1
            and (m := LIST_HEADING.search(part))
            and not NOT_IN_HEADING.search(m.group("h"))
            and (m.start("h") > 0 or index == 0)
        ):
            part, heading = part[: m.start("h")].strip(), m.group("h")
        tail = ""
        if index == len(parts) - 1 and (
            end := re.search(rf"[.!?](?=\s+[A-ZÅÄÖ][a-zåäö]+\s+[a-zåäö])|\s(?=(?:{RUN_IN_WORDS})\s+[A-ZÅÄÖ])", part)
        ):
            part, tail = part[: end.end()].strip(), part[end.end() :].strip()
        elif index == len(parts) - 1 and index > 1:
            part, tail = cut_last_item(part, parts[1:index])
        if part:
            out.append(Line(part, kind=line.kind) if index == 0 else Line("• " + part))
        if heading:
            out += [Line(""), Line(heading, kind="heading"), Line("")]
        if tail:
            out += [Line(""), Line(tail)]
    return out


#: Words after which a capitalised word is a name inside an item ("Unga i Europa"), not a new sentence.
CONNECTORS = {
    "och",
    "i",
    "med",
    "för",
    "inom",
    "mot",
    "av",
    "på",
    "till",
    "från",
    "om",
    "and",
    "in",
    "with",
    "of",
    "&",
    "/",
}


def cut_last_item(part: str, others: list[str]) -> tuple[str, str]:
    """The last item of a flattened list of names, and the paragraph its end ran into.

    The items before it say how long a name is; a last item much longer than they are ends before the
    first capitalised word that starts a sentence ("Trygghet och krisberedskap Arbetet inom områdena
    beskrivs …" → "Trygghet och krisberedskap"). Lists of sentences are left as they are.
    """
    lengths = [len(o.split()) for o in others if o.strip()]
    if not lengths or max(lengths) > 8 or len(part.split()) <= max(lengths) + 2:
        return part, ""
    words = list(re.finditer(r"\S+", part))
    for index in range(1, len(words) - 2):
        word, before = words[index].group(0), words[index - 1].group(0)
        if (
            word[:1].isupper()
            and not word.isupper()
            and word[1:2].islower()
            and before.lower() not in CONNECTORS
            and not before.endswith(("-", ","))
        ):
            return part[: words[index].start()].strip(), part[words[index].start() :].strip()
    return part, ""


def split_markers(line: Line) -> list[Line]:
    """A list flattened into a line with its markers: "… fyra huvudområden. I. Europa II. Vänorter III. …".

    A run counts from 1 in one style; it starts at the line's start or after a sentence or a colon. An
    enumeration inside a sentence ("(i) x, (ii) y och (iii) z") stays where it is: its items end in a
    comma or a conjunction.
    """
    if line.kind == "heading":
        return [line]
    text = line.text
    for run in inline_runs(text):
        first = run[0].start
        if first and not re.search(r"[.!?:;]\s*$", text[:first]):
            continue
        items = [text[a.end : b.start] for a, b in itertools.pairwise(run)]
        if any(re.search(r"(?:[,;]|\s(?:och|samt|and|eller|or))\s*$", item) for item in items):
            continue
        last, tail = cut_last_item(text[run[-1].end :], items)
        items.append(last)
        out = [Line(text[:first].strip()), Line("")] if text[:first].strip() else []
        out += [Line(f"{marker.text} {item.strip()}") for marker, item in zip(run, items, strict=True)]
        return out + ([Line(""), Line(tail)] if tail else [])
    return [line]


def unflatten(lines: list[Line]) -> list[Line]:
    texts = strip_page_numbers([line.text.strip() for line in lines])
    out: list[Line] = []
    for line, text in zip(lines, texts, strict=True):
        text = strip_page_markers(join_letter_spaced(text))
        if not text:
            out.append(Line(""))
            continue
        if line.kind is not None:  # the format said what the line is: only bullets inline are split
            out.append(Line(text, level=line.level, kind=line.kind))
            continue
        for piece in split_run_in(text):
            for item in split_bullets(piece):
                out += split_markers(item)
    return out
