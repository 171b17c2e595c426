"""Office files are checked before any library unpacks them: zip bombs and hostile XML (issue 14.3, 8a)."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings
from django.utils import translation

from utblick.core import archives, spreadsheets

from . import hostile

# Peak memory of a child process that reads the bombs; the limit of its address space keeps a reader
# that does unpack them (as before the checks) from taking the machine with it: that one fails.
MEMORY_PROBE = """
import io, json, os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from django.utils import translation
from utblick.core import spreadsheets
from utblick.strategies.importer import DocumentImportError, check_document, read_document

translation.activate("en")
messages = {}
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        if path.endswith(".docx"):
            check_document(io.BytesIO(data), "strategi.docx")
            read_document(io.BytesIO(data), "strategi.docx")
        else:
            spreadsheets.read_table(data, xlsx=True)
        messages[path] = "read"
    except (DocumentImportError, spreadsheets.SpreadsheetError) as error:
        messages[path] = error.message
# VmHWM: the peak resident size of this program. getrusage's ru_maxrss would also count the memory
# of the test process this one was forked from, which Linux carries over an exec.
peak_kb = int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1])
print(json.dumps({"messages": messages, "peak_mb": peak_kb / 1024}))
"""


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "docx": hostile.docx_bomb(folder / "bomb.docx"),
        "xlsx": hostile.xlsx_bomb(folder / "bomb.xlsx"),
        "lying-docx": hostile.docx_bomb(folder / "lying.docx", lying=True),
        "lying-xlsx": hostile.xlsx_bomb(folder / "lying.xlsx", lying=True),
    }


def test_bombs_of_2_gib_are_refused_and_the_process_stays_below_300_mb(bombs):
    assert all(path.stat().st_size < 8 * hostile.MiB for path in bombs.values())  # small files that unpack to 2 GiB
    with zipfile.ZipFile(bombs["docx"]) as archive:
        assert archive.getinfo("word/document.xml").file_size == 2 * hostile.GiB
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, *map(str, bombs.values())],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    messages = result["messages"]
    assert "unpacks to more than 100 MB" in messages[str(bombs["docx"])]
    assert "unpacks to more than 100 MB" in messages[str(bombs["xlsx"])]
    assert "does not unpack to what its header says" in messages[str(bombs["lying-docx"])]
    assert "does not unpack to what its header says" in messages[str(bombs["lying-xlsx"])]
    assert result["peak_mb"] < 300, result


def test_a_part_packed_more_tightly_than_the_ratio_is_refused_though_small_enough(settings):
    settings.UTBLICK_ZIP_MAX_RATIO = 100
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (20 * hostile.MiB) + b"</a>")
    with pytest.raises(archives.UnsafeArchive) as refused:
        archives.check_office_file(data.getvalue())
    assert refused.value.code == "packed_too_tightly"


def test_an_ordinary_workbook_passes_and_is_read(settings):
    settings.UTBLICK_UNZIPPED_MAX_BYTES = 2 * hostile.MiB
    header, rows = spreadsheets.read_table(hostile.xlsx_with_entities(b"", b"Ett anslag"), xlsx=True)
    assert header == ["Title", "Deadline"] and rows == [{"Title": "Ett anslag", "Deadline": "2027-03-01"}]


@pytest.mark.parametrize(
    ("doctype", "reference"),
    [(hostile.BILLION_LAUGHS, hostile.LAUGH), (hostile.xxe(), b"&xxe;"), (b'<!DOCTYPE x [<!ENTITY e "lol">]>', b"&e;")],
    ids=["billion-laughs", "xxe", "one-entity"],
)
def test_a_workbook_with_a_document_type_is_refused_with_a_message(doctype, reference):
    with translation.override("sv"), pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_table(hostile.xlsx_with_entities(doctype, reference), xlsx=True)
    assert "dokumenttyp" in refused.value.message


def test_the_parsers_themselves_expand_no_entities_past_the_check(tmp_path):
    """Defence in depth: were the check bypassed, openpyxl and python-docx would still expand nothing."""
    from openpyxl import load_workbook

    from utblick.strategies.importer.office import python_docx

    secret = tmp_path / "secret.txt"
    secret.write_text("HEMLIGT")

    def workbook_text(data: bytes) -> str:
        try:
            rows = load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)
            return " ".join(str(value) for row in rows for value in row)
        except Exception as error:  # refusing is as good as not expanding
            return str(error)

    def document_text(data: bytes) -> str:
        try:
            return " ".join(paragraph.text for paragraph in python_docx().Document(io.BytesIO(data)).paragraphs)
        except Exception as error:
            return str(error)

    for text in (
        workbook_text(hostile.xlsx_with_entities(hostile.xxe(secret.as_uri()), b"&xxe;")),
        document_text(hostile.docx_with_entities(hostile.xxe(secret.as_uri()), b"&xxe;")),
    ):
        assert "HEMLIGT" not in text
    for text in (
        workbook_text(hostile.xlsx_with_entities(hostile.BILLION_LAUGHS, hostile.LAUGH)),
        document_text(hostile.docx_with_entities(hostile.BILLION_LAUGHS, hostile.LAUGH)),
    ):
        assert "lollollol" not in text
