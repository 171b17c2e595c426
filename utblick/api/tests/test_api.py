"""The API behaves as the pages do: same permissions, validation, filters, conflicts, limits (X-6)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from utblick.engagements.models import BudgetLine, Engagement, Exchange, Project, ProjectStageChange
from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
from utblick.engagements.tests.matrix import _engagement

pytestmark = pytest.mark.requirement("X-6")


def base(world):
    return f"/api/v1/organisations/{world.org_a.slug}"


def test_an_editor_writes_only_in_their_own_units(world, api):
    client = api("editor_a")
    body = {"kind": "project", "title": "Solceller", "status": "idea", "project": {"programme": "life"}}
    mine = client.post(f"{base(world)}/engagements/", {**body, "owner_unit": world.unit_a.pk}, format="json")
    assert mine.status_code == 201
    theirs = client.post(f"{base(world)}/engagements/", {**body, "owner_unit": world.other_unit_a.pk}, format="json")
    assert theirs.status_code == 403
    moved = client.patch(
        f"{base(world)}/engagements/{mine.json()['id']}/", {"owner_unit": world.other_unit_a.pk, "version": 1}
    )
    assert moved.status_code == 403
    assert Engagement.objects.get().owner_unit == world.unit_a


def test_objects_of_another_organisation_answer_404_even_by_id(world, api):
    other = _engagement(world, world.unit_b)
    client = api("coordinator_a")
    assert client.get(f"{base(world)}/engagements/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/organisations/{world.org_b.slug}/engagements/").status_code == 404
    assert client.get("/api/v1/organisations/finns-inte/units/").json() == {"detail": "Hittades inte."}


def test_a_stale_version_answers_409_and_changes_nothing(world, api):
    engagement = _engagement(world, world.unit_a)
    url = f"{base(world)}/engagements/{engagement.pk}/"
    client = api("coordinator_a")
    first = client.patch(url, {"title": "Första", "version": 1})
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = client.patch(url, {"title": "Andra", "version": 1})
    assert stale.status_code == 409 and stale.json()["version"] == 2
    by_header = client.patch(url, {"title": "Tredje"}, HTTP_IF_MATCH='"2"')
    assert by_header.status_code == 200
    missing = client.patch(url, {"title": "Fjärde"})
    assert missing.status_code == 400 and "version" in missing.json()
    assert Engagement.objects.get().title == "Tredje"


def test_the_services_rules_answer_400_with_the_kinds_fields_nested(world, api):
    engagement = _engagement(world, world.unit_a)
    client = api("coordinator_a")
    # The pipeline idea -> granted is not allowed (VX-9); the message is the service's, in Swedish.
    response = client.patch(
        f"{base(world)}/engagements/{engagement.pk}/", {"version": 1, "project": {"stage": "granted"}}
    )
    assert response.status_code == 400
    assert "stage" in response.json()["project"]
    missing = client.post(
        f"{base(world)}/engagements/",
        {"kind": "visit", "title": "Besök", "owner_unit": world.unit_a.pk, "status": "idea"},
    )
    assert missing.status_code == 400 and "direction" in missing.json()["visit"]
    wrong_kind = client.post(
        f"{base(world)}/engagements/",
        {"kind": "visit", "title": "Besök", "owner_unit": world.unit_a.pk, "project": {}},
    )
    assert wrong_kind.status_code == 400 and "project" in wrong_kind.json()
    directions = client.post(
        f"{base(world)}/engagements/",
        {"kind": "project", "title": "Utan inriktning", "owner_unit": world.unit_a.pk, "status": "planned"},
    )
    assert directions.status_code == 400 and "directions" in directions.json()


def test_related_rows_of_another_organisation_cannot_be_linked(world, api):
    foreign = PartnerFactory(organisation=world.org_b)
    response = api("coordinator_a").post(
        f"{base(world)}/engagements/",
        {"kind": "project", "title": "P", "owner_unit": world.unit_a.pk, "status": "idea", "partners": [foreign.pk]},
    )
    assert response.status_code == 400 and "partners" in response.json()


def test_the_list_filters_with_the_pages_filterset(world, api, client_for):
    EngagementFactory(owner_unit=world.unit_a, title="Vänort Kongsberg", countries=["NO"])
    EngagementFactory(owner_unit=world.other_unit_a, title="EU-projekt", countries=["BE"])
    client = api("reader_a")
    for query, titles in (
        (f"owner_unit={world.unit_a.pk}", ["Vänort Kongsberg"]),
        ("country=be", ["EU-projekt"]),
        ("q=kongsberg", ["Vänort Kongsberg"]),
        ("ordering=title", ["EU-projekt", "Vänort Kongsberg"]),
        ("ordering=-title", ["Vänort Kongsberg", "EU-projekt"]),
    ):
        response = client.get(f"{base(world)}/engagements/?{query}")
        assert [row["title"] for row in response.json()["results"]] == titles, query
        page = client_for("reader_a").get(f"/o/{world.org_a.slug}/engagements/?{query}")
        assert sorted(row.title for row in page.context["table"].data) == sorted(titles), query
    assert client.get(f"{base(world)}/engagements/?owner_unit=999999").status_code == 400
    assert client.get(f"{base(world)}/engagements/?year=0").status_code == 400
    assert client_for("reader_a").get(f"/o/{world.org_a.slug}/engagements/?year=0").status_code == 200
    # Ordering is a whitelist: a field that is not on it is ignored.
    assert client.get(f"{base(world)}/engagements/?ordering=confidentiality_ground").status_code == 200


def test_pages_are_bounded(world, api):
    for _ in range(3):
        EngagementFactory(owner_unit=world.unit_a)
    body = api("reader_a").get(f"{base(world)}/engagements/?page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert len(api("reader_a").get(f"{base(world)}/engagements/?page_size=100000").json()["results"]) == 3


def test_sub_records_go_through_the_services_and_recalculate(world, api):
    trip = _engagement(world, world.unit_a, "trip")
    response = api("editor_a").post(
        f"{base(world)}/engagements/{trip.pk}/legs/",
        {"from_city": "Växjö", "from_country": "se", "to_city": "Bryssel", "to_country": "BE", "mode": "air"},
    )
    assert response.status_code == 201, response.json()
    trip.trip.refresh_from_db()
    assert trip.trip.flight_km > 1000 and trip.trip.co2e_kg > 0  # VX-4: the trip's totals follow its legs
    wrong_parent = api("editor_a").post(
        f"{base(world)}/engagements/{trip.pk}/exchanges/", {"happened_on": "2026-01-01", "kind": "school"}
    )
    assert wrong_parent.status_code == 404
    agreement = _engagement(world, world.unit_a, "agreement")
    made = api("editor_a").post(
        f"{base(world)}/engagements/{agreement.pk}/exchanges/",
        {"happened_on": "2026-03-01", "kind": "school", "description": "Elevutbyte", "participants": 24},
    )
    assert made.status_code == 201 and Exchange.objects.get().participants == 24
    exchange = f"{base(world)}/engagements/{agreement.pk}/exchanges/{made.json()['id']}/"
    corrected = api("editor_a").patch(exchange, {"participants": 26, "version": 1})
    assert corrected.status_code == 200 and corrected.json()["version"] == 2
    assert api("coordinator_a").patch(exchange, {"participants": 1, "version": 1}).status_code == 409
    leg = f"{base(world)}/engagements/{trip.pk}/legs/{response.json()['id']}/"
    assert api("editor_a").delete(leg).status_code == 204
    trip.trip.refresh_from_db()
    assert trip.trip.flight_km == 0 and trip.trip.co2e_kg == 0  # the trip follows its legs out too


@pytest.mark.requirement("ST-7")
def test_resources_are_recorded_changed_with_their_version_and_removed(world, api):
    engagement = _engagement(world, world.unit_a)
    url = f"{base(world)}/engagements/{engagement.pk}/budget-lines/"
    client = api("editor_a")
    made = client.post(url, {"label": "Resor", "planned": 40000})
    assert made.status_code == 201 and made.json()["decided"] is None and made["ETag"] == '"1"'
    line = f"{url}{made.json()['id']}/"
    refused = client.post(url, {"label": "Avgift", "planned": -5})
    assert refused.status_code == 400 and "planned" in refused.json()
    spent = client.patch(line, {"spent": 38500, "version": 1})
    assert spent.status_code == 200 and spent.json()["version"] == 2
    stale = client.patch(line, {"spent": 1, "version": 1})
    assert stale.status_code == 409 and stale.json()["version"] == 2
    shown = client.get(f"{base(world)}/engagements/{engagement.pk}/").json()["budget_lines"]
    assert [(row["label"], row["planned"], row["spent"]) for row in shown] == [("Resor", 40000, 38500)]
    assert client.delete(line).status_code == 204
    assert not BudgetLine.objects.exists()
    assert BudgetLine.history.filter(history_type="-").get().history_change_reason == "API: Power BI"


def test_a_project_created_through_the_api_logs_its_stage(world, api):
    response = api("coordinator_a").post(
        f"{base(world)}/engagements/",
        {"kind": "project", "title": "Interreg", "owner_unit": world.unit_a.pk, "status": "idea"},
    )
    assert response.status_code == 201
    project = Project.objects.get()
    assert ProjectStageChange.objects.filter(project=project, stage="idea").exists()


def test_deleting_an_engagement_goes_through_the_service(world, api):
    engagement = _engagement(world, world.unit_a)
    assert api("reader_a").delete(f"{base(world)}/engagements/{engagement.pk}/").status_code == 403
    assert api("editor_a").delete(f"{base(world)}/engagements/{engagement.pk}/").status_code == 204
    assert not Engagement.objects.exists()
    assert Engagement.history.filter(id=engagement.pk, history_type="-").get().history_change_reason == "API: Power BI"


def test_people_and_roles_are_written_by_coordinators(world, api):
    client = api("coordinator_a")
    person = client.post(f"{base(world)}/people/", {"name": "Sara Lind", "kind": "official", "email": "sara@a.example"})
    assert person.status_code == 201
    role = client.post(
        f"{base(world)}/roles/", {"person": person.json()["id"], "unit": world.unit_a.pk, "role": "eu_contact"}
    )
    assert role.status_code == 201
    foreign_unit = client.post(
        f"{base(world)}/roles/", {"person": person.json()["id"], "unit": world.unit_b.pk, "role": "chair"}
    )
    assert foreign_unit.status_code == 400
    assert api("editor_a").post(f"{base(world)}/people/", {"name": "Nej"}).status_code == 403
    unit = client.get(f"{base(world)}/units/{world.unit_a.pk}/").json()
    assert unit["name"] == world.unit_a.name


@override_settings(UTBLICK_API_RATES={"token": "3/min", "session": "3/min", "anonymous": "3/min"})
def test_each_token_has_its_own_rate_limit(world, api):
    cache.clear()
    first, second = api("reader_a"), api("reader_a", name="Intranät")
    answers = [first.get("/api/v1/organisations/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert second.get("/api/v1/organisations/").status_code == 200
    throttled = first.get("/api/v1/organisations/")
    assert "Retry-After" in throttled
    cache.clear()


@override_settings(UTBLICK_API_RATES={"token": "3/min", "session": "3/min", "anonymous": "3/min"})
def test_requests_without_valid_credentials_are_throttled_per_address(world):
    from rest_framework.test import APIClient

    cache.clear()
    anonymous = [APIClient().get("/api/v1/organisations/").status_code for _ in range(4)]
    assert anonymous == [401, 401, 401, 429]
    wrong_token = APIClient()
    wrong_token.credentials(HTTP_AUTHORIZATION="Bearer utb_00000000_gissat")
    throttled = wrong_token.get("/api/v1/organisations/")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    cache.clear()
    guesses = [wrong_token.get("/api/v1/organisations/").status_code for _ in range(4)]
    assert guesses == [401, 401, 401, 429]
    cache.clear()


@override_settings(UTBLICK_API_MAX_BODY_BYTES=1000)
def test_a_too_large_body_answers_413_and_writes_nothing(world, api):
    response = api("coordinator_a").post(f"{base(world)}/people/", {"name": "Anna", "title": "x" * 2000}, format="json")
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]


def test_unknown_api_addresses_answer_json(world, api):
    response = api("reader_a").get("/api/v1/finns-inte/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_reports_are_started_polled_and_downloaded(world, api, django_capture_on_commit_callbacks):
    client = api("reader_a")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{base(world)}/reports/", {"kind": "year", "year": 2026, "format": "xlsx"})
    assert started.status_code == 202
    poll = client.get(started["Location"]).json()
    assert poll["state"] == "done" and poll["download"]
    download = client.get(poll["download"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download.content[:2] == b"PK"
    waiting = client.post(f"{base(world)}/reports/", {"kind": "year", "format": "pdf"}).json()
    assert client.get(f"{base(world)}/reports/{waiting['id']}/download/").status_code == 409
    invalid = client.post(f"{base(world)}/reports/", {"kind": "mandate", "format": "docx"})
    assert invalid.status_code == 400 and "period" in invalid.json()


def test_strategy_files_are_exported_and_imported_with_line_numbered_errors(world, api):
    from utblick.strategies.files import strategy_export
    from utblick.strategies.models import Strategy
    from utblick.strategies.tests.factories import strategy_for

    strategy = strategy_for(world.org_a)
    client = api("coordinator_a")
    exported = client.get(f"{base(world)}/strategies/{strategy.pk}/export/")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/toml")
    text = exported.content.decode()
    assert text == strategy_export(strategy, organisation=world.org_a)
    url = f"{base(world)}/strategies/import/"
    dry = client.post(f"{url}?dry_run=true", text.replace("Profilering", "Synlighet"), content_type="application/toml")
    assert (dry.status_code == 200 and "dry run" in dry.json()["detail"]) or "provkörning" in dry.json()["detail"]
    assert not strategy.versions.get().directions.filter(name="Synlighet").exists()
    broken = text.replace('status = "adopted"', 'status = "antagen"')
    errors = client.post(url, {"content": broken})
    assert errors.status_code == 400
    problem = errors.json()["errors"][0]
    assert problem["row"] == text.splitlines().index('status = "adopted"') + 1
    assert "status" in problem["column"]
    imported = client.post(url, {"content": text.replace("Profilering", "Synlighet")})
    assert imported.status_code == 201
    assert Strategy.objects.get().versions.get().directions.filter(name="Synlighet").exists()
    assert api("editor_a").post(url, {"content": text}).status_code == 403


def test_deviations_filter_with_the_pages_filterset(world, api):
    from utblick.api.tests.data import build_register

    build_register(world)
    client = api("reader_a")
    assert client.get(f"{base(world)}/deviations/").json()["count"] == 1
    assert client.get(f"{base(world)}/deviations/?state=resolved").json()["count"] == 0
    assert client.get(f"{base(world)}/deviations/?unit={world.other_unit_a.pk}").json()["count"] == 0
    assert client.get(f"{base(world)}/deviations/?rule=directions_required").json()["count"] == 1


def test_indicators_are_computed_for_the_year(world, api):
    from utblick.strategies.models import Indicator
    from utblick.strategies.tests.factories import strategy_for

    version = strategy_for(world.org_a).versions.get()
    Indicator.objects.create(version=version, key="eu_funded_projects")
    body = api("reader_a").get(f"{base(world)}/indicators/?year=2026").json()
    assert body[0]["key"] == "eu_funded_projects"
    assert [point["year"] for point in body[0]["values"]] == [2023, 2024, 2025, 2026]


def test_a_strategy_shows_only_the_parts_this_organisation_sees(world, api):
    from utblick.strategies.models import Direction
    from utblick.strategies.tests.factories import strategy_for

    strategy = strategy_for(world.org_a, world.org_b)
    version = strategy.versions.get()
    Direction.objects.create(version=version, code="b-only", name="Bara B", organisation=world.org_b)
    body = api("coordinator_a").get(f"{base(world)}/strategies/{strategy.pk}/").json()
    names = [d["name"] for d in body["versions"][0]["directions"]]
    assert "Bara B" not in names and "Profilering" in names
