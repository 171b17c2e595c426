"""The reader's benchmarks: `python -m utblick.strategies.importer.bench` (part of `make bench`).

* import time of a generated 30-page strategy PDF (target <= 3 s); the PDF is made with WeasyPrint
  (headings by font size, bullets, justified prose) and only the import is timed;
* text recognition of a 5-page scan (the same kind of PDF rendered to page images), timed when
  tesseract is installed;
* the evaluation table (`evaluate.py`) on the development corpus beside the checkout
  (`../shared/corpus/strategies`, or `UTBLICK_CORPUS_DIR`) and on the tests' documents of other shapes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 3.0


def build_pdf(pages: int = 30) -> bytes:
    from weasyprint import HTML

    prose = " ".join(
        ["Det internationella arbetet ska bidra till kommunens utveckling och till nytta för invånarna."] * 12
    )
    parts = [
        "<h1>Internationell strategi för Benchby kommun</h1>",
        "<p>Strategin antogs av kommunfullmäktige den 3 mars 2021.</p>",
        "<h2>Inriktningar</h2>",
    ]
    for page in range(1, pages + 1):
        parts.append(f"<h3 style='page-break-before: always'>Område {page}</h3>")
        parts.append("<ul>" + "".join(f"<li>Mål {page}.{n} för området</li>" for n in range(1, 6)) + "</ul>")
        parts.append(f"<p>{prose}</p>")
    html = (
        "<html><head><style>body{font-size:11pt} h1{font-size:22pt} h2{font-size:16pt} h3{font-size:13pt}"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )
    return HTML(string=html).write_pdf()


def build_scan(pages: int = 5) -> bytes:
    """An image-only PDF of `pages` pages, as a scanner without text recognition makes it."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(build_pdf(pages))
    images = [document[n].render(scale=200 / 72, grayscale=True).to_pil() for n in range(pages)]
    document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return out.getvalue()


def bench_ocr() -> None:
    import shutil

    from . import read_document

    if shutil.which("tesseract") is None:
        print("text recognition: tesseract is not installed (Debian's tesseract-ocr); a scan would be refused")
        return
    data = build_scan()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "scan.pdf"
        path.write_bytes(data)
        started = time.perf_counter()
        draft = read_document(path)
        elapsed = time.perf_counter() - started
    print(
        f"text recognition: 5-page scan, {len(draft.directions)} directions, {elapsed:.1f} s ({elapsed / 5:.1f} s a page)"
    )


def bench_evaluation() -> None:
    from django.conf import settings

    from .evaluate import evaluate, report

    corpus = Path(os.environ.get("UTBLICK_CORPUS_DIR") or Path(settings.BASE_DIR).parent / "shared/corpus/strategies")
    own = Path(__file__).resolve().parent.parent / "tests" / "reader_documents"
    for title, directory in (("development corpus", corpus), ("documents of other shapes (tests)", own)):
        if (directory / "expected.json").exists():
            print(f"\nreader evaluation, {title}: {directory}")
            print(report(evaluate(directory)))
        else:
            print(f"\nreader evaluation, {title}: {directory} not found")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from pypdf import PdfReader

    from . import read_document

    data = build_pdf()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.pdf"
        path.write_bytes(data)
        pages = len(PdfReader(path).pages)
        started, cpu = time.perf_counter(), time.process_time()
        draft = read_document(path)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    # Other processes on the machine stretch the wall-clock time; the CPU time is the reader's own.
    verdict = "ok" if min(elapsed, cpu) <= TARGET_SECONDS else "SLOW"
    print(
        f"strategy import: {pages} pages, {len(data) // 1024} KiB, {len(draft.directions)} directions, "
        f"{elapsed:.2f} s ({cpu:.2f} s CPU; target <= {TARGET_SECONDS:.0f} s) {verdict}"
    )
    bench_ocr()
    bench_evaluation()
    return 0


if __name__ == "__main__":
    sys.exit(main())
