"""ZIP-based Office files (XLSX, DOCX) checked before any library unpacks them.

A 2 MB DOCX can hold a ``document.xml`` of 2 GiB (a "zip bomb"): python-docx reads every part
whole into memory, openpyxl reads the shared strings whole. Every upload that a library will
unpack comes through ``check_office_file`` first, which refuses the file when

- its parts would unpack to more than ``UTBLICK_UNZIPPED_MAX_BYTES`` together, or one part is
  compressed more than ``UTBLICK_ZIP_MAX_RATIO`` times (past the first megabyte), or it has more
  than ``MAX_PARTS`` parts: read from the central directory, nothing is unpacked yet;
- a part does not unpack to exactly the size and checksum its header declares. Python's zipfile,
  which both libraries use, cuts a part off at its declared size, but only after inflating all it
  was given in one piece: a part that lies about its size would still fill the memory. So every
  part is inflated here once, 64 kB at a time, and a lie is found before the library reads it;
- an XML part declares a document type. ECMA-376 (Part 2) forbids document type declarations in
  Office files; they carry entity expansion ("billion laughs") and external entities (XXE). The
  parsers are defused besides: openpyxl uses defusedxml when it is installed, python-docx gets a
  parser without entities, DTDs or network (``strategies.importer.extract``).

Only stored and deflated parts are accepted (the only methods Office files use): bzip2 and LZMA
parts inflate without a bound in zipfile.
"""

import copy
import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.conf import settings
from django.utils.translation import gettext_lazy

#: More parts than any real workbook or document has; each one costs memory in zipfile's directory.
MAX_PARTS = 10_000
#: Parts smaller than this are not held to the ratio: tiny XML parts compress very well.
RATIO_GRACE_BYTES = 1024 * 1024
CHUNK = 64 * 1024
XML_SUFFIXES = (".xml", ".rels")


#: Why a file is refused, by code: the strategy document importer stores the code and shows the message later.
MESSAGES = {
    "unzipped_too_large": gettext_lazy(
        "The file unpacks to more than %(mb)s MB, more than Utblick opens. Split it into smaller files."
    ),
    "too_many_parts": gettext_lazy("The file holds more than %(count)s parts, more than any workbook or document has."),
    "packing": gettext_lazy(
        "The file is packed in a way Office files never are (encrypted or with another compression)."
    ),
    "packed_too_tightly": gettext_lazy(
        "The file is packed suspiciously tightly (a part unpacks to more than %(ratio)s times its packed size), "
        "as in a zip bomb. Save it again from the program that made it."
    ),
    "deceptive_part": gettext_lazy(
        "A part of the file does not unpack to what its header says; the file is damaged or made to deceive."
    ),
    "hostile_xml": gettext_lazy(
        "The file contains XML with a document type or entity declarations, which Office files never have; "
        "it is not opened. Save it again from the program that made it."
    ),
}


class UnsafeArchive(Exception):
    """The file is refused before it is unpacked; ``message`` says why, in the user's language."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code, self.params = code, params

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])


def max_unzipped_bytes() -> int:
    return int(settings.UTBLICK_UNZIPPED_MAX_BYTES)


def max_ratio() -> int:
    return int(settings.UTBLICK_ZIP_MAX_RATIO)


def check_office_file(source: bytes | IO[bytes]) -> None:
    """Refuse a zip bomb or a hostile XML part before any library opens the file.

    ``zipfile.BadZipFile`` passes through for a file that is no ZIP at all, so each caller keeps
    its own words for a damaged file.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            _check_directory(parts)
            for info in parts:
                _check_part(archive, info)
    finally:
        stream.seek(position)


def _check_directory(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise UnsafeArchive("too_many_parts", count=MAX_PARTS)
    if sum(info.file_size for info in parts) > max_unzipped_bytes():
        raise UnsafeArchive("unzipped_too_large", mb=max_unzipped_bytes() // (1024 * 1024))
    for info in parts:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise UnsafeArchive("packing")
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > max_ratio() * max(info.compress_size, 1):
            raise UnsafeArchive("packed_too_tightly", ratio=max_ratio())


class _RootReached(Exception):
    pass


class _Prolog:
    """An XML parser target that stops at the root element: the document type comes before it."""

    def start(self, tag: str, attributes: dict) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        pass


def _raw(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    """The part's bytes as packed: read as a stored part of its packed size, without a checksum."""
    packed = copy.copy(info)
    packed.compress_type, packed.file_size, packed.CRC = zipfile.ZIP_STORED, info.compress_size, None  # type: ignore[assignment]
    return archive.open(packed)


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part unpacked piece by piece; a part that unpacks to more or less than it declares is refused."""
    damaged = UnsafeArchive("deceptive_part")
    size, crc = 0, 0
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    with _raw(archive, info) as raw:
        while packed := raw.read(CHUNK):
            for piece in _pieces(inflater, packed):
                size += len(piece)
                if size > info.file_size:
                    raise damaged
                crc = zlib.crc32(piece, crc)
                yield piece
    if size != info.file_size or crc != info.CRC or (inflater is not None and not inflater.eof):
        raise damaged


def _pieces(inflater: Any, packed: bytes) -> Iterator[bytes]:
    """What one packed chunk inflates to, at most a chunk at a time (the rest waits in unconsumed_tail)."""
    if inflater is None:
        yield packed
        return
    while True:
        piece = inflater.decompress(packed, CHUNK)
        packed = inflater.unconsumed_tail
        if piece:
            yield piece
        if not packed and len(piece) < CHUNK:
            return


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    parser = (
        DefusedXMLParser(target=_Prolog(), forbid_dtd=True) if info.filename.lower().endswith(XML_SUFFIXES) else None
    )
    try:
        for piece in _inflated(archive, info):
            if parser is None:
                continue
            try:
                parser.feed(piece)
            except _RootReached:
                parser = None
            except DefusedXmlException as error:
                raise UnsafeArchive("hostile_xml") from error
            except SyntaxError:  # not well-formed: the library that reads it says so in its own words
                parser = None
    except zlib.error as error:
        raise zipfile.BadZipFile(str(error)) from error
