"""Documents in other shapes and broken files through the importer and its command (X-7)."""

import json

import pytest
from django.core.management import CommandError, call_command

from utblick.strategies.importer import DocumentImportError, read_document
from utblick.strategies.importer.draft import draft_to_strategy_file_dict

from . import importer_documents as docs


@pytest.mark.requirement("X-7")
def test_docx_with_heading_styles(tmp_path):
    draft = read_document(docs.docx_with_headings(tmp_path / "policy.docx")).to_json()
    assert draft["title"] == "Internationell policy för Bergs kommun"
    assert draft["organisation"] == "Bergs kommun"
    assert (draft["adopted_by"], draft["adopted_on"]) == ("kommunfullmäktige", "2020-05-12")
    assert draft["directions"] == [
        {
            "name": "Hållbar utveckling",
            "goals": ["Minska utsläppen genom samarbete", "Dela goda exempel"],
            "how": "heading",
        },
        {"name": "Demokrati och delaktighet", "goals": ["Unga deltar i utbyten"], "how": "heading"},
        {"name": "Näringsliv", "goals": ["Stötta företagens export"], "how": "heading"},
    ]
    assert any("årsrapporten" in rule for rule in draft["follow_up"])


@pytest.mark.requirement("X-7")
def test_priority_areas_as_a_docx_table(tmp_path):
    draft = read_document(docs.docx_with_table(tmp_path / "strategi.docx")).to_json()
    assert draft["title"] == "Strategi för internationellt arbete i Dals kommun"
    assert draft["directions"] == [
        {"name": "Klimat", "goals": ["Halverade utsläpp", "Fler klimatprojekt"], "how": "table"},
        {"name": "Utbildning", "goals": ["Fler elevutbyten"], "how": "table"},
        {"name": "Kultur", "goals": ["Ett kulturutbyte per år"], "how": "table"},
    ]


@pytest.mark.requirement("X-7")
def test_numbered_list_policy_in_plain_text(tmp_path):
    path = tmp_path / "handlingsplan.txt"
    path.write_text(docs.NUMBERED_POLICY, encoding="utf-8")
    draft = read_document(path).to_json()
    assert draft["title"] == "Internationell handlingsplan för Ekby kommun"
    assert (draft["adopted_by"], draft["adopted_on"]) == ("kommunfullmäktige", "2008-05-20")
    assert [d["name"] for d in draft["directions"]] == ["Profilering", "Kompetens", "Samverkan", "Påverkan"]
    assert draft["directions"][0]["goals"] == ["Ekby marknadsförs på mässor", "Besök tas emot på ett planerat sätt"]
    assert draft["twin_cities"] == ["Tromsø", "Keflavík"]


@pytest.mark.requirement("X-7")
def test_markdown_headings(tmp_path):
    path = tmp_path / "strategi.md"
    path.write_text(
        "# Internationell strategi för Fors kommun\n\n## Inriktningar\n\n### Kultur\n\n- Fler utbyten\n\n"
        "### Miljö\n\n- Klimatsamarbete med vänorter\n\n## Uppföljning\n\nStrategin följs upp årligen.\n",
        encoding="utf-8",
    )
    draft = read_document(path).to_json()
    assert draft["directions"] == [
        {"name": "Kultur", "goals": ["Fler utbyten"], "how": "heading"},
        {"name": "Miljö", "goals": ["Klimatsamarbete med vänorter"], "how": "heading"},
    ]


@pytest.mark.requirement("X-7")
def test_pdf_headings_from_font_sizes(tmp_path):
    path = tmp_path / "strategi.pdf"
    path.write_bytes(docs.pdf_from_html(docs.strategy_pdf_body()))
    draft = read_document(path).to_json()
    assert draft["title"] == "Internationell strategi för Åby kommun"
    assert (draft["adopted_by"], draft["adopted_on"]) == ("kommunfullmäktige", "2021-03-03")
    assert "2015-06-01" in draft["replaces"]
    assert draft["directions"] == [
        {
            "name": "Profilering",
            "goals": ["Åby ska synas i europeiska nätverk", "Fler internationella besök"],
            "how": "heading",
        },
        {"name": "Kunskapsutbyte", "goals": ["Personalen deltar i utbyten"], "how": "heading"},
        {"name": "Extern finansiering", "goals": ["Fler EU-projekt söks varje år"], "how": "heading"},
    ]


@pytest.mark.requirement("X-7")
def test_command_prints_the_json_object(tmp_path, capsys):
    path = tmp_path / "handlingsplan.txt"
    path.write_text(docs.NUMBERED_POLICY, encoding="utf-8")
    call_command("strategy_from_document", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "title", "organisation", "adopted_by", "adopted_on", "replaces", "directions",
        "governing_documents", "responsibilities", "follow_up", "twin_cities", "networks",
    ]  # fmt: skip
    assert data["directions"][1] == {"name": "Kompetens", "goals": ["Personalen får del av EU-kunskap"], "how": "list"}
    assert not list(tmp_path.glob("*.toml"))


@pytest.mark.requirement("X-7")
def test_command_writes_a_draft_strategy_file(tmp_path):
    import tomllib

    path = docs.docx_with_headings(tmp_path / "policy.docx")
    call_command("strategy_from_document", str(path))
    data = tomllib.loads((tmp_path / "policy.strategy.toml").read_text(encoding="utf-8"))
    assert data["name"] == "Internationell policy för Bergs kommun"
    version = data["versions"][0]
    assert (version["status"], version["adopted_by"], str(version["adopted_on"])) == (
        "draft",
        "kommunfullmäktige",
        "2020-05-12",
    )
    assert [d["name"] for d in version["directions"]] == [
        "Hållbar utveckling",
        "Demokrati och delaktighet",
        "Näringsliv",
    ]
    assert len({d["code"] for d in version["directions"]}) == 3
    assert draft_to_strategy_file_dict(read_document(path))["versions"][0]["directions"] == version["directions"]


