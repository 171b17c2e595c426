"""A file or body the libraries cannot read gets an explanation in the reader's language, not the
library's English ("parse error: premature EOF (right here) ------^"), and nothing is written."""

import json
import re

import pytest
from django.utils import translation

from utblick.core import spreadsheets
from utblick.core.library_errors import json_problem, regex_problem, toml_problem, xml_problem
from utblick.watch.imports import ImportFailed, import_path
from utblick.watch.models import ImportRun, Item
from utblick.watch.tests.factories import SourceFactory

# What the libraries say, which no user should read.
LIBRARY_WORDS = re.compile(
    r"premature EOF|right here|parse error|Expecting|Unterminated|Expected '='|mismatched tag|not well-formed|"
    r"field larger than|unterminated character set|Invalid value|line \d+ column \d+ \(char",
    re.IGNORECASE,
)
TRUNCATED_CALLS = b'{"results": [{"reference": "A", "metadata": {"identifier": ["A"], "title": ["A"]}}, {"ref'


@pytest.mark.django_db
def test_a_cut_off_call_file_is_explained_in_swedish_and_nothing_is_written(tmp_path):
    path = tmp_path / "utlysningar.json"
    path.write_bytes(TRUNCATED_CALLS)
    source = SourceFactory()
    with translation.override("sv"), pytest.raises(ImportFailed) as failure:
        import_path(path=path, source=source)
    message = str(failure.value)
    assert "Filen är inte giltig JSON" in message and "tar slut mitt i" in message
    assert not LIBRARY_WORDS.search(message), message
    assert ImportRun.objects.get(source=source).message == message
    assert not Item.objects.exists()


@pytest.mark.django_db
def test_a_broken_feed_file_names_the_line_in_swedish(tmp_path):
    path = tmp_path / "nyheter.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<title>Nyheter</titel>\n</channel></rss>')
    with translation.override("sv"), pytest.raises(ImportFailed) as failure:
        import_path(path=path, source=SourceFactory(), file_format="rss")
    message = str(failure.value)
    assert "rad 3" in message and "stängs" in message, message
    assert not LIBRARY_WORDS.search(message), message


def test_a_broken_strategy_file_names_its_line_and_what_is_wrong():
    from utblick.strategies.files import StrategyFileError, parse

    with translation.override("sv"), pytest.raises(StrategyFileError) as failure:
        parse('format = "utblick-strategy/1"\nname "Trasig"\n')
    message = str(failure.value)
    assert "rad 2" in message.lower() and "har inget '=' och värde" in message, message
    assert not LIBRARY_WORDS.search(message), message


def test_a_csv_file_the_reader_cannot_read_is_refused_with_a_swedish_message_not_a_crash():
    data = b'titel;start\n"' + b"x" * 140_000 + b"\n"  # a quotation mark never closed
    with translation.override("sv"), pytest.raises(spreadsheets.SpreadsheetError) as failure:
        spreadsheets.read_table(data, xlsx=False)
    assert "kan inte läsas som CSV" in failure.value.message and "citattecken" in failure.value.message
    assert not LIBRARY_WORDS.search(failure.value.message)


@pytest.mark.django_db
def test_an_api_body_that_is_not_json_is_explained_in_the_language_asked_for(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.user("coordinator_a"))
    url = f"/api/v1/organisations/{world.org_a.slug}/people/"
    swedish = client.post(url, data='{"name": "Anna', content_type="application/json", HTTP_ACCEPT_LANGUAGE="sv")
    assert swedish.status_code == 400
    assert "inte giltig JSON" in swedish.json()["detail"] and "tar slut mitt i" in swedish.json()["detail"]
    english = client.post(url, data="{name: 1}", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "not valid JSON" in english.json()["detail"]
    for answer in (swedish, english):
        assert not LIBRARY_WORDS.search(answer.json()["detail"]), answer.json()


@pytest.mark.django_db
def test_a_case_number_pattern_that_is_not_a_regular_expression_is_explained(world, client_for):
    coordinator = client_for("coordinator_a")
    url = f"/o/{world.org_a.slug}/edit/"
    form = coordinator.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    page = coordinator.post(url, {**data, "case_number_pattern": r"KS [0-9"}).content.decode()
    assert "Inget giltigt mönster" in page or "Inte ett giltigt mönster" in page, page
    assert "en [ utan sin ]" in page and not LIBRARY_WORDS.search(page)


@pytest.mark.parametrize("language, words", [("sv", "tar slut mitt i"), ("en", "ends in the middle")])
def test_every_explanation_is_in_the_active_language(language, words):
    import tomllib
    import xml.sax

    with translation.override(language):
        explained = []
        try:
            json.loads('{"a": ')
        except json.JSONDecodeError as error:
            explained.append(json_problem(error, data='{"a": '))
        try:
            tomllib.loads("a = \n")
        except tomllib.TOMLDecodeError as error:
            explained.append(toml_problem(error)[1])
        try:
            xml.sax.parseString(b"<a><b></a>", xml.sax.ContentHandler())
        except xml.sax.SAXParseException as error:
            explained.append(xml_problem(error))
        try:
            re.compile("(a")
        except re.error as error:
            explained.append(regex_problem(error))
    assert words in explained[0]
    assert len(explained) == 4
    for text in explained:
        assert not LIBRARY_WORDS.search(text), text
