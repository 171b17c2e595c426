"""Builders of test documents for the importer tests: DOCX, PDF (WeasyPrint), broken files."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

STRATEGY_HTML = """<html><head><style>
body {{ font-family: sans-serif; font-size: 11pt; }} h1 {{ font-size: 22pt; }} h2 {{ font-size: 16pt; }}
h3 {{ font-size: 13pt; }} p {{ text-align: justify; }}
</style></head><body>{body}</body></html>"""


def pdf_from_html(body: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=STRATEGY_HTML.format(body=body)).write_pdf()


def strategy_pdf_body(pages: int = 1) -> str:
    """A strategy with hyphenated words, headings by font size and bullets; `pages` repeats the prose."""
    filler = (
        "<p>"
        + " ".join(
            ["Det internationella arbetet ska bidra till kommunens utveckling och till nytta för invånarna."] * 40
        )
        + "</p>"
    )
    parts = [
        "<h1>Internationell strategi för Åby kommun</h1>",
        "<p>Strategin antogs av kommunfullmäktige den 3 mars 2021 och ersätter den internationella strategin som antogs av kommunfullmäktige den 1 juni 2015.</p>",
        "<h2>Inriktningar</h2>",
        "<h3>Profilering</h3><ul><li>Åby ska synas i europeiska nätverk</li><li>Fler internationella besök</li></ul>",
        "<h3>Kunskapsutbyte</h3><ul><li>Personalen deltar i utbyten</li></ul>",
        "<h3>Extern finansiering</h3><ul><li>Fler EU-projekt söks varje år</li></ul>",
        "<h2>Ansvar</h2><p>Kommunstyrelsen ansvarar för uppföljningen av strategin.</p>",
        "<h2>Uppföljning</h2><p>Strategin följs upp minst en gång per mandatperiod.</p>",
    ]
    body = "".join(parts)
    for n in range(1, pages):
        body += f"<h2 style='page-break-before: always'>Bilaga {n}</h2>" + filler * 2
    return body


def docx_with_headings(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Internationell policy för Bergs kommun", level=1)
    document.add_paragraph("Policyn antogs av kommunfullmäktige den 12 maj 2020.")
    document.add_heading("Inriktningar", level=2)
    for name, goals in [
        ("Hållbar utveckling", ["Minska utsläppen genom samarbete", "Dela goda exempel"]),
        ("Demokrati och delaktighet", ["Unga deltar i utbyten"]),
        ("Näringsliv", ["Stötta företagens export"]),
    ]:
        document.add_heading(name, level=3)
        for goal in goals:
            document.add_paragraph(goal, style="List Bullet")
    document.add_heading("Uppföljning", level=2)
    document.add_paragraph("Policyn följs upp årligen i årsrapporten.")
    document.save(path)
    return path


def docx_with_table(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Strategi för internationellt arbete i Dals kommun", level=1)
    document.add_heading("Prioriterade områden", level=2)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Område"
    table.rows[0].cells[1].text = "Mål"
    for name, goals in [
        ("Klimat", "Halverade utsläpp\nFler klimatprojekt"),
        ("Utbildning", "Fler elevutbyten"),
        ("Kultur", "Ett kulturutbyte per år"),
    ]:
        row = table.add_row()
        row.cells[0].text = name
        row.cells[1].text = goals
    document.add_heading("Ansvar", level=2)
    document.add_paragraph("Kommunstyrelsen ansvarar för strategin.")
    document.save(path)
    return path


NUMBERED_POLICY = """Internationell handlingsplan för Ekby kommun

Beslutad i KF 2008-05-20 § 61. Dnr KS 2011/0050.

Kommunen har fyra prioriterade områden för det internationella arbetet. Dessa är:

1. Profilering
- Ekby marknadsförs på mässor
- Besök tas emot på ett planerat sätt
2. Kompetens
- Personalen får del av EU-kunskap
3. Samverkan
4. Påverkan

Ekby har vänorter i Tromsø och Keflavík.
"""


def encrypted_pdf(path: Path) -> Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_from_html(strategy_pdf_body())))
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    with path.open("wb") as out:
        writer.write(out)
    return path


def image_only_pdf(path: Path) -> Path:
    """A PDF whose page is a picture of text: what a scanner without OCR produces."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(8.27, 11.69))
    figure.text(0.1, 0.9, "Internationell strategi", fontsize=20)
    png = io.BytesIO()
    figure.savefig(png, format="png", dpi=50)
    plt.close(figure)
    import base64

    data = base64.b64encode(png.getvalue()).decode()
    path.write_bytes(pdf_from_html(f'<img alt="" src="data:image/png;base64,{data}" style="width: 100%">'))
    return path


