"""The four seed strategies, loaded from their strategy files, as a coordinator reads them."""

import datetime

import pytest
from django.core.management import call_command

from utblick.strategies.models import Direction, Strategy, StrategyVersion


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def page(client, email, org):
    from utblick.core.models import User

    client.force_login(User.objects.get(email=email))
    return client.get(f"/o/{org}/strategy/").content.decode()


@pytest.mark.requirement("KR-1", "KR-2", "KR-3")
def test_kristianstad_strategy_shows_its_four_directions_dimensions_documents_and_rules(demo, client):
    html = page(client, "lasare@kristianstad.example", "kristianstad")
    for direction in [
        "Verksamhetsutveckling",
        "Strategisk påverkan och omvärldsbevakning",
        "Marknadsföring",
        "Vänortssamarbete",
    ]:
        assert f">{direction}" in html
    for theme in ["Tillväxt", "Tanke", "Trivsel", "Hälsa och delaktighet", "Friska ekosystem"]:
        assert theme in html  # KR-2: the vision's key words and the roadmap's areas
    for document in [
        "Vision 2030 – Vi lyfter tillsammans",
        "Strategisk färdplan 2020",
        "Strategisk handlingsplan EU-projekt",
    ]:
        assert document in html  # KR-1
    assert "Medlemskap har ett uttalat syfte" in html or "membership" in html.lower()
    strategy = Strategy.objects.get(slug="kristianstad-internationellt-arbete")
    keys = set(strategy.current_version().rule_settings.filter(enabled=True).values_list("key", flat=True))
    assert keys == {"membership_purpose", "membership_evaluation", "dormant_twin_city", "funding_investigated"}


@pytest.mark.requirement("VX-6", "VX-3", "VX-2", "VX-7")
def test_vaxjo_2013_replaces_2009_and_lists_its_three_strategies(demo, client):
    version = Strategy.objects.get(slug="vaxjo-internationell-strategi").current_version()
    assert (version.label, version.adopted_by, version.adopted_on) == (
        "2013",
        "Kommunfullmäktige",
        datetime.date(2013, 10, 15),
    )
    assert (version.replaces.label, version.replaces.adopted_on, version.replaces.status) == (
        "2009",
        datetime.date(2009, 8, 25),
        "replaced",
    )
    assert [d.name for d in version.directions.order_by("order")] == [
        "Extern finansiering",
        "Omvärldssamverkan",
        "Kompetensutveckling",
    ]
    assert {t.name for t in version.dimensions.get(code="hallbarhet").themes.all()} == {
        "Ekologisk hållbarhet",
        "Ekonomisk hållbarhet",
        "Social hållbarhet",
    }
    html = page(client, "lasare@vaxjo.example", "vaxjo")
    assert "15 oktober 2013" in html and "25 augusti 2009" in html
    assert "Målområde Arbete och Företag" in html  # VX-7: committees and boards follow up under this goal area
    keys = set(version.rule_settings.filter(enabled=True).values_list("key", flat=True))
    assert keys == {
        "funding_investigated",
        "flight_compensation",
        "contact_person_per_unit",
        "yearly_report_per_unit",
        "strategy_review_per_mandate_period",
    }


@pytest.mark.requirement("LN-1", "LN-3", "LN-4", "LN-11")
def test_linkoping_and_norrkoping_share_one_strategy_under_their_own_names(demo, client):
    strategy = Strategy.objects.get(slug="linkoping-norrkoping-internationellt-arbete")
    assert set(strategy.ownerships.values_list("organisation__slug", flat=True)) == {"linkoping", "norrkoping"}
    linkoping = page(client, "lasare@linkoping.example", "linkoping")
    norrkoping = page(client, "lasare@norrkoping.example", "norrkoping")
    assert "<h1>Internationell strategi</h1>" in linkoping
    assert "<h1>Riktlinje för internationellt arbete</h1>" in norrkoping
    for area in ["Profilering", "Omvärldsbevakning och påverkan", "Verksamhets- och kompetensutveckling"]:
        assert area in linkoping and area in norrkoping  # LN-4
    assert "Skapa en stödstruktur så att antalet EU-finansierade" in linkoping
    # LN-3: each links its own top governing document.
    assert "Kommunfullmäktiges plan med övergripande mål" in linkoping and "Vision 2035" not in linkoping
    assert "Vision 2035" in norrkoping and "Kommunfullmäktiges plan" not in norrkoping
    # LN-11: Norrköping's own direction is invisible in Linköping.
    assert "Norrköpings kommunspecifika internationella arbete" in norrkoping
    assert "Norrköpings kommunspecifika internationella arbete" not in linkoping


@pytest.mark.requirement("ST-1", "ST-2", "ST-5", "ST-6")
def test_stockholm_has_four_directions_its_principles_and_the_contact_person_rule_switched_off(demo, client):
    version = Strategy.objects.get(slug="stockholm-internationell-strategi").current_version()
    assert [d.name for d in version.directions.order_by("order")] == [
        "Profilering",
        "Omvärldsbevakning",
        "Samverkan",
        "Påverkan",
    ]
    settings = {s.key: s for s in version.rule_settings.all()}
    assert settings["no_twin_city_agreements"].enabled and settings["cooperation_agreement_aim"].enabled
    assert settings["aid_external_funding"].parameters == {"minimum_share": 100}
    assert not settings["contact_person_per_unit"].enabled  # ST-6: present but off
    html = page(client, "lasare@stockholm.example", "stockholm")
    assert "Ett Stockholm för alla – Vision 2040" in html  # ST-1
    assert "avstängd" in html  # the switched-off rule is shown as such


