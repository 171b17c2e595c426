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
    strategy = strategy_import(text)
    first = strategy_export(strategy)
    assert first == text  # the shipped file is itself an export
    Strategy.objects.all().delete()
    again = strategy_export(strategy_import(first))
    assert again == first


def test_the_commands_export_and_import(db, tmp_path, capsys):
    load_organisations()
    strategy_import((FILES[0]).read_text(encoding="utf-8"))
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
    "not toml": ('format = "utblick-strategy/1"\nname = "Trasig\n', "rad 2: inte giltig TOML"),
    "wrong format": (_replace('format = "utblick-strategy/1"', 'format = "något-annat"'), "rad 1: format"),
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
        strategy_import(text)
    messages = [str(problem) for problem in error.value.errors]
    assert any(expected in message for message in messages), messages
    assert all(problem.line for problem in error.value.errors), messages  # every error names its line
    assert not Strategy.objects.exists() and not StrategyVersion.objects.exists() and not Direction.objects.exists()


def test_line_numbers_point_at_the_offending_line(db):
    load_organisations()
    text, _ = MALFORMED["unknown rule"]
    with pytest.raises(StrategyFileError) as error:
        strategy_import(text)
    line = error.value.errors[0].line
    assert 'key = "flyg_forbjudet"' in text.splitlines()[line - 1]


def test_a_failed_reimport_keeps_the_existing_strategy(db):
    load_organisations()
    strategy_import(VALID)
    before = strategy_export(Strategy.objects.get())
    with pytest.raises(StrategyFileError):
        strategy_import(MALFORMED["unknown rule"][0])
    assert strategy_export(Strategy.objects.get()) == before
