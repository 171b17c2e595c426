"""Hostile call lists and feeds on the scanning desk's upload page (issue 14.3, 8a)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from utblick.core.tests import hostile
from utblick.watch.models import ImportRun, Item

from .factories import SourceFactory

pytestmark = pytest.mark.requirement("KR-5")


@pytest.fixture
def upload(world, client_for, django_capture_on_commit_callbacks):
    """``upload(name, data)``: a coordinator of A uploads a file to a source of A (tasks run at once)."""
    source = SourceFactory(organisation=world.org_a, name="Regionens lista")
    client = client_for("coordinator_a")

    def send(name: str, data: bytes, file_format: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/o/{world.org_a.slug}/watch/sources/{source.pk}/import/",
                {"file": SimpleUploadedFile(name, data), "file_format": file_format},
            )

    send.client = client
    return send


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("watch-bombs")
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
def test_a_hostile_call_list_is_refused_at_upload_and_nothing_is_kept(upload, bombs, case, words):
    data = {
        "billion-laughs": lambda: hostile.xlsx_with_entities(hostile.BILLION_LAUGHS, hostile.LAUGH),
        "xxe": lambda: hostile.xlsx_with_entities(hostile.xxe(), b"&xxe;"),
    }.get(case, lambda: bombs[case])()
    response = upload("utlysningar.xlsx", data)
    page = response.content.decode()
    assert response.status_code == 400 and words in page and "root:" not in page
    assert not ImportRun.objects.exists()


def test_an_uploaded_workbook_is_read_once_and_the_mapping_page_reads_what_was_kept(
    upload, django_capture_on_commit_callbacks
):
    workbook = Workbook()
    workbook.active.append(["Namn", "Sista dag"])
    workbook.active.append(['Besök "Hamnen", etapp 2', "2027-03-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload("lista.xlsx", buffer.getvalue())
    run = ImportRun.objects.get()
    with run.file.open("rb") as kept:  # the table as plain CSV: the workbook is not unpacked again
        assert kept.read().decode() == 'Namn,Sista dag\r\n"Besök ""Hamnen"", etapp 2",2027-03-01\r\n'
    assert run.file_name == "lista.xlsx"
    for _ in range(2):
        page = upload.client.get(response["Location"]).content.decode()
        assert "Sista dag" in page and "Besök &quot;Hamnen&quot;, etapp 2" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = upload.client.post(response["Location"], {"title": "Namn", "deadline": "Sista dag"})
    assert done.status_code == 302 and Item.objects.get().title == 'Besök "Hamnen", etapp 2'
    run.refresh_from_db()
    assert (run.state, run.file_format, run.file_name) == ("done", "csv", "lista.xlsx") and not run.file


def test_the_mapping_page_says_so_when_the_kept_file_is_gone(upload):
    response = upload("lista.csv", b"Namn;Sista dag\nKlimatst\xc3\xb6d;2027-03-01\n")
    run = ImportRun.objects.get()
    run.file.storage.delete(run.file.name)
    page = upload.client.get(response["Location"])
    assert page.status_code == 400 and "finns inte längre kvar" in page.content.decode()


@pytest.mark.parametrize(
    ("doctype", "reference"),
    [(hostile.BILLION_LAUGHS, hostile.LAUGH), (hostile.xxe(), b"&xxe;")],
    ids=["billion-laughs", "xxe"],
)
def test_a_feed_file_declaring_entities_is_refused_whole(upload, doctype, reference):
    response = upload("nyheter.rss", hostile.feed_with_entities(doctype, reference))
    run = ImportRun.objects.get()
    assert run.state == "failed" and "deklarerar egna XML-entiteter" in run.message
    assert "deklarerar egna XML-entiteter" in upload.client.get(response["Location"]).content.decode()
    assert not Item.objects.exists()


def test_a_feed_file_that_names_a_file_on_the_server_is_not_read_as_that_file(upload, tmp_path):
    elsewhere = tmp_path / "annan-organisations-flode.xml"
    elsewhere.write_bytes(hostile.feed_with_entities(b"", b"Hemlig nyhet"))
    upload("nyheter.rss", str(elsewhere).encode(), file_format="rss")
    assert ImportRun.objects.get().state == "failed"
    assert not Item.objects.filter(title="Hemlig nyhet").exists()


def test_an_rss_091_feed_naming_its_dtd_is_still_read(upload):
    feed = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel><title>Gammal</title>'
        b"<item><title>Nyhet</title><link>https://example.org/1</link></item></channel></rss>"
    )
    upload("gammal.rss", feed)
    assert ImportRun.objects.get().state == "done" and Item.objects.get().title == "Nyhet"