@pytest.mark.django_db
@pytest.mark.requirement("X-7")
def test_the_draft_file_imports_into_a_draft_strategy(tmp_path):
    from utblick.organisations.tests.factories import OrganisationFactory
    from utblick.strategies.models import Strategy

    OrganisationFactory(name="Bergs kommun", slug="berg")
    path = docs.docx_with_headings(tmp_path / "policy.docx")
    call_command("strategy_from_document", str(path), "--organisation", "berg")
    call_command("strategy_import", str(tmp_path / "policy.strategy.toml"))
    version = Strategy.objects.get().versions.get()
    assert version.status == "draft"
    assert [d.name for d in version.directions.order_by("order")] == [
        "Hållbar utveckling",
        "Demokrati och delaktighet",
        "Näringsliv",
    ]


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


BROKEN = [
    ("corrupt.pdf", docs.corrupt_pdf, "corrupt_pdf", "damaged"),
    ("locked.pdf", docs.encrypted_pdf, "encrypted_pdf", "password"),
    ("scan.pdf", docs.image_only_pdf, "no_text_layer", "no text layer"),
    ("archive.docx", docs.zip_as_docx, "not_docx", "not a Word document"),
    ("huge.pdf", docs.large_file, "too_large", "larger than"),
]


def without_tesseract(monkeypatch, tmp_path, code: str) -> None:
    """A scan is refused only where text recognition is missing: take tesseract off the PATH."""
    if code == "no_text_layer":
        (tmp_path / "bin").mkdir(exist_ok=True)
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))


@pytest.mark.requirement("X-7")
@pytest.mark.parametrize(("name", "build", "code", "words"), BROKEN, ids=[b[2] for b in BROKEN])
def test_unreadable_files_get_a_clear_message_and_nothing_is_written(
    english, tmp_path, monkeypatch, name, build, code, words
):
    without_tesseract(monkeypatch, tmp_path, code)
    path = build(tmp_path / name)
    with pytest.raises(DocumentImportError) as caught:
        read_document(path)
    assert caught.value.code == code
    assert words in caught.value.message
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CommandError, match=words):
        call_command("strategy_from_document", str(path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.requirement("X-7")
def test_messages_are_in_swedish_for_swedish_users(tmp_path):
    from django.utils import translation

    path = docs.encrypted_pdf(tmp_path / "locked.pdf")
    with translation.override("sv"), pytest.raises(DocumentImportError) as caught:
        read_document(path)
    with translation.override("sv"):
        assert "lösenord" in caught.value.message


@pytest.mark.requirement("X-7")
def test_directions_listed_under_a_section_heading(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text(
        "# Internationell policy för Näs kommun\n\n## Prioriterade områden\n\n1. Klimat och miljö\n   - Halverade utsläpp\n2. Unga\n"
        "3. Näringsliv - export och etableringar\n\n## Ansvar\n\nKommunstyrelsen ansvarar för policyn.\n",
        encoding="utf-8",
    )
    draft = read_document(path).to_json()
    assert [d["name"] for d in draft["directions"]] == ["Klimat och miljö", "Unga", "Näringsliv"]
    assert draft["directions"][0]["goals"] == ["Halverade utsläpp"]
    assert draft["responsibilities"] == [{"body": "Kommunstyrelsen", "duty": "Kommunstyrelsen ansvarar för policyn."}]


@pytest.mark.requirement("X-7")
def test_uploaded_file_objects_are_read_and_traced(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = docs.docx_with_table(tmp_path / "strategi.docx").read_bytes()
    draft = read_document(SimpleUploadedFile("Strategi 2024.docx", data), "Strategi 2024.docx")
    assert draft.filename == "Strategi 2024.docx"
    spans = {s["field"]: s for s in draft.spans()}
    for field in ("title", "directions.0", "directions.0.goals.1", "directions.2"):
        span = spans[field]
        assert draft.text[span["start"] : span["end"]] == span["value"]
    assert spans["directions.0.goals.1"]["value"] == "Fler klimatprojekt"


@pytest.mark.requirement("X-7")
@pytest.mark.parametrize(("name", "build", "code", "words"), BROKEN, ids=[b[2] for b in BROKEN])
def test_the_quick_check_refuses_what_the_reader_refuses(english, tmp_path, monkeypatch, name, build, code, words):
    from utblick.strategies.importer import check_document

    without_tesseract(monkeypatch, tmp_path, code)
    with pytest.raises(DocumentImportError) as caught:
        check_document(build(tmp_path / name))
    assert caught.value.code == code


@pytest.mark.requirement("X-7")
def test_the_quick_check_passes_readable_documents_and_returns_their_bytes(tmp_path):
    from utblick.strategies.importer import check_document

    pdf = tmp_path / "strategi.pdf"
    pdf.write_bytes(docs.pdf_from_html(docs.strategy_pdf_body()))
    text = tmp_path / "plan.txt"
    text.write_text(docs.NUMBERED_POLICY, encoding="utf-8")
    for path in (pdf, docs.docx_with_table(tmp_path / "strategi.docx"), text):
        assert check_document(path) == path.read_bytes()


@pytest.mark.requirement("X-7")
def test_reading_a_pdf_reports_progress_page_by_page(tmp_path):
    path = tmp_path / "lang.pdf"
    path.write_bytes(docs.pdf_from_html(docs.strategy_pdf_body(pages=3)))
    seen: list[tuple[int, int]] = []
    read_document(path, progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert total >= 3 and seen == [(page, total) for page in range(1, total + 1)]
