"""Saved web pages (.html, .htm): the main content through trafilatura, as `Line`s with headings, lists and tables.

trafilatura finds the page's main text and leaves out menus, cookie banners, breadcrumbs, share
buttons and footers; its XML output keeps headings (`<head rend="h2">`), lists and tables, which map
onto the same hints a Word document gives. What it keeps of page furniture ("Senast uppdaterad …")
is dropped by the repair like a PDF's page numbers. A list of links inside the main content is read
as its words (trafilatura would drop it as a menu).
"""

from __future__ import annotations

from lxml import etree

from .errors import DocumentImportError
from .lines import Line


def _text(element) -> str:
    """The element's own text and that of inline children, without nested lists."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "list":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def html_lines(data: bytes) -> list[Line]:
    import trafilatura

    tree = trafilatura.load_html(data)
    if tree is not None:
        # trafilatura drops a list whose items are all links as navigation; inside the page's main content
        # such a list names things ("Läs mer om våra tre fokusområden: • Kunskapsutbyte • …"), so its links
        # are read as their text. Menus outside <main>/<article>, and any inside <nav>, stay links.
        for link in tree.xpath(
            "(//main|//article|//*[@role='main'])//li//a[not(ancestor::nav) and not(ancestor::*[@role='navigation'])]"
        ):
            link.drop_tag()
    xml = trafilatura.extract(
        tree if tree is not None else data,
        output_format="xml",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        favor_recall=True,
        with_metadata=True,
    )
    if not xml:
        text = trafilatura.html2txt(data) if data.strip() else ""
        if not text.strip():
            raise DocumentImportError("empty")
        return [Line(line) for line in text.splitlines()]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml.encode("utf-8"), parser)
    main = root.find("main")
    lines: list[Line] = []
    state = {"level": 0}
    for element in main if main is not None else root:
        lines += element_lines(element, state)
    return lines


def list_lines(element, nested: bool = False) -> list[Line]:
    """A list's items; the items of a list inside an item are that item's goals (the other list kind)."""
    has_nested = any(item.find("list") is not None for item in element.iter("item"))
    ordered = element.get("rend") == "ol"
    lines: list[Line] = []
    number = 0
    for item in element.findall("item"):
        text = _text(item)
        if text:
            number += 1
            numbered = (ordered or has_nested) and not nested
            lines.append(Line(f"{number}. {text}", kind="number") if numbered else Line("• " + text, kind="bullet"))
        for inner in item.findall("list"):
            lines += list_lines(inner, nested=True)
    return lines


def element_lines(element, state: dict) -> list[Line]:
    from .office import table_lines

    tag = element.tag
    if tag == "head":
        rend = element.get("rend") or "h2"
        level = int(rend[1]) if rend[1:].isdigit() else 2
        state["level"] = level
        return [Line(""), Line(_text(element), level=level, kind="heading"), Line("")]
    if tag == "list":
        return [*list_lines(element), Line("")]
    if tag == "table":
        rows = [
            [
                "\n".join(filter(None, [_text(cell), *(_text(i) for i in cell.iter("item"))]))
                for cell in row.findall("cell")
            ]
            for row in element.findall("row")
        ]
        return table_lines([row for row in rows if row], state["level"])
    text = _text(element)
    return [Line(text), Line("")] if text else []
