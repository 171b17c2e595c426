"""The same restructured yearly report through WeasyPrint, Typst and ReportLab, interleaved (ADR 0015).

Run on the bench database: DATABASE_URL=... python tools/bench/pdf_engines.py [rounds]
"""

import io
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()
from django.db.models import Count  # noqa: E402 - after django.setup()
from django.utils import translation  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from utblick.followup import reports  # noqa: E402
from utblick.organisations.models import Organisation  # noqa: E402


def esc(t):
    return (
        str(t)
        .replace("\\", "\\\\")
        .replace("#", "\\#")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("$", "\\$")
        .replace("<", "\\<")
        .replace("@", "\\@")
        .replace("`", "\\`")
    )


def cell(t):
    return "[" + esc(t) + "]"


def typst_source(r):
    out = [
        '#set page(paper: "a4", margin: 2cm, footer: context [#h(1fr) #counter(page).display("1 / 1", both: true)])',
        '#set text(font: "DejaVu Sans", size: 10pt, lang: "sv")',
        '#show heading: set text(fill: rgb("#1b3a5c"))',
        f"= {esc(r.title)}",
        esc(r.subtitle),
        "",
    ]

    def table(headers, rows, cols):
        out.append(
            f'#table(columns: {cols}, stroke: 0.5pt + rgb("#c7d0da"), table.header('
            + ", ".join("[*" + esc(h) + "*]" for h in headers)
            + "),"
        )
        for row in rows:
            out.append("  " + ", ".join(cell(v) for v in row) + ",")
        out.append(")")

    out.append("== Sammanfattning av året")
    table(["Uppgift", str(r.year)], [[f.label, f.text] for f in r.summary], "(auto, auto)")
    table(["Slag", "Antal"], [[k, n] for k, n in r.by_kind], "(auto, auto)")
    for b in r.directions:
        out.append(f"== {esc(b.name)}")
        out.append(esc(f"{b.count} engagemang under året."))
        table(["Del", "Engagemang"], [[s.title, s.count] for s in b.sections], "(auto, auto)")
    out.append("== Inlämnade ansökningar")
    table(
        ["Ansökan", "Inlämnad", "Utfall"],
        [[e.title, d.isoformat(), o] for e, o, d in r.applications],
        "(1fr, auto, auto)",
    )
    out.append("== Resultat")
    table(["Engagemang", "Resultat"], [[x.engagement.title, x.results] for x in r.results], "(1fr, 2fr)")
    out.append("== Indikatorer")
    for s in r.indicators:
        out.append(f"=== {esc(s.title)} ({esc(s.unit)})")
        bars = s.bars
        out.append("#box(width: 8cm, height: 4cm, {")
        for bar in bars:
            out.append(
                f'  place(dx: {bar["x"] * 0.04}cm, dy: {bar["y"] * 0.04}cm, rect(width: 1.44cm, height: {max(bar["height"], 0.01) * 0.04}cm, fill: rgb("#1b3a5c")))'
            )
        out.append("})")
        table([str(y) for y, _ in s.points], [[("–" if v is None else v) for _, v in s.points]], f"{len(s.points)}")
    return "\n".join(out)


def reportlab_pdf(r):
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    story = [Paragraph(r.title, styles["Title"]), Paragraph(r.subtitle, styles["Normal"])]

    def table(headers, rows):
        story.append(
            Table([headers] + [[Paragraph(str(c), styles["Normal"]) for c in row] for row in rows], repeatRows=1)
        )
        story.append(Spacer(1, 8))

    story.append(Paragraph("Sammanfattning av året", styles["Heading1"]))
    table(["Uppgift", str(r.year)], [[f.label, f.text] for f in r.summary])
    for b in r.directions:
        story.append(Paragraph(b.name, styles["Heading1"]))
        table(["Del", "Engagemang"], [[s.title, s.count] for s in b.sections])
    story.append(Paragraph("Inlämnade ansökningar", styles["Heading1"]))
    table(["Ansökan", "Inlämnad", "Utfall"], [[e.title, d.isoformat(), o] for e, o, d in r.applications])
    story.append(Paragraph("Resultat", styles["Heading1"]))
    table(["Engagemang", "Resultat"], [[x.engagement.title, x.results] for x in r.results])
    for s in r.indicators:
        story.append(Paragraph(s.title, styles["Heading2"]))
        d = Drawing(230, 110)
        for bar in s.bars:
            d.add(Rect(bar["x"], 100 - bar["y"] - bar["height"], 36, max(bar["height"], 0.1)))
        story.append(d)
        table([str(y) for y, _ in s.points], [[("–" if v is None else str(v)) for _, v in s.points]])
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def main():
    import typst
    from weasyprint import HTML

    orgs = [
        Organisation.objects.annotate(u=Count("units", distinct=True)).filter(u__gte=40).first(),
        Organisation.objects.annotate(n=Count("engagements")).order_by("-n").first(),
    ]
    for org in orgs:
        r = reports.build_year_report(organisation=org, year=2025)
        with translation.override("sv"):
            src = typst_source(r)
        engines = {
            "weasyprint pdf/ua-1": lambda r=r: HTML(string=reports.render_html(r)).write_pdf(pdf_variant="pdf/ua-1"),
            "weasyprint plain": lambda r=r: HTML(string=reports.render_html(r)).write_pdf(),
            "typst": lambda src=src: typst.compile(src.encode()),
        }
        try:
            import reportlab  # noqa: F401 - not a dependency of the project; measured when installed
        except ImportError:
            pass
        else:
            engines["reportlab"] = lambda r=r: reportlab_pdf(r)
        for f in engines.values():
            f()  # warm
        times = {k: [] for k in engines}
        for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
            for name, f in engines.items():  # interleaved
                t = time.perf_counter()
                f()
                times[name].append(time.perf_counter() - t)
        for name, f in engines.items():
            pages = len(PdfReader(io.BytesIO(f())).pages)
            print(
                f"{org.slug} ({org.engagements.count()} engagements) {name:22s} median {statistics.median(times[name]) * 1000:7.0f} ms  min {min(times[name]) * 1000:6.0f} ms  {pages} pages"
            )


main()
