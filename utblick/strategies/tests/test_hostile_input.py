"""Hostile input to the strategy pages (issue 14.3, 8a): Word documents refused on upload, nothing stored;
rule parameters nested too deeply refused on the form."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from utblick.core.tests import hostile
from utblick.strategies.importer import read_document
from utblick.strategies.models import DocumentImport, RuleSetting
from utblick.strategies.tests.factories import strategy_for


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("document-bombs")
    return {
        "bomb": hostile.docx_bomb(folder / "bomb.docx").read_bytes(),
        "lying": hostile.docx_bomb(folder / "lying.docx", lying=True).read_bytes(),
    }


@pytest.mark.requirement("X-7")
@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("bomb", "packas upp till mer än 100 MB"),
        ("lying", "packas inte upp till det som dess filhuvud anger"),
        ("billion-laughs", "dokumenttypsdeklaration"),
        ("xxe", "dokumenttypsdeklaration"),
    ],
)
def test_a_hostile_word_document_is_refused_on_upload_and_nothing_is_stored(
    world, client_for, bombs, case, words, settings, django_capture_on_commit_callbacks
):
    data = {
        "billion-laughs": lambda: hostile.docx_with_entities(hostile.BILLION_LAUGHS, hostile.LAUGH),
        "xxe": lambda: hostile.docx_with_entities(hostile.xxe(), b"&xxe;"),
    }.get(case, lambda: bombs[case])()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for("coordinator_a").post(
            f"/o/{world.org_a.slug}/strategy/from-document/", {"file": SimpleUploadedFile("strategi.docx", data)}
        )
    page = response.content.decode()
    assert response.status_code == 400 and words in page and "root:" not in page
    assert not DocumentImport.objects.exists() and not callbacks
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


def test_the_reading_in_the_background_refuses_them_too(bombs):
    """A document stored before the checks existed is read by the task through the same checks."""
    from utblick.strategies.importer import DocumentImportError

    for data in bombs.values():
        with pytest.raises(DocumentImportError) as refused:
            read_document(io.BytesIO(data), "strategi.docx")
        assert refused.value.code in {"unzipped_too_large", "deceptive_part"}


def test_a_rule_parameter_thousands_of_characters_long_is_refused_on_its_field(world, client_for):
    version = strategy_for(world.org_a).versions.get()
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/strategy/versions/{version.pk}/rules/add/",
        {
            "key": "dormant_twin_city",
            "parameters_for": "dormant_twin_city",
            "enabled": "on",
            "parameter_months": "[" * 5000,
            "order": 0,
        },
    )
    assert response.status_code == 200 and "Fyll i ett heltal" in response.content.decode()
    assert not RuleSetting.objects.exists()
