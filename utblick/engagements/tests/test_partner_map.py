"""Partners placed on the map: looked up offline by name, entered by hand where the gazetteer has no match,
drawn as links by what they are to the organisation, with the same partners in the table beside the map."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from utblick.core import maps
from utblick.engagements import imports, services
from utblick.engagements.choices import AgreementType, Kind, PartnerKind, Placement, Status
from utblick.engagements.models import Agreement, NetworkMembership, Partner, Project

from .factories import EngagementFactory, PartnerFactory


def _save(partner, world):
    return services.partner_save(partner=partner, user=world.user("coordinator_a"))


def test_a_partner_city_is_placed_from_its_name_and_country(world):
    partner = _save(Partner(organisation=world.org_a, name="Gdańsk", country="PL"), world)
    assert partner.placement == Placement.GAZETTEER
    assert partner.latitude == pytest.approx(54.35, abs=0.05) and partner.longitude == pytest.approx(18.65, abs=0.05)


def test_a_network_is_placed_by_the_city_it_sits_in(world):
    partner = _save(
        Partner(organisation=world.org_a, name="ICLEI Europe", kind=PartnerKind.NETWORK, country="DE", city="Bonn"),
        world,
    )
    assert partner.is_placed and partner.latitude == pytest.approx(50.73, abs=0.05)


def test_a_place_the_gazetteer_lacks_stays_unplaced_until_entered_by_hand(world):
    partner = _save(Partner(organisation=world.org_a, name="Skagafjörður", country="IS"), world)
    assert not partner.is_placed and partner.placement == Placement.NONE
    partner.latitude, partner.longitude = 65.75, -19.64
    partner = services.partner_save(partner=partner, user=world.user("coordinator_a"), expected_version=partner.version)
    assert partner.placement == Placement.MANUAL
    # A renamed partner keeps the place someone entered by hand.
    partner.name = "Sveitarfélagið Skagafjörður"
    partner = services.partner_save(partner=partner, user=world.user("coordinator_a"), expected_version=partner.version)
    assert (partner.latitude, partner.longitude) == (65.75, -19.64)


def test_a_partner_placed_by_name_moves_with_its_name(world):
    partner = _save(Partner(organisation=world.org_a, name="Tartu", country="EE"), world)
    partner.name = "Pärnu"
    partner = services.partner_save(partner=partner, user=world.user("coordinator_a"), expected_version=partner.version)
    assert partner.latitude == pytest.approx(58.38, abs=0.05)


def test_half_a_place_is_refused_with_a_clear_message(client_for, world):
    client = client_for("coordinator_a")
    response = client.post(
        f"/o/{world.org_a.slug}/partners/add/",
        {"name": "Budafok-Tétény", "kind": "city", "country": "HU", "latitude": "47.42"},
    )
    assert response.status_code == 200
    assert "både latitud och longitud" in response.content.decode()
    assert not Partner.objects.filter(name="Budafok-Tétény").exists()


def test_a_latitude_off_the_globe_is_refused(client_for, world):
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/partners/add/",
        {"name": "Budafok-Tétény", "kind": "city", "country": "HU", "latitude": "147.4", "longitude": "19.0"},
    )
    assert response.status_code == 200 and not Partner.objects.filter(name="Budafok-Tétény").exists()


def test_the_api_takes_coordinates_and_looks_up_the_rest(client_for, world):
    client = client_for("coordinator_a")
    url = f"/api/v1/organisations/{world.org_a.slug}/partners/"
    by_hand = client.post(
        url,
        {"name": "Budafok-Tétény", "kind": "city", "country": "hu", "latitude": 47.42, "longitude": 19.03},
        "application/json",
    )
    assert by_hand.status_code == 201, by_hand.content
    assert by_hand.json()["placement"] == "manual" and by_hand.json()["country"] == "HU"
    looked_up = client.post(url, {"name": "Kaunas", "kind": "city", "country": "LT"}, "application/json")
    assert looked_up.json()["placement"] == "gazetteer" and looked_up.json()["latitude"] == pytest.approx(54.9, abs=0.1)
    half = client.post(url, {"name": "Pécs", "kind": "city", "country": "HU", "latitude": 46.07}, "application/json")
    assert half.status_code == 400 and not Partner.objects.filter(name="Pécs").exists()
    # Readers read partners, they do not add them.
    assert client_for("reader_a").post(url, {"name": "Pécs", "country": "HU"}, "application/json").status_code == 403


def test_the_bulk_import_takes_a_partner_citys_coordinates(world):
    from utblick.strategies.tests.factories import strategy_for

    strategy_for(world.org_a)
    rows = "title,unit,status,partner_city,partner_country,partner_latitude,partner_longitude\n"
    rows += f'Vänort Skagafjörður,{world.unit_a.slug},idea,Skagafjörður,IS,"65,75",-19.64\n'
    rows += f"Vänort Tartu,{world.unit_a.slug},idea,Tartu,EE,,\n"
    upload = SimpleUploadedFile("vanorter.csv", rows.encode())
    imports.engagements_import(
        upload=upload, kind=Kind.AGREEMENT, organisation=world.org_a, user=world.user("coordinator_a")
    )
    by_hand = Partner.objects.get(name="Skagafjörður")
    assert (by_hand.latitude, by_hand.longitude, by_hand.placement) == (65.75, -19.64, Placement.MANUAL)
    assert Partner.objects.get(name="Tartu").placement == Placement.GAZETTEER


def test_the_bulk_import_refuses_half_a_place_and_writes_nothing(world):
    rows = "title,unit,status,partner_city,partner_country,partner_latitude\n"
    rows += f"Vänort Skagafjörður,{world.unit_a.slug},idea,Skagafjörður,IS,65.75\n"
    with pytest.raises(imports.ImportRejected) as rejected:
        imports.engagements_import(
            upload=SimpleUploadedFile("v.csv", rows.encode()),
            kind=Kind.AGREEMENT,
            organisation=world.org_a,
            user=world.user("coordinator_a"),
        )
    assert any("latitud och longitud" in problem.message for problem in rejected.value.problems)
    assert not Partner.objects.exists()


def test_the_data_migration_places_existing_partners(db):
    """engagements.0012 on a partner recorded before places existed."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("utblick.engagements.migrations.0012_place_existing_partners")
    from utblick.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    waiting = Partner.objects.create(organisation=organisation, name="Kaunas", country="LT")
    unknown = Partner.objects.create(organisation=organisation, name="Skagafjörður", country="IS")
    entered = Partner.objects.create(
        organisation=organisation, name="Eurocities", kind="network", country="BE", latitude=50.84, longitude=4.36
    )
    migration.forwards(apps, None)
    waiting.refresh_from_db(), unknown.refresh_from_db(), entered.refresh_from_db()
    assert waiting.placement == Placement.GAZETTEER and waiting.latitude == pytest.approx(54.9, abs=0.1)
    assert not unknown.is_placed
    assert entered.placement == Placement.MANUAL and entered.latitude == 50.84