def corrupt_pdf(path: Path) -> Path:
    data = pdf_from_html(strategy_pdf_body())
    path.write_bytes(data[:200] + b"\x00garbage" * 50)
    return path


def zip_as_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "Not a Word document")
    return path


def large_file(path: Path, size: int = 50 * 1024 * 1024 + 1) -> Path:
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(size)
    return path


def escape(text: str) -> str:
    return html.escape(text)


def docx_without_heading_styles(path: Path) -> Path:
    """A Word document whose headings are bold paragraphs in the Normal style, as many are written."""
    import docx
    from docx.shared import Pt

    document = docx.Document()

    def heading(text: str, size: int = 12) -> None:
        run = document.add_paragraph().add_run(text)
        run.bold, run.font.size = True, Pt(size)

    def para(text: str) -> None:
        document.add_paragraph().add_run(text).font.size = Pt(11)

    heading("Internationell strategi för Sandviks kommun", 18)
    para("Beslutad av kommunstyrelsen den 19 januari 2022, § 4.")
    heading("Bakgrund")
    para("Sandvik är en hamnstad, och många av kommunens företag säljer till andra länder.")
    heading("Prioriterade områden")
    for name, text in [
        ("Handel och investeringar", "Kommunen hjälper företag att hitta kunder och investerare utomlands."),
        ("Utbildning och forskning", "Skolorna och högskolan samarbetar med lärosäten i Europa."),
        ("Kultur", "Kulturskolan och biblioteket har utbyten med vänorterna."),
    ]:
        heading(name, 11)
        para(text)
    heading("Uppföljning")
    para("Strategin följs upp varje år.")
    document.save(path)
    return path


def text_pdf(text: str) -> bytes:
    """A PDF typeset from a plain text as the reader repairs it: headings larger, bullets as a list."""
    from utblick.strategies.importer.extract import Line
    from utblick.strategies.importer.repair import repair

    body = ""
    for block in repair([Line(t) for t in text.splitlines()]).blocks:
        words = escape(block.text)
        body += {"heading": f"<h2>{words}</h2>", "bullet": f"<ul><li>{words}</li></ul>"}.get(
            block.kind, f"<p>{words}</p>"
        )
    return pdf_from_html(body)


def scanned_pdf(path: Path, text_pdf_data: bytes, pages: int | None = None) -> Path:
    """An image-only PDF: each page of a typeset PDF rendered to a picture, as a scanner without OCR makes it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(text_pdf_data)
    images = [document[n].render(scale=200 / 72, grayscale=True).to_pil() for n in range(len(document))]
    document.close()
    images = images[:pages] if pages else images
    images[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return path


TABLE_STYLE = (
    "table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999; padding: 6pt;"
    " vertical-align: top; text-align: left; } td:first-child { width: 32%; }"
)


def two_column_table_pdf(path: Path) -> Path:
    """A policy whose focus areas are the first column of a two-column table, the second column wrapped."""
    from weasyprint import HTML

    prose = (
        "Kommunen har under många år haft kontakter med städer och regioner i andra länder. Kontakterna har gett "
        "nya idéer till skolan, omsorgen och samhällsbyggandet, men arbetet har inte alltid haft en tydlig "
        "riktning. Policyn ska göra det lättare att välja de samarbeten som ger mest nytta för invånarna."
    )
    rows = [
        (
            "Hållbar samhällsutveckling",
            "Kommunen lär av städer i andra länder hur utsläppen kan minska och deltar i minst ett europeiskt "
            "klimatprojekt per år.",
        ),
        (
            "Skola och ungdom",
            "Alla gymnasieelever ska erbjudas ett utbyte med en skola i ett annat land under sin utbildning.",
        ),
        ("Näringsliv och arbetsmarknad", "Företagen får stöd att hitta partner och kunder på nya marknader."),
    ]
    table = "<tr><th>Fokusområde</th><th>Vad vi vill uppnå</th></tr>" + "".join(
        f"<tr><td>{name}</td><td>{text}</td></tr>" for name, text in rows
    )
    body = (
        "<h1>Internationell policy för Dalsby kommun</h1>"
        "<p>Antagen av kommunfullmäktige den 15 juni 2021, § 88.</p>"
        f"<h2>Inledning</h2><p>{prose}</p><h2>Fokusområden</h2><table>{table}</table>"
        "<h2>Uppföljning</h2><p>Kommunstyrelsen följer upp policyn en gång per mandatperiod.</p>"
    )
    html = STRATEGY_HTML.format(body=body).replace("</style>", TABLE_STYLE + "</style>")
    path.write_bytes(HTML(string=html).write_pdf())
    return path
