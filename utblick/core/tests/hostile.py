"""Hostile files for the tests, made on the spot (nothing large is kept in the repository).

Zip bombs (honest ones, whose headers say how large they unpack, and lying ones, whose headers say
they are small), Office files with billion-laughs or external-entity XML, and feeds with the same.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

GiB = 1024**3
MiB = 1024**2

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCUMENT_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ' + W + b"><w:body><w:p><w:r><w:t>"
DOCUMENT_TAIL = b"</w:t></w:r></w:p></w:body></w:document>"

BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode() for n in range(1, 10)
    )
    + b"]>"
)
LAUGH = b"&lol9;"


def xxe(target: str = "file:///etc/passwd") -> bytes:
    return f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{target}">]>'.encode()


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_ROW = b'<row><c t="inlineStr"><is><t>Bomb</t></is></c></row>'
SHEET_TAIL = b"</sheetData></worksheet>"


def _deflated_run(head: bytes, filler: bytes, size: int, tail: bytes) -> tuple[bytes, int, bytes]:
    """``size`` bytes (head, filler repeated, tail) deflated, their CRC-32, and their first kilobyte.

    A megabyte of filler is deflated once and its bytes repeated: after a full flush the deflater
    starts afresh, so every megabyte packs to the same bytes (about 1,000 to 1).
    """
    block = filler * (MiB // len(filler))
    count, rest = divmod(size - len(head) - len(tail), len(block))
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = deflater.compress(head) + deflater.flush(zlib.Z_FULL_FLUSH)
    packed_block = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    end = deflater.compress(block[:rest] + tail) + deflater.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(block[:rest] + tail, crc)
    return start + packed_block * count + end, crc, (head + block)[:1024]


def _bomb(
    path: Path, parts: dict[str, bytes], name: str, run: tuple[bytes, bytes, bytes], size: int, lying: bool
) -> Path:
    packed, crc, first = _deflated_run(run[0], run[1], size, run[2])
    entries = [(part, _deflate(data), zlib.crc32(data), len(data)) for part, data in parts.items()]
    # A lying header declares one kilobyte, with that kilobyte's checksum.
    entries.append((name, packed, zlib.crc32(first) if lying else crc, 1024 if lying else size))
    path.write_bytes(_zip_by_hand(entries))
    return path


def _deflate(data: bytes) -> bytes:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflater.compress(data) + deflater.flush()


def docx_bomb(path: Path, size: int = 2 * GiB, *, lying: bool = False) -> Path:
    """A DOCX of about 2 MB whose document.xml unpacks to ``size`` bytes of well-formed text.

    ``lying``: its header says document.xml is one kilobyte.
    """
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": DOCX_RELS}
    return _bomb(path, parts, "word/document.xml", (DOCUMENT_HEAD, b"A", DOCUMENT_TAIL), size, lying)


def xlsx_bomb(path: Path, size: int = 2 * GiB, *, lying: bool = False) -> Path:
    """A real workbook whose first sheet is replaced by ``size`` bytes of rows (``lying`` as above)."""
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(_workbook())) as workbook:
        parts = {info.filename: workbook.read(info) for info in workbook.infolist() if info.filename != name}
    return _bomb(path, parts, name, (SHEET_HEAD, SHEET_ROW, SHEET_TAIL), size, lying)


def _zip_by_hand(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP of deflated parts with the sizes and checksums given, true or not (APPNOTE 4.3.7, 4.3.12, 4.3.16)."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, packed, crc, declared in entries:
        offset, encoded = body.tell(), name.encode()
        sizes = (crc, len(packed), declared, len(encoded))
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, *sizes, 0) + encoded + packed)
        header = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, 0, offset)
        directory.write(header + encoded)
    count, start, listing = len(entries), body.tell(), directory.getvalue()
    body.write(listing + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(listing), start, 0))
    return body.getvalue()


def _workbook(rows: list[list[str]] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows or [["Title", "Deadline"], ["Ett anslag", "2027-03-01"]]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_prolog(original: bytes, name: str, doctype: bytes, replace: tuple[bytes, bytes]) -> bytes:
    """The Office file with a document type put into one XML part's prolog and a reference into its text."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == name:
                declaration, rest = (
                    data.split(b"?>", 1) if data.startswith(b"<?xml") else (b'<?xml version="1.0"', data)
                )
                data = declaration + b"?>" + doctype + rest.replace(*replace, 1)
            copy.writestr(info, data)
    return target.getvalue()


def xlsx_with_entities(doctype: bytes, reference: bytes) -> bytes:
    """A workbook whose first data cell holds an entity reference, declared in the sheet's prolog."""
    original = _workbook([["Title", "Deadline"], ["PLACEHOLDER", "2027-03-01"]])
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        names = source.namelist()
    # openpyxl keeps strings in the shared strings part; the reference goes where the text is.
    name = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/worksheets/sheet1.xml"
    return _with_prolog(original, name, doctype, (b"PLACEHOLDER", reference))


def docx_with_entities(doctype: bytes, reference: bytes) -> bytes:
    """A Word document whose paragraph holds an entity reference, declared in document.xml's prolog."""
    import docx

    document = docx.Document()
    document.add_heading("Internationell strategi", 1)
    document.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_prolog(buffer.getvalue(), "word/document.xml", doctype, (b"PLACEHOLDER", reference))


def feed_with_entities(doctype: bytes, reference: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + doctype
        + b'<rss version="2.0"><channel><title>Nyheter</title><item><title>'
        + reference
        + b"</title><link>https://example.org/1</link><guid>n-1</guid></item></channel></rss>"
    )