def _partners_with_engagements(world):
    twin = PartnerFactory(organisation=world.org_a, name="Gdańsk", country="PL", latitude=54.35, longitude=18.65)
    project_partner = PartnerFactory(
        organisation=world.org_a, name="Tartu", country="EE", latitude=58.38, longitude=26.72
    )
    network = PartnerFactory(
        organisation=world.org_a,
        name="Eurocities",
        kind=PartnerKind.NETWORK,
        country="BE",
        latitude=50.85,
        longitude=4.35,
    )
    unplaced = PartnerFactory(organisation=world.org_a, name="Budafok-Tétény", country="HU")
    agreement = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.AGREEMENT, status=Status.ONGOING, title="Vänort Gdańsk"
    )
    Agreement.objects.create(engagement=agreement, partner_city=twin, agreement_type=AgreementType.TWIN)
    project = EngagementFactory(owner_unit=world.unit_a, kind=Kind.PROJECT, title="LIFE Kustzon")
    Project.objects.create(engagement=project)
    project.partners.set([project_partner, unplaced])
    membership = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.MEMBERSHIP, status=Status.ONGOING, title="Eurocities"
    )
    NetworkMembership.objects.create(engagement=membership, network=network)
    return twin, project_partner, network, unplaced


def _markers(html):
    return re.findall(r'<a href="([^"]+)" class="map__marker map__marker--(\w+)" aria-label="([^"]+)"', html)


