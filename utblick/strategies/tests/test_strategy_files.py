"""Strategy files: round trip, and malformed files that get line-numbered messages and write nothing."""

from pathlib import Path

import pytest
from django.core.management import call_command

from utblick.organisations.demo import load as load_organisations
from utblick.strategies.files import StrategyFileError, strategy_export, strategy_import
from utblick.strategies.models import Direction, Strategy, StrategyVersion

FILES = sorted((Path(__file__).parents[1] / "demo_strategies").glob("*.toml"))


@pytest.mark.requirement("ST-5")
@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_export_import_export_is_byte_identical(path, db):
    load_organisations()
    text = path.read_text(encoding="utf-8")
    strategy = strategy_import(text, user=None)
    first = strategy_export(strategy, organisation=None)
    assert first == text  # the shipped file is itself an export
    Strategy.objects.all().delete()
    again = strategy_export(strategy_import(first, user=None), organisation=None)
    assert again == first


def test_the_commands_export_and_import(db, tmp_path, capsys):
    load_organisations()
    strategy_import((FILES[0]).read_text(encoding="utf-8"), user=None)
    call_command("strategy_export", "kristianstad")
    exported = capsys.readouterr().out
    target = tmp_path / "kristianstad.toml"
    target.write_text(exported, encoding="utf-8")
    Strategy.objects.all().delete()
    call_command("strategy_import", str(target), "--dry-run")
    assert not Strategy.objects.exists()
    call_command("strategy_import", str(target))
    assert Strategy.objects.get().versions.get().directions.count() == 4


VALID = (Path(__file__).parents[1] / "demo_strategies" / "vaxjo.toml").read_text(encoding="utf-8")


