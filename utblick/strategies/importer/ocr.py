"""Text recognition for scanned PDFs: pages rendered by pypdfium2, read by Debian's tesseract through pytesseract.

Tesseract gives each word's box; words are grouped into its lines, and a line's height in points stands
in for its font size, so the same layout analysis as for a PDF with a text layer finds headings,
paragraphs and list items (`pdf.layout_to_lines`). Without the `tesseract` program (Debian's
`tesseract-ocr`, with `tesseract-ocr-swe` for Swedish) a scan is refused as before.
"""

from __future__ import annotations

import os
import shutil
import statistics
from functools import cache

from .errors import DocumentImportError
from .lines import PageLine, Progress, group_lines

#: Rendering resolution: enough for tesseract on body text, and a 5-page scan in seconds, not minutes.
DPI = 200
#: Words tesseract is less sure of than this (0–100) are left out: they are mostly specks and rules.
MIN_CONFIDENCE = 30


def available() -> bool:
    return shutil.which("tesseract") is not None


@cache
def languages() -> str:
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except Exception:  # an unusable installation is the same as none: the caller refuses the scan
        return "eng"
    wanted = [lang for lang in ("swe", "eng") if lang in installed]
    return "+".join(wanted) or "eng"


def ocr_pages(data: bytes, progress: Progress | None = None) -> tuple[list[list[PageLine]], list[float]]:
    """Every page's lines (positions in points, as a text layer gives them) and the pages' heights."""
    import pypdfium2 as pdfium
    import pytesseract

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DocumentImportError("corrupt_pdf") from exc
    # Tesseract's OpenMP threads compete with each other and the web workers on a small machine: one page
    # at a time on one thread is several times faster there.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pages: list[list[PageLine]] = []
    heights: list[float] = []
    total = len(document)
    scale = DPI / 72
    try:
        for number in range(total):
            page = document[number]
            heights.append(float(page.get_height()))
            image = page.render(scale=scale, grayscale=True).to_pil()
            words = pytesseract.image_to_data(
                image, lang=languages(), config="-c tessedit_do_invert=0", output_type=pytesseract.Output.DICT
            )
            pages.append(page_lines(words, scale))
            if progress is not None:
                progress(number + 1, total, "ocr")
    except pytesseract.TesseractError as exc:
        raise DocumentImportError("no_text_layer") from exc
    finally:
        document.close()
    return pages, heights


def share_of_em(word: str) -> float:
    """How much of the font size a word's box is tall: "om" only the x-height, "policy" ascender to descender.

    Tesseract's boxes are tight around the letters; dividing by this gives every word of a line about the
    same size, so a heading's size is told apart from the body's even when its words have no descenders.
    """
    ascends = any(c in "bdfhklt" or c.isupper() or c.isdigit() or c in "åäöÅÄÖ" for c in word)
    descends = any(c in "gjpqy," for c in word)
    if ascends and descends:
        return 0.95
    if ascends:
        return 0.74
    if descends:
        return 0.7
    return 0.5


def page_lines(words: dict[str, list], scale: float) -> list[PageLine]:
    """Tesseract's words into lines; a line's size is the median height of its words, in points."""
    fragments: list[tuple[float, float, float, str]] = []
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, text in enumerate(words["text"]):
        if text.strip() and float(words["conf"][index]) >= MIN_CONFIDENCE:
            key = (words["block_num"][index], words["par_num"][index], words["line_num"][index])
            lines.setdefault(key, []).append(index)
    for indexes in lines.values():
        size = round(statistics.median(words["height"][i] / share_of_em(words["text"][i]) for i in indexes) / scale)
        bottoms = {i: (words["top"][i] + words["height"][i]) / scale for i in indexes}
        line_bottom = statistics.median(bottoms.values())
        for i in indexes:
            # Words at the line's bottom, so descenders do not reorder them; a word far below is on a line of
            # its own (tesseract sometimes puts two lines of a table cell in one line).
            bottom = bottoms[i] if abs(bottoms[i] - line_bottom) > 0.6 * size else line_bottom
            fragments.append((bottom, words["left"][i] / scale, float(size), words["text"][i] + " "))
    return group_lines(fragments)
