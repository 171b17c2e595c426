"""The register extract (registerutdrag): a file a data protection officer can hand over."""

import io
import json
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from utblick.engagements.models import Engagement
from utblick.privacy.models import DataSubjectRequest

from .rawscan import row_ids_containing


def _download(subject, case_number="KS 2026/2001"):
    client = Client()
    client.force_login(subject.coordinator)
    response = client.post(f"/o/kristianstad/privacy/people/{subject.person.pk}/extract/", {"case_number": case_number})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"registerutdrag-kristianstad-{subject.person.pk}-" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.django_db
@pytest.mark.requirement("X-4")
def test_the_extract_lists_every_record_that_names_the_person_history_included(subject):
    package = _download(subject)
    assert set(package.namelist()) == {"README.txt", "manifest.json", "registerutdrag.pdf", "registerutdrag.json"}
    extract = json.loads(package.read("registerutdrag.json"))
    listed = {(r["table"], str(r["id"])) for part in ("records", "user_account", "history") for r in extract[part]}

    named = set()
    for value in subject.identifiers:
        named |= row_ids_containing(value)
    assert len(named) > 10
    # Every row of every table that holds their name, e-mail or phone.
    assert named - listed == set()

    person = subject.person
    responsible = {("engagements_engagement", str(pk)) for pk in person.engagements.values_list("pk", flat=True)}
    assert responsible <= listed  # the engagements they are responsible for, by link rather than by name
    history_tables = {r["table"] for r in extract["history"]}
    assert {"engagements_historicalengagement", "organisations_historicalperson"} <= history_tables
    assert {"account_emailaddress", "api_apitoken", "organisations_membership", "watch_itemcomment"} <= {
        r["table"] for r in extract["user_account"]
    }
    uploaded = [r for r in extract["history"] if r["table"] == "engagements_historicalattachment"]
    assert uploaded and uploaded[0]["values"]["title"] == "Program för vänortsmötet"
    assert all("key_hash" not in r["values"] and "password" not in r["values"] for r in extract["user_account"])
    assert extract["case_number"] == "KS 2026/2001"


@pytest.mark.django_db
def test_the_extract_reads_as_a_document_and_says_what_each_file_is(subject):
    package = _download(subject)
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(package.read("registerutdrag.pdf"))).pages)
    for text in (
        "Registerutdrag",
        subject.person.name,
        "Kristianstads kommun",
        "Dina rättigheter",
        "Integritetsskyddsmyndigheten",
    ):
        assert text in pdf, text
    assert "Vänortsavtal med Esbo" in pdf and "Samarbete inom Skåne Nordost" in pdf
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["format"] == "utblick-register-extract"
    assert {entry["path"] for entry in manifest["files"]} == {"registerutdrag.pdf", "registerutdrag.json"}
    readme = package.read("README.txt").decode()
    assert "registerutdrag.pdf" in readme and "registerutdrag.json" in readme and subject.person.name in readme
    logged = DataSubjectRequest.objects.get()
    assert (logged.kind, logged.person_number, logged.case_number) == ("extract", subject.person.pk, "KS 2026/2001")
    assert subject.person.name not in json.dumps(logged.summary)


@pytest.mark.django_db
def test_the_person_page_shows_what_the_extract_will_hold(subject):
    client = Client()
    client.force_login(subject.coordinator)
    page = client.get(f"/o/kristianstad/privacy/people/{subject.person.pk}/").content.decode()
    assert "Uppgifter som rör personen" in page and "Ändringshistorik" in page
    assert Engagement.objects.get(title="Vänortsavtal med Esbo").title in page
    assert "nämner personen i: beskrivning" in page  # the colleague's text in Skåne Nordost's description