def _replace(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


MALFORMED = {
    "not toml": ('format = "utblick-strategy/1"\nname = "Trasig\n', "Rad 2: inte giltig TOML"),
    "wrong format": (_replace('format = "utblick-strategy/1"', 'format = "något-annat"'), "Rad 1, format:"),
    "unknown rule": (_replace('key = "flight_compensation"', 'key = "flyg_forbjudet"'), "okänd regel"),
    "bad parameter": (
        _replace(
            '{ key = "funding_investigated", enabled = true }',
            '{ key = "membership_evaluation", enabled = true, parameters = { months = "ofta" } }',
        ),
        "heltal",
    ),
    "unknown indicator": (_replace('key = "flight_co2e_kg"', 'key = "lycka"'), "okänd indikator"),
    "bad date": (_replace("adopted_on = 2013-10-15", 'adopted_on = "15 oktober"'), "ÅÅÅÅ-MM-DD"),
    "unknown organisation": (_replace('organisation = "vaxjo"', 'organisation = "atlantis"'), "atlantis"),
    "duplicate direction": (
        _replace('code = "omvarldssamverkan"', 'code = "extern-finansiering"'),
        "förekommer två gånger",
    ),
    "missing name": (_replace('name = "Kompetensutveckling"', 'name = ""'), "name krävs"),
    "replaces unknown version": (_replace('replaces = "2009"', 'replaces = "1999"'), "1999"),
    "unknown key": (_replace('label = "2013"', 'label = "2013"\nfarg = "grön"'), "okänd nyckel farg"),
    "adopted without body": (
        _replace('adopted_by = "Kommunfullmäktige"\nadopted_on = 2013-10-15', "adopted_on = 2013-10-15"),
        "adopted_by",
    ),
    "review outside its period": (_replace('period = "2019–2022"', 'period = "2023–2026"'), "mandatperioden"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_file_gets_line_numbered_messages_and_writes_nothing(name, db):
    from django.utils import translation

    load_organisations()
    text, expected = MALFORMED[name]
    with translation.override("sv"), pytest.raises(StrategyFileError) as error:
        strategy_import(text, user=None)
    messages = [str(problem) for problem in error.value.errors]
    assert any(expected in message for message in messages), messages
    assert all(problem.row for problem in error.value.errors), messages  # every error names its line
    assert not Strategy.objects.exists() and not StrategyVersion.objects.exists() and not Direction.objects.exists()


def test_line_numbers_point_at_the_offending_line(db):
    load_organisations()
    text, _ = MALFORMED["unknown rule"]
    with pytest.raises(StrategyFileError) as error:
        strategy_import(text, user=None)
    line = error.value.errors[0].row
    assert 'key = "flyg_forbjudet"' in text.splitlines()[line - 1]


def test_a_failed_reimport_keeps_the_existing_strategy(db):
    load_organisations()
    strategy_import(VALID, user=None)
    before = strategy_export(Strategy.objects.get(), organisation=None)
    with pytest.raises(StrategyFileError):
        strategy_import(MALFORMED["unknown rule"][0], user=None)
    assert strategy_export(Strategy.objects.get(), organisation=None) == before


def _draft_file(organisation: str, *, label: str = "2024", replaces: str | None = None) -> dict:
    from utblick.strategies.importer.draft import strategy_file_dict

    return strategy_file_dict(
        {
            "title": "Internationell strategi för Växjö kommun",
            "organisation": "Växjö kommun",
            "adopted_by": "kommunfullmäktige",
            "adopted_on": "2024-02-20",
            "replaces": "",
            "directions": [
                {"name": "Extern finansiering", "description": "Pengar utifrån", "goals": ["Fler EU-projekt"]},
                {"name": "Kompetens", "goals": []},
            ],
            "governing_documents": ["Målområde Arbete och Företag", "Budget 2024"],
        },
        organisation,
        label=label,
        replaces=replaces,
    )


@pytest.mark.requirement("X-7")
def test_a_draft_joins_the_strategy_and_leaves_its_versions_and_documents_alone(db):
    from utblick.strategies.files import strategy_draft_import
    from utblick.strategies.models import GoverningDocument

    load_organisations()
    strategy = strategy_import(VALID, user=None)
    directions_before = sorted(Direction.objects.values_list("pk", flat=True))
    reviews_before = strategy.reviews.count()
    version = strategy_draft_import(
        _draft_file("vaxjo", replaces="2013"), organisation=strategy.organisations.get(), strategy=strategy
    )
    assert version.strategy == strategy and version.status == "draft" and version.replaces.label == "2013"
    assert [(d.name, d.description) for d in version.directions.order_by("order")] == [
        ("Extern finansiering", "Pengar utifrån"),
        ("Kompetens", ""),
    ]
    assert sorted(strategy.versions.values_list("label", flat=True)) == ["2009", "2013", "2024"]
    assert sorted(Direction.objects.exclude(version=version).values_list("pk", flat=True)) == directions_before
    assert strategy.reviews.count() == reviews_before
    kept = GoverningDocument.objects.get(title="Målområde Arbete och Företag")
    assert kept.kind == "plan" and kept.description  # an existing document is linked, not overwritten
    assert set(version.governing_documents.values_list("title", flat=True)) == {
        "Målområde Arbete och Företag",
        "Budget 2024",
    }


@pytest.mark.requirement("X-7")
def test_a_draft_without_a_strategy_starts_one_and_never_takes_another_strategys_address(db):
    from utblick.organisations.models import Organisation
    from utblick.strategies.files import strategy_draft_import
    from utblick.strategies.models import StrategyOwnership

    load_organisations()
    vaxjo = Organisation.objects.get(slug="vaxjo")
    data = _draft_file("vaxjo")
    other = Strategy.objects.create(slug=data["slug"], name="Någon annans strategi")
    version = strategy_draft_import(data, organisation=vaxjo, strategy=None)
    assert version.strategy != other and version.strategy.slug == f"{data['slug']}-2"
    assert list(StrategyOwnership.objects.filter(strategy=version.strategy).values_list("organisation", flat=True)) == [
        vaxjo.pk
    ]
    assert not other.versions.exists()


@pytest.mark.requirement("X-7")
def test_a_draft_with_a_taken_label_or_an_unknown_version_to_replace_writes_nothing(db):
    from utblick.strategies.files import strategy_draft_import

    load_organisations()
    strategy = strategy_import(VALID, user=None)
    before = strategy_export(strategy, organisation=None)
    owner = strategy.organisations.get()
    with pytest.raises(StrategyFileError) as error:
        strategy_draft_import(_draft_file("vaxjo", label="2013"), organisation=owner, strategy=strategy)
    assert [problem.column for problem in error.value.errors] == ["versions[0].label"]
    with pytest.raises(StrategyFileError) as error:
        strategy_draft_import(_draft_file("vaxjo", replaces="1999"), organisation=owner, strategy=strategy)
    assert [problem.column for problem in error.value.errors] == ["versions[0].replaces"]
    assert strategy_export(Strategy.objects.get(), organisation=None) == before
