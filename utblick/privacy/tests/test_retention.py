"""Retention rules (gallring): set by the organisation, carried out by a command that archives first."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from utblick.core.models import User
from utblick.engagements.models import Attachment, Engagement, Trip, TripLeg
from utblick.organisations.models import Person, UnitRole
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory
from utblick.privacy.models import RetentionRule, RetentionRun

TODAY = datetime.date(2026, 12, 6)


def _rules(slug: str, **years: tuple[int, bool]) -> dict[str, str]:
    """The retention page's form data: ``trip=(1, True)`` keeps trips one year and removes their history."""
    data = {}
    for kind in (
        "project",
        "membership",
        "agreement",
        "visit",
        "trip",
        "training",
        "representation",
        "advocacy",
        "person",
    ):
        count, removes_history = years.get(kind, (None, True))
        data[f"{kind}-years"] = "" if count is None else str(count)
        data[f"{kind}-basis"] = "Dokumenthanteringsplan KS 2024/88" if count else ""
        if removes_history:
            data[f"{kind}-removes_history"] = "on"
    return data


def _coordinator(slug: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"samordnare@{slug}.example"))
    return client


def _kinds(slug: str) -> dict[str, int]:
    return dict(Engagement.objects.filter(organisation__slug=slug).values_list("kind").annotate(n=Count("pk")))


@pytest.mark.django_db
@pytest.mark.requirement("X-4")
def test_a_run_archives_what_the_rules_say_then_removes_exactly_that(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    response = _coordinator("kristianstad").post(
        "/o/kristianstad/privacy/retention/",
        _rules("kristianstad", trip=(1, True), visit=(1, True), training=(1, False)),
    )
    assert response.status_code == 302
    due = {
        "Vänortsmöte i Esbo": "trip",
        "Europeiska veckan för regioner och städer": "trip",
        "Studiebesök från Esbo om förskolans utemiljö": "visit",
        "Att skriva en EU-ansökan": "training",
    }
    removed = {title: Engagement.objects.get(organisation__slug="kristianstad", title=title) for title in due}
    visit = removed["Studiebesök från Esbo om förskolans utemiljö"]
    attachment = Attachment.objects.create(
        engagement=visit, title="Program", file=ContentFile(b"Program for the visit", name="program.txt")
    )
    stored_file = attachment.file.name
    legs = TripLeg.objects.filter(trip__engagement__in=removed.values()).count()
    before = {slug: _kinds(slug) for slug in ("kristianstad", "vaxjo")}
    other_history = Engagement.history.exclude(id__in=[e.pk for e in removed.values()]).count()
    training_history = Engagement.history.filter(id=removed["Att skriva en EU-ansökan"].pk).count()

    dry = io.StringIO()
    call_command(
        "retention_run", "--organisation", "kristianstad", "--date", TODAY.isoformat(), "--dry-run", stdout=dry
    )
    assert "kristianstad: trip: 2 due" in dry.getvalue() and not RetentionRun.objects.exists()
    assert Engagement.objects.filter(pk__in=[e.pk for e in removed.values()]).count() == 4  # a dry run removes nothing

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "retention_run", "--organisation", "kristianstad", "--date", TODAY.isoformat(), stdout=io.StringIO()
        )

    run = RetentionRun.objects.get()
    assert run.counts["trip"] == 2 and run.counts["visit"] == 1 and run.counts["training"] == 1 and run.total == 4
    package = zipfile.ZipFile(run.archive.path)
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["format"] == "utblick-archive-package" and manifest["run_on"] == "2026-12-06"
    assert {rule["records"]: len(rule["records_removed"]) for rule in manifest["rules"]} == {
        "trip": 2,
        "visit": 1,
        "training": 1,
    }
    files = {entry["path"]: entry for entry in manifest["files"]}
    readme = package.read("README.txt").decode()
    for path, entry in files.items():
        assert package.read(path) and path in readme  # every file is there and described
        if path.endswith(".csv"):
            header, *rows = list(csv.reader(io.StringIO(package.read(path).decode("utf-8"))))
            assert header == [column["name"] for column in entry["columns"]] and len(rows) == entry["rows"]
            assert all(column["description"] for column in entry["columns"])
    archived = list(csv.DictReader(io.StringIO(package.read("data/engagements_engagement.csv").decode())))
    assert {row["title"] for row in archived} == set(due)
    assert files["data/engagements_tripleg.csv"]["rows"] == legs
    assert files["data/engagements_trip.csv"]["rows"] == 2
    assert files["history/engagements_historicalengagement.csv"]["rows"] >= 4
    stored_name = stored_file.rsplit("/", 1)[-1]  # program.txt, or with a suffix if the storage had one
    assert package.read(f"files/engagements_attachment/{attachment.pk}/{stored_name}") == b"Program for the visit"

    assert not Engagement.objects.filter(pk__in=[e.pk for e in removed.values()]).exists()
    assert not Trip.objects.filter(pk__in=[removed[t].pk for t in due if due[t] == "trip"]).exists()
    expected = dict(
        before["kristianstad"], trip=before["kristianstad"]["trip"] - 2, visit=before["kristianstad"]["visit"] - 1
    )
    expected["training"] -= 1
    assert _kinds("kristianstad") == expected and _kinds("vaxjo") == before["vaxjo"]
    # Trips and visits went with their history; the training's history stays, as its rule says.
    assert not Engagement.history.filter(id__in=[removed[t].pk for t in due if due[t] != "training"]).exists()
    kept = Engagement.history.filter(id=removed["Att skriva en EU-ansökan"].pk)
    assert kept.count() == training_history + 1 and kept.latest().history_type == "-"
    assert Engagement.history.exclude(id__in=[e.pk for e in removed.values()]).count() == other_history
    assert not attachment.file.storage.exists(stored_file)