def test_the_map_draws_each_partner_as_a_link_by_what_it_is_and_the_table_lists_the_same(client_for, world):
    twin, project_partner, network, unplaced = _partners_with_engagements(world)
    PartnerFactory(organisation=world.org_b, name="Bergen", country="NO", latitude=60.39, longitude=5.32)
    html = client_for("reader_a").get(f"/o/{world.org_a.slug}/partners/map/").content.decode()
    markers = {label.split(":")[0]: (url, category) for url, category, label in _markers(html)}
    assert markers == {
        "Gdańsk": (twin.get_absolute_url(), "twin"),
        "Tartu": (project_partner.get_absolute_url(), "project"),
        "Eurocities": (network.get_absolute_url(), "network"),
    }
    table = html[html.index('id="partner-table"') :]
    for partner in (twin, project_partner, network, unplaced):
        assert f'href="{partner.get_absolute_url()}">{partner.name}</a>' in table
    assert "Bergen" not in html  # another organisation's partner
    assert "inte utplacerad" in table and "1 finns inte på kartan" in html


def test_the_map_filters_by_status_and_kind_of_partner(client_for, world):
    _partners_with_engagements(world)
    client = client_for("coordinator_a")
    ongoing = client.get(f"/o/{world.org_a.slug}/partners/map/?status=ongoing").content.decode()
    assert {label.split(":")[0] for _u, _c, label in _markers(ongoing)} == {"Gdańsk", "Eurocities"}
    twins = client.get(f"/o/{world.org_a.slug}/partners/map/?category=twin").content.decode()
    assert {label.split(":")[0] for _u, _c, label in _markers(twins)} == {"Gdańsk"}


def test_crowded_partners_become_a_cluster_that_zooms_in(client_for, world):
    for index in range(4):
        PartnerFactory(
            organisation=world.org_a,
            name=f"Stadsdel {index}",
            country="DE",
            latitude=52.5 + index * 0.05,
            longitude=13.4,
        )
    PartnerFactory(organisation=world.org_a, name="Lissabon", country="PT", latitude=38.72, longitude=-9.14)
    client = client_for("reader_a")
    html = client.get(f"/o/{world.org_a.slug}/partners/map/?view=europe").content.decode()
    clusters = [(url, label) for url, category, label in _markers(html) if category == "cluster"]
    assert len(clusters) == 1 and clusters[0][1].startswith("4 partner här")
    zoomed = client.get(f"/o/{world.org_a.slug}/partners/map/" + clusters[0][0].replace("&amp;", "&")).content.decode()
    assert len([category for _u, category, _l in _markers(zoomed) if category == "other"]) == 4
    assert "Visa hela kartan igen" in zoomed


def test_partners_in_one_place_are_spread_around_it_with_lines_back():
    places = [maps.Place(str(index), f"Partner {index}", 55.6, 13.0, "other", f"/p/{index}") for index in range(3)]
    picture = maps.draw(places, extent=maps.Extent(12.0, 55.0, 14.0, 56.5), zoom_url=lambda extent: extent.param)
    assert len(picture.markers) == 3 and all(marker.anchor is not None for marker in picture.markers)
    assert len({(round(m.x), round(m.y)) for m in picture.markers}) == 3


def test_the_report_image_is_a_png_of_the_same_picture():
    picture = maps.draw([maps.Place("1", "Gdańsk", 54.35, 18.65, "twin", "/")], extent=maps.VIEWS["europe"])
    png = maps.picture_png(picture)
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width > 600


def test_the_map_costs_the_same_queries_for_many_partners(client_for, world, django_assert_max_num_queries):
    _partners_with_engagements(world)
    client = client_for("reader_a")
    client.get(f"/o/{world.org_a.slug}/partners/map/")  # sessions and caches warm
    with django_assert_max_num_queries(40) as few:
        client.get(f"/o/{world.org_a.slug}/partners/map/")
    for index in range(30):
        partner = PartnerFactory(
            organisation=world.org_a, name=f"Ort {index}", country="PL", latitude=50 + index * 0.3, longitude=15
        )
        engagement = EngagementFactory(owner_unit=world.unit_a)
        engagement.partners.add(partner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/o/{world.org_a.slug}/partners/map/")
