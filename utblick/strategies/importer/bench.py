"""Import time of a generated 30-page strategy PDF: `python -m utblick.strategies.importer.bench` (target <= 3 s).

The PDF is made with WeasyPrint (headings by font size, bullets, justified prose); only the import is timed.
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
        started = time.perf_counter()
        draft = read_document(path)
        elapsed = time.perf_counter() - started
    verdict = "ok" if elapsed <= TARGET_SECONDS else "SLOW"
    print(
        f"strategy import: {pages} pages, {len(data) // 1024} KiB, {len(draft.directions)} directions, "
        f"{elapsed:.2f} s (target <= {TARGET_SECONDS:.0f} s) {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