@pytest.mark.django_db
def test_people_without_roles_or_engagements_are_removed_after_their_years(world, django_capture_on_commit_callbacks):
    long_ago = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
    gone = PersonFactory(organisation=world.org_a, name="Ola Förr")
    UnitRoleFactory(
        person=gone, unit=world.unit_a, starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2019, 6, 30)
    )
    current = UnitRoleFactory(unit=world.unit_a).person
    named = PersonFactory(organisation=world.org_a, name="Stina Kvar")
    from utblick.engagements.tests.factories import EngagementFactory

    EngagementFactory(organisation=world.org_a, owner_unit=world.unit_a, responsible=named)
    Person.objects.filter(pk__in=[gone.pk, current.pk, named.pk]).update(updated_at=long_ago)
    RetentionRule.objects.create(organisation=world.org_a, record_kind="person", years=5)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention_run", "--date", TODAY.isoformat(), stdout=io.StringIO())

    assert set(Person.objects.filter(organisation=world.org_a).values_list("name", flat=True)) >= {
        current.name,
        "Stina Kvar",
    }
    assert not Person.objects.filter(pk=gone.pk).exists() and not UnitRole.objects.filter(person_id=gone.pk).exists()
    assert not Person.history.filter(id=gone.pk).exists()
    run = RetentionRun.objects.get()
    assert run.counts["person"] == 1 and run.organisation == world.org_a
    assert "Ola Förr" in zipfile.ZipFile(run.archive.path).read("data/organisations_person.csv").decode()


@pytest.mark.django_db
def test_the_rules_page_refuses_a_bad_number_of_years_and_saves_nothing(world, client_for):
    client = client_for("coordinator_a")
    for years, message in (("0", "Minst ett år"), ("500", "Högst 100 år"), ("fem", "Skriv antalet år som ett heltal")):
        data = _rules("kommun-a", trip=(1, True))
        data["trip-years"] = years
        response = client.post(f"/o/{world.org_a.slug}/privacy/retention/", data)
        assert response.status_code == 200 and message in response.content.decode()
    assert not RetentionRule.objects.exists()


@pytest.mark.django_db
def test_the_privacy_page_says_what_is_kept_why_and_for_how_long(world, client_for):
    client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/privacy/retention/", _rules("kommun-a", trip=(2, True), visit=(5, False))
    )
    page = Client().get("/integritet/").content.decode()
    assert f'id="retention-{world.org_a.slug}"' in page and f'id="retention-{world.org_b.slug}"' in page
    assert "Uppföljning av resor, deras kostnader och klimatpåverkan." in page  # why
    assert "2 år efter att det avslutades" in page and "5 år efter att det avslutades" in page  # how long
    assert "Dokumenthanteringsplan KS 2024/88" in page  # decided in
    assert "tills organisationen beslutar något annat" in page  # kinds without a rule


@pytest.mark.django_db
def test_a_run_with_nothing_due_writes_nothing_and_a_bad_date_is_refused(world):
    from django.core.management.base import CommandError

    RetentionRule.objects.create(organisation=world.org_a, record_kind="trip", years=1)
    out = io.StringIO()
    call_command("retention_run", "--date", TODAY.isoformat(), stdout=out)
    assert f"{world.org_a.slug}: nothing due" in out.getvalue() and not RetentionRun.objects.exists()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("retention_run", "--date", "i morgon", stdout=io.StringIO())
