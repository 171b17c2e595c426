"""Bulk import: every row checked first, problems named by row and column, all rows or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from utblick.engagements.imports import ImportRejected, engagements_import, engagements_import_rows
from utblick.engagements.models import Engagement, Training
from utblick.strategies.tests.factories import strategy_for


def _csv(rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("engagemang.csv", ("\n".join(rows) + "\n").encode("utf-8"))


def _training_rows(count: int, bad_row: int | None = None) -> list[str]:
    rows = ["title;unit;status;starts_on;directions;topic;politicians;management;staff"]
    for index in range(count):
        date = "2026-13-40" if index == bad_row else "2026-03-01"
        rows.append(f"Utbildning {index};miljo;completed;{date};Profilering;EU-program;1;2;3")
    return rows


@pytest.mark.requirement("KR-12")
def test_a_5000_row_file_with_one_bad_row_writes_nothing_and_names_the_row(world):
    strategy_for(world.org_a)
    with pytest.raises(ImportRejected) as rejected:
        engagements_import(
            upload=_csv(_training_rows(5000, bad_row=3141)),
            kind="training",
            organisation=world.org_a,
            user=world.user("coordinator_a"),
        )
    assert [(p.row, p.column) for p in rejected.value.problems] == [(3143, "starts_on")]  # header is row 1
    assert not Engagement.objects.exists()


def test_the_same_file_without_the_bad_row_writes_all_5000_with_history(world):
    strategy_for(world.org_a)
    created = engagements_import(
        upload=_csv(_training_rows(5000)), kind="training", organisation=world.org_a, user=world.user("coordinator_a")
    )
    assert len(created) == 5000
    assert Engagement.objects.filter(kind="training").count() == 5000
    assert Training.objects.count() == 5000 and sum(t.participants for t in Training.objects.all()[:10]) == 60
    assert Engagement.history.count() == 5000
    assert Engagement.objects.first().directions.get().name == "Profilering"


def test_xlsx_files_import_and_unknown_columns_and_units_are_reported(world):
    strategy_for(world.org_a)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "unit", "status", "directions", "file_reference", "position", "colour"])
    sheet.append(["EU:s avfallsdirektiv", "miljo", "ongoing", "Samverkan", "2023/0234(COD)", "Stöd", "blå"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("paverkan.xlsx", buffer.getvalue())
    with pytest.raises(ImportRejected) as rejected:
        engagements_import(upload=upload, kind="advocacy", organisation=world.org_a, user=world.user("coordinator_a"))
    assert [(p.row, p.column) for p in rejected.value.problems] == [(1, "colour")]

    workbook.active.delete_cols(7)
    workbook.active.append(["Okänd enhet", "finns-inte", "ongoing", "Samverkan", "x", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportRejected) as rejected:
        engagements_import(
            upload=SimpleUploadedFile("p.xlsx", buffer.getvalue()),
            kind="advocacy",
            organisation=world.org_a,
            user=world.user("coordinator_a"),
        )
    assert [(p.row, p.column) for p in rejected.value.problems] == [(3, "unit")]
    assert not Engagement.objects.exists()


def test_an_editor_may_import_only_for_their_units(world):
    strategy_for(world.org_a)
    rows = ["title;unit;status;directions;topic", "Kurs;utbildning;planned;Profilering;EU"]
    with pytest.raises(ImportRejected) as rejected:
        engagements_import(upload=_csv(rows), kind="training", organisation=world.org_a, user=world.user("editor_a"))
    assert rejected.value.problems[0].column == "unit"


def test_the_import_page_lists_problems_in_swedish(world, client_for):
    strategy_for(world.org_a)
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/engagements/import/training/",
        {"file": _csv(["title;unit;topic", ";miljo;EU"])},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rad 2, title: Ett värde krävs." in page
    assert "ingenting lästes in" in page


def test_the_template_is_a_workbook_with_the_columns(world, client_for):
    from openpyxl import load_workbook

    response = client_for("reader_a").get(f"/o/{world.org_a.slug}/engagements/import/trip/template/")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]][:3] == ["title", "unit", "status"]


def _import_url(world, kind="training"):
    return f"/o/{world.org_a.slug}/engagements/import/{kind}/"


@pytest.mark.requirement("KR-12")
def test_a_large_file_is_imported_in_the_background_while_a_page_shows_progress(
    world, client_for, django_capture_on_commit_callbacks
):
    from utblick.engagements.models import EngagementImport

    strategy_for(world.org_a)
    client = client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_import_url(world), {"file": _csv(_training_rows(3000))})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "väntar" in page and "Uppdatera nu" in page
    assert not Engagement.objects.exists()
    for callback in callbacks:
        callback()  # the task worker's turn (tasks run at once in tests)
    page = client.get(response["Location"]).content.decode()
    assert "3000 engagemang lästes in." in page and "hx-trigger" not in page
    assert Engagement.objects.filter(kind="training").count() == 3000
    job = EngagementImport.objects.get()
    assert job.rows_checked == job.rows_total == 3000 and not job.file  # the uploaded file is not kept


def test_a_large_file_with_one_bad_row_is_refused_in_the_background_and_names_the_row(
    world, client_for, django_capture_on_commit_callbacks
):
    strategy_for(world.org_a)
    client = client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True) as _callbacks:
        response = client.post(_import_url(world), {"file": _csv(_training_rows(3000, bad_row=2500))})
    page = client.get(response["Location"]).content.decode()
    assert "Rad 2502, starts_on: Skriv datumet som ÅÅÅÅ-MM-DD." in page
    assert "ingenting lästes in" in page
    assert not Engagement.objects.exists()


def test_the_check_reports_its_progress_every_few_hundred_rows(world):
    strategy_for(world.org_a)
    seen = []
    rows = [
        dict(zip(_training_rows(1)[0].split(";"), line.split(";"), strict=True)) for line in _training_rows(600)[1:]
    ]
    engagements_import_rows(
        rows=rows, kind="training", organisation=world.org_a, user=world.user("coordinator_a"), progress=seen.append
    )
    assert seen == [0, 250, 500]


def test_an_editor_imports_for_their_own_unit_on_the_page(world, client_for):
    strategy_for(world.org_a)
    rows = ["title;unit;status;directions;topic", "Kurs i EU-ansökningar;miljo;planned;Profilering;EU"]
    response = client_for("editor_a").post(_import_url(world), {"file": _csv(rows)})
    assert response.status_code == 302
    assert Engagement.objects.get().owner_unit == world.unit_a
