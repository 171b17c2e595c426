"""From document to strategy through the pages (X-7): upload, progress, review with corrections, confirm."""

import datetime
import io
from pathlib import Path

import pytest
from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from utblick.strategies.forms import DocumentReviewForm
from utblick.strategies.models import DocumentImport, Strategy, StrategyVersion

from . import importer_documents as docs
from .factories import document_import_for, strategy_for

pytestmark = pytest.mark.requirement("X-7")


def upload_url(world):
    return f"/o/{world.org_a.slug}/strategy/from-document/"


def stored_files() -> list[str]:
    if not default_storage.exists("strategy-documents"):
        return []
    years, _files = default_storage.listdir("strategy-documents")
    return [name for year in years for name in default_storage.listdir(f"strategy-documents/{year}")[1]]


def post_data(record: DocumentImport, versions=(), **changes) -> dict:
    """What the review form sends back when nobody changes anything, with ``changes`` applied."""
    form = DocumentReviewForm(review=record.draft, version=record.version, versions=list(versions))
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own storage, so "nothing is stored" means this test stored nothing."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator(world, client_for):
    return client_for("coordinator_a")


def test_an_uploaded_document_is_read_in_the_background_and_opens_for_review(
    world, coordinator, tmp_path, django_capture_on_commit_callbacks
):
    strategy_for(world.org_a)
    data = docs.docx_with_headings(tmp_path / "policy.docx").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(upload_url(world), {"file": SimpleUploadedFile("Policy 2020.docx", data)})
    record = DocumentImport.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert (record.status, record.filename, record.uploaded_by) == (
        "ready",
        "Policy 2020.docx",
        world.user("coordinator_a"),
    )
    assert record.file.read() == data
    page = coordinator.get(response["Location"]).content.decode()
    assert 'id="src-d1"' in page and 'href="#item-d1"' in page  # the text's mark links to the form
    assert 'id="item-d1"' in page and 'href="#src-d1"' in page  # and the form links back to the mark
    assert 'value="Hållbar utveckling"' in page and "Internationell policy för Bergs kommun" in page
    assert "Skapa utkastversionen" in page


def test_reading_a_pdf_records_its_pages_for_the_progress_page(world, coordinator, django_capture_on_commit_callbacks):
    pdf = docs.pdf_from_html(docs.strategy_pdf_body(pages=3))
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(upload_url(world), {"file": SimpleUploadedFile("strategi.pdf", pdf)})
    record = DocumentImport.objects.get()
    assert record.status == "ready" and record.pages >= 3 and record.pages_read == record.pages
    assert [d["name"] for d in record.draft["directions"]] == ["Profilering", "Kunskapsutbyte", "Extern finansiering"]


