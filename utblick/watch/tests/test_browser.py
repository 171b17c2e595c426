"""The scanning desk in Chromium: the funding step end to end, and axe-core on every page."""

import pytest
from django.core.files.base import ContentFile

from utblick.engagements.models import Engagement
from utblick.strategies.tests.factories import strategy_for
from utblick.watch.models import ImportRun, WatchProfile
from utblick.watch.services import profile_save, share_create

from .factories import LIFE_CALL, SourceFactory, add_items, call

pytestmark = pytest.mark.browser


@pytest.fixture
def calls(world):
    strategy_for(world.org_a)
    portal = SourceFactory(organisation=None, name="EU Funding & Tenders")
    items = add_items(
        portal,
        call("LIFE-2027-CLIMA-CCA", "Climate change adaptation in local authorities", days=45, **LIFE_CALL),
        call("CERV-2027-TT", "Town twinning: citizens meet", days=80, programme="cerv", programme_name="CERV"),
    )
    profile_save(profile=WatchProfile(unit=world.unit_a, keywords="klimatanpassning = climate adaptation"), user=None)
    return items


@pytest.mark.requirement("KR-4", "VX-3", "LN-8")
def test_an_editor_plans_an_engagement_sees_matching_calls_and_plans_an_application(page, sign_in, axe, world, calls):
    sign_in(world.user("editor_a").email)
    page.goto(f"/o/{world.org_a.slug}/engagements/add/visit/")
    page.get_by_label("Titel:", exact=True).fill("Studiebesök om klimatanpassning")
    page.get_by_label("Profilering").check()
    page.get_by_label("Typ av besök:", exact=True).select_option("outgoing")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    engagement = Engagement.objects.get(title="Studiebesök om klimatanpassning")
    panel = page.locator("#engagement-funding-heading").locator("..")
    assert "Climate change adaptation in local authorities" in panel.inner_text()
    assert "klimatanpassning" in panel.inner_text()  # why, in the words the unit wrote in Swedish
    axe()

    page.get_by_role("link", name="Undersök extern finansiering").click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Extern finansiering för Studiebesök om klimatanpassning"
    )
    axe()
    page.get_by_label("Climate change adaptation in local authorities").check()
    page.get_by_label("LIFE", exact=True).check()
    page.get_by_label("Ansökan planeras").check()
    page.get_by_label("Utlysning som ni planerar att söka:").select_option(
        label="Climate change adaptation in local authorities"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Spara undersökningen").click()

    project = Engagement.objects.get(kind="project")
    assert page.get_by_role("heading", level=1).inner_text() == project.title
    assert "Climate change adaptation in local authorities" in project.title
    assert "LIFE-2027-CLIMA-CCA" in page.content() and "ansökan förbereds" in page.content()
    axe()
    page.goto(f"/o/{world.org_a.slug}/engagements/kind/project/")
    assert project.title in page.locator("table").inner_text()
    engagement.refresh_from_db()
    assert engagement.funding_outcome == "application_planned" and project in engagement.related.all()


def test_every_watch_page_passes_axe(page, sign_in, axe, world, calls):
    org = world.org_a.slug
    source = SourceFactory(organisation=world.org_a, name="Regionens lista")
    share_create(item=calls[1], organisation=world.org_a, from_unit=None, to_unit=None, note="För alla", user=None)
    mapping = ImportRun(source=source, state="mapping", file_format="csv", file_name="lista.csv")
    mapping.file.save("lista.csv", ContentFile(b"Namn;Sista dag\nKlimat;2027-03-01\n"), save=True)
    running = ImportRun.objects.create(source=source, state="running", size=100, position=40, processed=12)
    done = ImportRun.objects.create(
        source=source, state="done", new=3, rejected=1, rejections=[{"at": "rad 4", "reason": "ingen titel"}]
    )
    sign_in(world.user("coordinator_a").email)
    for path in [
        f"/o/{org}/watch/",
        f"/o/{org}/watch/items/",
        f"/o/{org}/watch/items/?q=klimatanpassning",
        f"/o/{org}/watch/items/{calls[0].pk}/",
        f"/o/{org}/watch/items/{calls[0].pk}/history/",
        f"/o/{org}/watch/units/{world.unit_a.pk}/",
        f"/o/{org}/watch/units/{world.unit_a.pk}/profile/",
        f"/o/{org}/watch/sources/",
        f"/o/{org}/watch/sources/add/",
        f"/o/{org}/watch/sources/{source.pk}/import/",
        f"/o/{org}/watch/imports/{mapping.pk}/columns/",
        f"/o/{org}/watch/imports/{running.pk}/",
        f"/o/{org}/watch/imports/{done.pk}/",
        f"/o/{org}/units/{world.unit_a.pk}/",
    ]:
        assert page.goto(path).status == 200, path
        axe()