@pytest.mark.requirement("LN-11")
def test_a_direction_added_for_norrkoping_alone_is_invisible_in_linkoping(demo, client):
    from utblick.core.models import User

    strategy = Strategy.objects.get(slug="linkoping-norrkoping-internationellt-arbete")
    version = strategy.current_version()
    client.force_login(User.objects.get(email="samordnare@norrkoping.example"))
    response = client.post(
        f"/o/norrkoping/strategy/versions/{version.pk}/directions/add/",
        {"name": "Hamnen och logistiken", "code": "hamnen", "order": 9, "only_mine": "on"},
    )
    assert response.status_code == 302
    assert Direction.objects.get(code="hamnen").organisation.slug == "norrkoping"
    assert "Hamnen och logistiken" in page(client, "lasare@norrkoping.example", "norrkoping")
    assert "Hamnen och logistiken" not in page(client, "lasare@linkoping.example", "linkoping")


def test_a_coordinator_of_either_owner_edits_the_joint_strategy(demo, client):
    from utblick.core.models import User

    version = Strategy.objects.get(slug="linkoping-norrkoping-internationellt-arbete").current_version()
    direction = version.directions.get(code="profilering")
    for email, org in [("samordnare@linkoping.example", "linkoping"), ("samordnare@norrkoping.example", "norrkoping")]:
        client.force_login(User.objects.get(email=email))
        response = client.post(
            f"/o/{org}/strategy/directions/{direction.pk}/goals/add/", {"text": f"Mål från {org}", "order": 5}
        )
        assert response.status_code == 302, org
    assert set(direction.goals.filter(text__startswith="Mål från").values_list("text", flat=True)) == {
        "Mål från linkoping",
        "Mål från norrkoping",
    }


def test_a_version_is_copied_into_a_draft_and_compared(demo, client):
    from utblick.core.models import User

    version = Strategy.objects.get(slug="vaxjo-internationell-strategi").current_version()
    client.force_login(User.objects.get(email="samordnare@vaxjo.example"))
    response = client.post(f"/o/vaxjo/strategy/versions/{version.pk}/copy/", {"label": "2027-utkast"})
    assert response.status_code == 302
    draft = StrategyVersion.objects.get(label="2027-utkast")
    assert draft.status == "draft" and draft.replaces == version
    assert [d.name for d in draft.directions.order_by("order")] == [
        d.name for d in version.directions.order_by("order")
    ]
    assert draft.rule_settings.count() == version.rule_settings.count()
    draft.directions.filter(code="kompetensutveckling").delete()
    html = client.get(f"/o/vaxjo/strategy/compare/?old={version.pk}&new={draft.pk}").content.decode()
    assert "Borttagna" in html and "Kompetensutveckling" in html


@pytest.mark.requirement("ST-5")
def test_a_coordinator_switches_on_a_rule_whose_parameters_are_checked(demo, client):
    from utblick.core.models import User

    version = Strategy.objects.get(slug="stockholm-internationell-strategi").current_version()
    client.force_login(User.objects.get(email="samordnare@stockholm.example"))
    url = f"/o/stockholm/strategy/versions/{version.pk}/rules/add/"
    chosen = {"key": "membership_evaluation", "parameters_for": "membership_evaluation", "enabled": "on", "order": 9}
    bad = client.post(url, {**chosen, "parameter_months": "0"})
    assert bad.status_code == 200 and "större än eller lika med 1" in bad.content.decode()
    assert not version.rule_settings.filter(key="membership_evaluation").exists()
    good = client.post(url, {**chosen, "parameter_months": "12"})
    assert good.status_code == 302
    assert version.rule_settings.get(key="membership_evaluation").parameters == {"months": 12}
    assert "Varje medlemskap utvärderas minst var 12:e månad." in client.get("/o/stockholm/strategy/").content.decode()


@pytest.mark.requirement("KR-2", "KR-1")
def test_a_coordinator_adds_a_classification_with_themes_and_a_governing_document(demo, client):
    from utblick.core.models import User

    version = Strategy.objects.get(slug="kristianstad-internationellt-arbete").current_version()
    client.force_login(User.objects.get(email="samordnare@kristianstad.example"))
    assert (
        client.post(
            f"/o/kristianstad/strategy/versions/{version.pk}/dimensions/add/",
            {"name": "Globala mål", "code": "agenda2030", "order": 3},
        ).status_code
        == 302
    )
    dimension = version.dimensions.get(code="agenda2030")
    assert (
        client.post(
            f"/o/kristianstad/strategy/dimensions/{dimension.pk}/themes/add/",
            {"name": "Hållbara städer", "code": "mal-11", "order": 0},
        ).status_code
        == 302
    )
    assert (
        client.post("/o/kristianstad/strategy/documents/add/", {"title": "Budget 2027", "kind": "budget"}).status_code
        == 302
    )
    html = client.get("/o/kristianstad/strategy/").content.decode()
    assert "Globala mål" in html and "Hållbara städer" in html and "Budget 2027" in html