def test_the_progress_page_refreshes_itself_and_works_without_scripts(world, coordinator):
    record = document_import_for(world.org_a, status="reading")
    DocumentImport.objects.filter(pk=record.pk).update(pages_read=3, pages=10, draft={})
    page = coordinator.get(record.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Uppdatera nu" in page and f'href="{record.get_absolute_url()}"' in page
    assert "Sida 3 av 10 inläst" in page and '<progress id="reading-progress" max="10" value="3">' in page
    DocumentImport.objects.filter(pk=record.pk).update(status="ready", draft=document_import_for(world.org_b).draft)
    answer = coordinator.get(record.get_absolute_url(), headers={"HX-Request": "true"})
    assert answer["HX-Redirect"] == record.get_absolute_url()  # htmx loads the review when reading is done


UNREADABLE = [
    ("trasig.pdf", docs.corrupt_pdf, "skadad"),
    ("last.pdf", docs.encrypted_pdf, "skyddad med lösenord"),
    ("skannad.pdf", docs.image_only_pdf, "textlager"),
    ("arkiv.docx", docs.zip_as_docx, "inte ett Word-dokument"),
    ("enorm.pdf", docs.large_file, "större än 20 MB"),
]


@pytest.mark.parametrize(("name", "build", "words"), UNREADABLE, ids=[case[0] for case in UNREADABLE])
def test_an_unreadable_upload_gets_a_clear_message_and_nothing_is_stored(
    world, coordinator, tmp_path, monkeypatch, name, build, words, django_capture_on_commit_callbacks
):
    if name == "skannad.pdf":  # a scan is refused only where text recognition (tesseract) is missing
        (tmp_path / "bin").mkdir()
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    strategy_for(world.org_a)
    versions = StrategyVersion.objects.count()
    path = build(tmp_path / name)
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator.post(upload_url(world), {"file": handle})
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page and 'class="error-summary"' in page
    assert not DocumentImport.objects.exists() and not callbacks
    assert StrategyVersion.objects.count() == versions and Strategy.objects.count() == 1
    assert stored_files() == []


def test_a_file_of_another_type_is_refused_by_its_name(world, coordinator):
    response = coordinator.post(upload_url(world), {"file": SimpleUploadedFile("strategi.doc", b"\xd0\xcf\x11\xe0")})
    assert response.status_code == 400 and "Filtypen stöds inte" in response.content.decode()
    assert not DocumentImport.objects.exists()


def test_a_document_that_fails_while_read_is_marked_failed_and_its_file_removed(
    world, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    from utblick.strategies import importer

    def broken(*args, **kwargs):
        raise importer.DocumentImportError("corrupt_pdf")

    monkeypatch.setattr(importer, "read_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            upload_url(world), {"file": SimpleUploadedFile("plan.txt", docs.NUMBERED_POLICY.encode())}
        )
    record = DocumentImport.objects.get()
    assert (record.status, record.error_code, record.file.name) == ("failed", "corrupt_pdf", "")
    page = coordinator.get(response["Location"]).content.decode()
    assert "PDF-filen är skadad" in page and "Ladda upp ett annat dokument" in page and "hx-trigger" not in page
    assert stored_files() == [] and not StrategyVersion.objects.exists()


def test_corrections_are_kept_rename_remove_add_and_move_a_goal(world, coordinator):
    record = document_import_for(world.org_a)
    response = coordinator.post(
        record.get_absolute_url(),
        post_data(
            record,
            **{
                "d1-name": "Profilering och besök",  # rename
                "d6-delete": "on",  # remove Samverkan
                "g3-direction": "d4",  # move a goal from Profilering to Kompetens
                "d4-new_goal": "Fler chefer går EU-utbildning",  # add a goal
                "new_direction_name": "Extern finansiering",  # add a direction
                "new_document": "Vision 2030",
                "save": "1",
            },
        ),
    )
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    record.refresh_from_db()
    assert record.version == 2
    assert [(d["name"], [g["text"] for g in d["goals"]]) for d in record.draft["directions"]] == [
        ("Profilering och besök", ["Ekby marknadsförs på mässor"]),
        (
            "Kompetens",
            [
                "Personalen får del av EU-kunskap",
                "Besök tas emot på ett planerat sätt",
                "Fler chefer går EU-utbildning",
            ],
        ),
        ("Påverkan", []),
        ("Extern finansiering", []),
    ]
    moved = record.draft["directions"][1]["goals"][1]
    assert moved["id"] == "g3" and moved["span"]  # the moved goal keeps its mark in the text
    assert [d["title"] for d in record.draft["governing_documents"]] == ["Vision 2030"]
    assert len({d["id"] for d in record.draft["directions"]}) == 4
    page = coordinator.get(record.get_absolute_url()).content.decode()
    assert 'href="#item-g3">Mål 2.2</a>' in page  # the mark is labelled after the goal's new place


def test_directions_are_put_in_the_order_the_reviewer_numbers_them(world, coordinator):
    record = document_import_for(world.org_a)
    before = [d["name"] for d in record.draft["directions"]]
    assert len(before) == 4
    moved = coordinator.post(record.get_absolute_url(), post_data(record, **{"d7-position": "1", "d1-position": "3"}))
    assert moved.status_code == 302
    record.refresh_from_db()
    # Påverkan (1), Kompetens (2); Profilering and Samverkan are both 3, so the document's order decides.
    assert [d["name"] for d in record.draft["directions"]] == ["Påverkan", "Kompetens", "Profilering", "Samverkan"]
    refused = coordinator.post(record.get_absolute_url(), post_data(record, **{"d1-position": "0"}))
    assert refused.status_code == 400 and "större än eller lika med 1" in refused.content.decode()


def test_removing_a_direction_removes_its_goals_unless_they_are_moved(world, coordinator):
    record = document_import_for(world.org_a)
    coordinator.post(record.get_absolute_url(), post_data(record, **{"d1-delete": "on", "g2-direction": "d7"}))
    record.refresh_from_db()
    assert [(d["name"], [g["text"] for g in d["goals"]]) for d in record.draft["directions"]] == [
        ("Kompetens", ["Personalen får del av EU-kunskap"]),
        ("Samverkan", []),
        ("Påverkan", ["Ekby marknadsförs på mässor"]),
    ]


def test_an_empty_or_duplicate_name_is_refused_and_nothing_is_saved(world, coordinator):
    record = document_import_for(world.org_a)
    before = record.draft
    for changes, message in [
        ({"d1-name": ""}, "Skriv ett namn"),
        ({"d4-name": "profilering"}, "En annan inriktning heter Profilering"),
        ({"g2-text": " "}, "Skriv målet"),
    ]:
        response = coordinator.post(record.get_absolute_url(), post_data(record, **changes))
        assert response.status_code == 400 and message in response.content.decode()
    record.refresh_from_db()
    assert record.draft == before and record.version == 1


def test_confirm_creates_a_draft_version_equal_to_the_corrected_draft(world, coordinator):
    strategy = strategy_for(world.org_a)
    adopted = strategy.versions.get()
    record = document_import_for(world.org_a)
    data = post_data(
        record,
        versions=[(adopted.label, adopted.adopted_on)],
        **{"d1-name": "Profilering och besök", "d7-delete": "on", "replaces_version": "2020", "confirm": "1"},
    )
    response = coordinator.post(record.get_absolute_url(), data)
    version = StrategyVersion.objects.get(label="2008")
    assert (
        response.status_code == 302 and response["Location"] == f"/o/{world.org_a.slug}/strategy/versions/{version.pk}/"
    )
    assert (version.strategy, version.status, version.replaces) == (strategy, "draft", adopted)
    assert (version.adopted_by, version.adopted_on) == ("kommunfullmäktige", datetime.date(2008, 5, 20))
    assert version.title == "Internationell handlingsplan för Ekby kommun"
    record.refresh_from_db()
    expected = [(d["name"], [g["text"] for g in d["goals"]]) for d in record.draft["directions"]]
    got = [(d.name, [g.text for g in d.goals.order_by("order")]) for d in version.directions.order_by("order")]
    assert (
        got
        == expected
        == [
            ("Profilering och besök", ["Ekby marknadsförs på mässor", "Besök tas emot på ett planerat sätt"]),
            ("Kompetens", ["Personalen får del av EU-kunskap"]),
            ("Samverkan", []),
        ]
    )
    assert (record.status, record.strategy_version) == ("confirmed", version)
    assert list(adopted.directions.values_list("name", flat=True)) == ["Profilering", "Samverkan"]  # untouched
    page = coordinator.get(response["Location"]).content.decode()
    assert "Utkast" in page and "Profilering och besök" in page
    assert coordinator.get(record.get_absolute_url())["Location"] == response["Location"]


def test_confirm_without_a_strategy_starts_one(world, coordinator):
    record = document_import_for(world.org_a)
    response = coordinator.post(record.get_absolute_url(), post_data(record, confirm="1"))
    strategy = Strategy.objects.get()
    assert response.status_code == 302
    assert strategy.name == "Internationell handlingsplan för Ekby kommun"
    assert list(strategy.organisations.all()) == [world.org_a]
    assert strategy.versions.get().status == "draft"
    assert (
        "Internationell handlingsplan för Ekby kommun"
        in coordinator.get(f"/o/{world.org_a.slug}/strategy/").content.decode()
    )


def test_a_taken_label_is_refused_and_nothing_is_created(world, coordinator):
    strategy = strategy_for(world.org_a)
    record = document_import_for(world.org_a)
    response = coordinator.post(record.get_absolute_url(), post_data(record, label="2020", confirm="1"))
    assert (
        response.status_code == 400
        and "Strategin har redan en version med den beteckningen" in response.content.decode()
    )
    assert strategy.versions.count() == 1
    record.refresh_from_db()
    assert record.status == "ready" and record.version == 1


def test_the_proposed_label_avoids_the_strategys_labels(world, coordinator):
    strategy_for(world.org_a, label="2008")
    record = document_import_for(world.org_a)
    assert 'value="2008-utkast"' in coordinator.get(record.get_absolute_url()).content.decode()


def test_a_concurrent_correction_is_detected_and_nothing_of_the_later_one_is_saved(world, coordinator, client_for):
    record = document_import_for(world.org_a)
    loaded = post_data(record)
    first = coordinator.post(record.get_absolute_url(), {**loaded, "d1-name": "Marknadsföring"})
    assert first.status_code == 302
    second = client_for("administrator").post(
        record.get_absolute_url(), {**loaded, "d1-name": "Profilering av Ekby", "confirm": "1"}
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Någon annan sparade först" in page and "Marknadsföring" in page and "Profilering av Ekby" in page
    lost = page[page.index("<caption>") : page.index("</table>")]
    assert lost.count('<th scope="row">') == 1  # only the name differs; the unchanged date is not listed
    record.refresh_from_db()
    assert record.draft["directions"][0]["name"] == "Marknadsföring" and record.status == "ready"
    assert not StrategyVersion.objects.exists()


def test_the_documents_text_is_escaped_and_overlapping_marks_nest(world, coordinator):
    text = (
        "Internationell strategi för <Ekby> kommun\n\nStrategin antogs av kommunfullmäktige den 3 mars 2021.\n\n"
        "## Inriktningar\n\n### Kultur <script>alert(1)</script>\n\n- Fler utbyten & möten\n"
    )
    record = document_import_for(world.org_a, text=text, filename="strategi.md")
    page = coordinator.get(record.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "utbyten &amp; möten" in page
    source = page[page.index('id="source-text"') : page.index("</section>", page.index('id="source-text"'))]
    assert source.count("<mark") == source.count("</mark>")


def test_every_mark_links_to_a_place_on_the_form_and_back(world, coordinator, tmp_path):
    import re

    from utblick.strategies.document_imports import review_draft
    from utblick.strategies.importer import read_document

    draft = read_document(docs.docx_with_headings(tmp_path / "policy.docx"))
    record = DocumentImport.objects.create(
        organisation=world.org_a, filename="policy.docx", status="ready", text=draft.text, draft=review_draft(draft)
    )
    page = coordinator.get(record.get_absolute_url()).content.decode()
    marks = set(
        re.findall(r'<mark class="mark mark--\w+" id="src-(\w+)"><a class="mark__tag" href="#item-(\w+)"', page)
    )
    assert marks and all(source == target for source, target in marks)
    for element, _ in marks:
        assert f'id="item-{element}"' in page and f'href="#src-{element}"' in page


def test_the_upload_page_lists_documents_not_yet_confirmed(world, coordinator):
    waiting = document_import_for(world.org_a, filename="utkast.txt")
    document_import_for(world.org_a, filename="klar.txt", status="confirmed")
    document_import_for(world.org_b, filename="annan.txt")
    page = coordinator.get(upload_url(world)).content.decode()
    assert (
        f'href="{waiting.get_absolute_url()}">utkast.txt' in page and "klar.txt" not in page and "annan.txt" not in page
    )


def test_throwing_a_reading_away_removes_it_and_its_file(world, coordinator):
    record = document_import_for(world.org_a)
    record.file.save("plan.txt", io.BytesIO(docs.NUMBERED_POLICY.encode()))
    name = record.file.name
    response = coordinator.post(f"{record.get_absolute_url()}discard/")
    assert response.status_code == 302 and not DocumentImport.objects.exists()
    assert not default_storage.exists(name)


def test_the_strategy_page_links_to_reading_a_document_for_coordinators_only(world, client_for):
    strategy_for(world.org_a)
    link = f'href="/o/{world.org_a.slug}/strategy/from-document/"'
    assert link in client_for("coordinator_a").get(f"/o/{world.org_a.slug}/strategy/").content.decode()
    assert link not in client_for("editor_a").get(f"/o/{world.org_a.slug}/strategy/").content.decode()
    assert link not in client_for("reader_a").get(f"/o/{world.org_a.slug}/strategy/").content.decode()


def test_overlapping_marks_are_split_so_the_html_nests():
    from html.parser import HTMLParser

    from utblick.strategies.document_imports import Mark, marked_text

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.text = [], ""

        def handle_starttag(self, tag, attrs):
            self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

        def handle_data(self, data):
            if self.stack[-1:] != ["a"]:
                self.text += data

    text = "Kommunstyrelsen följer upp strategin & ansvarar för den."
    html = marked_text(
        text,
        [
            Mark("s1", "suggestion", "Uppföljning", 0, 36),  # "Kommunstyrelsen följer upp strategin"
            Mark("s2", "suggestion", "Ansvar", 16, 56),  # overlaps the first one's end
            Mark("s3", "fact", "<Titel>", 0, 15),  # nested in the first
        ],
    )
    parser = Nesting()
    parser.feed(str(html))
    assert parser.stack == [] and parser.text == text
    assert html.count('id="src-s2"') == 1 and html.count("mark--suggestion") == 3  # s2 is split in two pieces
    assert "&lt;Titel&gt;" in html and "&amp; ansvarar" in html


def test_a_reading_thrown_away_before_the_worker_gets_to_it_is_skipped(world):
    from utblick.strategies.tasks import read_strategy_document

    record = document_import_for(world.org_a, status="reading")
    pk = record.pk
    record.delete()
    read_strategy_document.call(pk)  # nothing to read, nothing raised
    assert not DocumentImport.objects.exists()


READER_DOCUMENTS = Path(__file__).resolve().parent / "reader_documents"


def upload(coordinator, world, name: str, captured) -> DocumentImport:
    path = READER_DOCUMENTS / name
    with captured(execute=True):
        coordinator.post(upload_url(world), {"file": SimpleUploadedFile(name, path.read_bytes())})
    return DocumentImport.objects.get()


def test_the_review_says_beside_each_direction_where_and_how_it_was_found(
    world, coordinator, django_capture_on_commit_callbacks
):
    record = upload(coordinator, world, "prosa_med_kommatecken.txt", django_capture_on_commit_callbacks)
    assert [d["how"] for d in record.draft["directions"]] == ["prose"] * 3
    page = coordinator.get(record.get_absolute_url()).content.decode()
    # On the form, and beside the mark in the text that the direction's link leads to.
    assert page.count("Hittad som nämnd i en mening; säkerhet medel.") == 3
    first = record.draft["directions"][0]
    assert (
        f'<mark class="mark mark--direction" id="src-{first["id"]}"><a class="mark__tag" href="#item-{first["id"]}">'
        'Inriktning 1</a><span class="mark__how">(mening, medel)</span> medverkan i internationella projekt, ofta inom '
        "ramen för EU-program</mark>"
    ) in page
    assert 'id="directions-notice"' not in page


def test_goals_offered_as_directions_are_marked_and_the_page_says_so(
    world, coordinator, django_capture_on_commit_callbacks
):
    record = upload(coordinator, world, "mal_webbsida.html", django_capture_on_commit_callbacks)
    page = coordinator.get(record.get_absolute_url()).content.decode()
    assert "Dokumentet anger inga inriktningar. De mål eller syften som det räknar upp föreslås" in page
    assert page.count("Hittad som ett mål eller syfte: dokumentet anger inga inriktningar; säkerhet låg.") == 3
    assert "Om webbplatsen" not in record.text and "Storgatan 1" not in record.text  # the footer is left out


def test_a_document_that_names_no_directions_gets_none_and_the_page_says_so(
    world, coordinator, django_capture_on_commit_callbacks
):
    record = upload(coordinator, world, "inga_inriktningar.txt", django_capture_on_commit_callbacks)
    assert record.draft["directions"] == []
    page = coordinator.get(record.get_absolute_url()).content.decode()
    assert "Dokumentets text anger inga inriktningar och inga mål som kan ersätta dem, så inga har hittats på." in page


def test_the_progress_page_counts_the_pages_text_recognition_has_read(world, coordinator):
    record = document_import_for(world.org_a, status="reading")
    DocumentImport.objects.filter(pk=record.pk).update(pages_read=2, pages=5, ocr=True, draft={})
    page = coordinator.get(record.get_absolute_url()).content.decode()
    assert "Sidorna är inskannade: textigenkänningen (OCR) har läst sida 2 av 5" in page
    assert '<progress id="reading-progress" max="5" value="2">' in page


def test_the_review_rules_are_a_service_the_form_only_presents():
    """Corrections and checks of a reviewed draft work on plain data, without the form (for the API and tasks)."""
    from utblick.strategies.document_imports import corrected_draft, review_errors

    span = {"value": "", "span": None}
    review = {
        "title": {"value": "Policy", "span": [0, 6]},
        "adopted_by": span,
        "adopted_on": span,
        "replaces": span,
        "label": "2020",
        "next_id": 4,
        "governing_documents": [],
        "directions": [
            {"id": "d1", "name": "Handel", "description": "", "span": [10, 16], "goals": []},
            {"id": "d2", "name": "Kultur", "description": "", "span": [20, 26], "goals": [
                {"id": "g3", "text": "Fler utbyten", "span": [30, 42]}
            ]},
        ],
    }  # fmt: skip
    data = {
        "title": "Internationell policy",
        "label": "2021",
        "adopted_by": "kommunstyrelsen",
        "adopted_on": datetime.date(2021, 3, 2),
        "replaces_version": "",
        "new_direction_name": "Unga",
        "new_direction_description": "",
        "new_document": "",
        "d1-name": "Handel och export",
        "d1-description": "",
        "d1-position": 2,
        "d1-new_goal": "Nya marknader",
        "d2-name": "Kultur",
        "d2-description": "",
        "d2-position": 1,
        "d2-new_goal": "",
        "g3-text": "Fler utbyten",
        "g3-direction": "d1",
    }
    assert review_errors(review, data, taken={"2020"}) == []
    draft = corrected_draft(review, data)
    assert [(d["name"], [g["text"] for g in d["goals"]]) for d in draft["directions"]] == [
        ("Kultur", []),
        ("Handel och export", ["Fler utbyten", "Nya marknader"]),
        ("Unga", []),
    ]
    assert draft["adopted_on"]["value"] == "2021-03-02" and draft["next_id"] == 6
    errors = review_errors(review, {**data, "label": "2020", "d2-name": "handel och export"}, taken={"2020"})
    assert [field for field, _message in errors] == ["label", "d2-name"]
