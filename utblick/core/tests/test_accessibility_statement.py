"""The accessibility statement follows Digg's model: who stands behind the service, the compliance
status the testing supports, what is not accessible, how it was tested and what was not, the dates
from the operator's settings, how to report a problem and the link to Digg's reporting."""

import datetime

import pytest
from django.test import override_settings
from django.utils.html import strip_tags

DIGG = '<a href="https://www.digg.se/tdosanmalan">'


def _text(client, language: str = "sv") -> tuple[str, str]:
    client.cookies["django_language"] = language
    html = client.get("/tillganglighet/").content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return main, " ".join(strip_tags(main).split())


@pytest.mark.django_db
@override_settings(
    UTBLICK_OPERATOR_NAME="Växjö kommun",
    UTBLICK_OPERATOR_CONTACT="tillganglighet@vaxjo.example",
    UTBLICK_ACCESSIBILITY_STATEMENT_DATE=datetime.date(2026, 9, 23),
    UTBLICK_ACCESSIBILITY_REVIEWED_DATE=datetime.date(2026, 11, 30),
)
def test_the_statement_follows_diggs_model_in_swedish(client):
    html, text = _text(client)
    for heading in (
        "Hur tillgänglig är webbtjänsten?",
        "Vad kan du göra om du inte kan använda delar av webbtjänsten?",
        "Rapportera brister i webbtjänstens tillgänglighet",
        "Tillsyn",
        "Innehåll som inte är tillgängligt",
        "Innehåll som inte omfattas av lagkraven",
        "Hur vi testat webbtjänsten",
    ):
        assert f">{heading}</h" in html, heading
    assert "Växjö kommun står bakom webbtjänsten Utblick" in text
    # Automated checks alone do not prove full compliance.
    assert "delvis förenlig" in text and "helt förenlig" not in text
    assert "axe-core" in text and "god praxis" in text and "390 pixlar" in text
    assert "Ännu inte granskat: användning med skärmläsare" in text  # what was not checked, said
    assert "Gjort för hand" in text
    assert "bilagor" in text and "Swagger UI" in text  # known shortcomings, each with its reason
    assert html.count('<a href="mailto:tillganglighet@vaxjo.example">') == 2  # other formats, reporting
    assert DIGG in html and "Myndigheten för digital förvaltning" in text
    assert "upprättades den 23 september 2026" in text and "den 30 november 2026" in text
    assert "22 november 2026" not in text  # no date written into the template


@pytest.mark.django_db
@override_settings(UTBLICK_ACCESSIBILITY_STATEMENT_DATE=datetime.date(2026, 9, 23), UTBLICK_OPERATOR_CONTACT="")
def test_the_statement_in_english_and_without_a_contact_or_review_date(client):
    html, text = _text(client, "en")
    assert "partially compliant" in text and "fully compliant" not in text
    assert "prepared on 23 September 2026" in text and "assessed, on 23 September 2026" in text
    assert "contact details are on the website of the organisation that runs this installation" in text
    assert DIGG in html and "Enforcement procedure" in text and "Not yet reviewed" in text


@pytest.mark.django_db
@override_settings(UTBLICK_ACCESSIBILITY_STATEMENT_DATE=None, UTBLICK_ACCESSIBILITY_REVIEWED_DATE=None)
def test_without_dates_the_statement_says_they_are_missing(client):
    _html, text = _text(client)
    assert "har ännu inte angett när redogörelsen upprättades" in text


@pytest.mark.django_db
@override_settings(
    UTBLICK_ACCESSIBILITY_COMPLIANCE="full", UTBLICK_ACCESSIBILITY_STATEMENT_DATE=datetime.date(2027, 3, 1)
)
def test_an_operator_whose_own_review_found_full_compliance_can_say_so(client):
    _html, text = _text(client)
    assert "helt förenlig" in text and "delvis förenlig" not in text


@pytest.mark.django_db
def test_every_page_links_the_statement_in_its_footer(client):
    assert 'href="/tillganglighet/"' in client.get("/accounts/login/").content.decode()
