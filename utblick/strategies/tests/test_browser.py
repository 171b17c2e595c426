"""Strategy pages in Chromium: a coordinator adds a goal by keyboard; axe-core on every page."""

import pytest
from playwright.sync_api import expect

from utblick.strategies.models import Goal

from .factories import strategy_for

pytestmark = pytest.mark.browser


@pytest.mark.requirement("LN-4")
def test_a_coordinator_adds_a_goal_to_a_direction_by_keyboard_only(page, sign_in, axe, world):
    strategy = strategy_for(world.org_a)
    version = strategy.versions.get()
    direction = version.directions.get(code="samverkan")
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/strategy/")
    axe()
    link = page.get_by_role("link", name="Lägg till mål till Samverkan")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe()
    page.keyboard.press("Tab")  # the skip link first
    page.get_by_label("Mål:", exact=True).focus()
    page.keyboard.type("Dela erfarenheter med andra huvudstäder")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Goal.objects.get(direction=direction).text == "Dela erfarenheter med andra huvudstäder"
    assert "Dela erfarenheter med andra huvudstäder" in page.locator(f"#direction-{direction.pk}").inner_text()


@pytest.mark.requirement("ST-5")
def test_a_coordinator_changes_a_rules_parameter_on_its_own_field(page, sign_in, axe, world):
    from utblick.strategies.models import RuleSetting

    version = strategy_for(world.org_a).versions.get()
    setting = RuleSetting.objects.create(version=version, key="membership_evaluation", parameters={"months": 24})
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/strategy/")
    assert "Varje medlemskap utvärderas minst var 24:e månad." in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Redigera Medlemskap utvärderas fortlöpande").click()
    months = page.get_by_label("Månader mellan utvärderingar")
    assert months.input_value() == "24"
    axe()
    months.fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert "större än eller lika med 1" in page.locator(".field", has=page.locator("#id_parameter_months")).inner_text()
    axe()  # the error beside its field, and the summary above
    setting.refresh_from_db()
    assert setting.parameters == {"months": 24}
    page.get_by_label("Månader mellan utvärderingar").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert "Varje medlemskap utvärderas minst var 12:e månad." in page.content()
    setting.refresh_from_db()
    assert setting.parameters == {"months": 12}


def test_every_strategy_page_passes_axe(page, sign_in, axe, world):
    strategy = strategy_for(world.org_a)
    version = strategy.versions.get()
    direction = version.directions.first()
    goal = Goal.objects.create(direction=direction, text="Öppna dörrar för näringslivet")
    from utblick.strategies.models import Dimension, GoverningDocument, RuleSetting

    dimension = Dimension.objects.create(version=version, code="ledord", name="Ledord")
    rule = RuleSetting.objects.create(version=version, key="membership_evaluation", parameters={"months": 24})
    document = GoverningDocument.objects.create(organisation=world.org_a, title="Vision 2030")
    org = world.org_a.slug
    sign_in(world.user("coordinator_a").email)
    for path in [
        f"/o/{org}/strategy/",
        f"/o/{org}/strategy/versions/{version.pk}/",
        f"/o/{org}/strategy/versions/{version.pk}/copy/",
        f"/o/{org}/strategy/versions/{version.pk}/directions/add/",
        f"/o/{org}/strategy/directions/{direction.pk}/edit/",
        f"/o/{org}/strategy/goals/{goal.pk}/edit/",
        f"/o/{org}/strategy/goals/{goal.pk}/delete/",
        f"/o/{org}/strategy/reviews/add/",
        f"/o/{org}/strategy/import/",
        f"/o/{org}/strategy/compare/",
        f"/o/{org}/strategy/versions/{version.pk}/dimensions/add/",
        f"/o/{org}/strategy/dimensions/{dimension.pk}/themes/add/",
        f"/o/{org}/strategy/rules/{rule.pk}/edit/",
        f"/o/{org}/strategy/versions/{version.pk}/rules/add/?rule=contact_person_per_unit",
        f"/o/{org}/strategy/documents/add/",
        f"/o/{org}/strategy/documents/{document.pk}/edit/",
        f"/o/{org}/followup/",
        f"/o/{org}/followup/deviations/",
        f"/o/{org}/followup/settings/",
        f"/o/{org}/followup/compare/",
        f"/o/{org}/reports/",
        f"/o/{org}/reports/?kind=mandate",
        f"/o/{org}/units/{world.unit_a.pk}/",
    ]:
        assert page.goto(path).status == 200, path
        axe()


@pytest.mark.requirement("X-7")
def test_a_coordinator_reads_the_vaxjo_strategy_corrects_a_direction_and_confirms_a_draft(page, sign_in, axe, world):
    from utblick.strategies.models import DocumentImport, StrategyVersion

    from .test_importer_seeds import seeds_dir

    seed = next(seeds_dir().glob("002_*.txt"))  # skips, like the other seed tests, when the seeds are not here
    strategy = strategy_for(world.org_a)
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/strategy/")
    with page.expect_navigation():
        page.get_by_role("link", name="Läs in ett strategidokument").click()
    axe()
    page.get_by_label("Strategidokument").set_input_files(str(seed))
    with page.expect_navigation():
        page.get_by_role("button", name="Läs in dokumentet").click()
    page.get_by_role("heading", name="Granska utkastet").wait_for()  # read in the background, then the review
    record = DocumentImport.objects.get()
    assert page.url.endswith(record.get_absolute_url())
    axe()
    text = page.locator("#source-text")
    assert "Omvärldssamverkan" in text.locator("mark.mark--direction").nth(1).inner_text()
    # A mark in the text leads to its place in the draft, by keyboard (once the review page has settled:
    # it replaces the progress page, and a key pressed before that goes nowhere).
    page.wait_for_load_state()
    mark = text.get_by_role("link", name="Inriktning 2")
    mark.focus()
    expect(mark).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#item-{record.draft['directions'][1]['id']}")
    name = page.get_by_label("Namn på inriktning 2")
    assert name.input_value() == "Omvärldssamverkan"
    name.fill("Omvärldssamverkan och påverkan")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa utkastversionen").click()
    version = StrategyVersion.objects.get(status="draft")
    # (the browser keeps the fragment of the page it came from across the redirect)
    assert page.url.split("#")[0].endswith(f"/o/{world.org_a.slug}/strategy/versions/{version.pk}/")
    lead = page.locator(".lead").inner_text()
    assert "Version 2013" in lead and "Utkast" in lead
    headings = page.locator("section[aria-labelledby=directions-heading] article h3").all_inner_texts()
    assert headings == ["Extern finansiering", "Omvärldssamverkan och påverkan", "Kompetensutveckling"]
    assert version.strategy == strategy and strategy.versions.count() == 2
    axe()


@pytest.mark.requirement("X-7")
def test_an_unreadable_document_is_refused_on_the_upload_page_and_the_reading_pages_pass_axe(
    page, sign_in, axe, world, tmp_path
):
    from utblick.strategies.models import DocumentImport

    from . import importer_documents as docs
    from .factories import document_import_for

    strategy_for(world.org_a)
    org = world.org_a.slug
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{org}/strategy/from-document/")
    page.get_by_label("Strategidokument").set_input_files(str(docs.encrypted_pdf(tmp_path / "skyddad.pdf")))
    with page.expect_navigation():
        page.get_by_role("button", name="Läs in dokumentet").click()
    assert "skyddad med lösenord" in page.get_by_role("alert").inner_text()
    assert not DocumentImport.objects.exists()
    axe()
    reading = document_import_for(world.org_a, status="reading")
    DocumentImport.objects.filter(pk=reading.pk).update(pages_read=4, pages=12)
    failed = document_import_for(world.org_a, status="failed")
    DocumentImport.objects.filter(pk=failed.pk).update(error_code="no_text_layer")
    for path in [reading.get_absolute_url(), failed.get_absolute_url(), f"{failed.get_absolute_url()}discard/"]:
        assert page.goto(path).status == 200, path
        axe()
    page.goto(reading.get_absolute_url())
    assert "Sida 4 av 12 inläst" in page.get_by_role("status").inner_text()
    DocumentImport.objects.filter(pk=reading.pk).update(pages_read=9)
    page.get_by_role("status").get_by_text("Sida 9 av 12 inläst").wait_for(timeout=10_000)  # htmx refreshes the box
    DocumentImport.objects.filter(pk=reading.pk).update(status="ready")
    page.get_by_role("heading", name="Granska utkastet").wait_for(timeout=10_000)  # htmx loads the review itself


@pytest.mark.requirement("X-7")
def test_on_a_narrow_screen_the_text_comes_above_the_draft(page, sign_in, world):
    from .factories import document_import_for

    record = document_import_for(world.org_a)
    sign_in(world.user("coordinator_a").email)
    page.set_viewport_size({"width": 420, "height": 860})
    page.goto(record.get_absolute_url())
    text = page.locator(".review__text").bounding_box()
    draft = page.locator(".review__draft").bounding_box()
    assert text["y"] + text["height"] <= draft["y"] and draft["width"] <= 420


@pytest.mark.requirement("X-7")
def test_a_corpus_document_typeset_as_a_pdf_shows_where_and_how_each_direction_was_found(
    page, sign_in, axe, world, tmp_path
):
    """A real municipality's policy whose areas only its table of contents shows, uploaded as a PDF."""
    import json

    from utblick.strategies.models import StrategyVersion

    from . import importer_documents as docs
    from .test_reader import shared_dir

    corpus = shared_dir("corpus", "strategies", variable="UTBLICK_CORPUS_DIR")
    name = "orebro_internationell_policy"
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))[name]
    text = (corpus / f"{name}.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    pdf = tmp_path / "internationell-policy.pdf"
    pdf.write_bytes(docs.text_pdf(text))
    strategy_for(world.org_a)
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/strategy/from-document/")
    page.get_by_label("Strategidokument").set_input_files(str(pdf))
    with page.expect_navigation():
        page.get_by_role("button", name="Läs in dokumentet").click()
    page.get_by_role("heading", name="Granska utkastet").wait_for()
    axe()
    marks = page.locator("#source-text mark.mark--direction")
    assert marks.count() == len(expected["directions"])
    for number, direction in enumerate(expected["directions"], start=1):
        mark = marks.nth(number - 1)
        # Where: the mark in the text, with its link to the form; how: beside it.
        assert mark.get_by_role("link").inner_text() == f"Inriktning {number}"
        assert "(innehållsförteckning, medel)" in mark.inner_text() and direction in mark.inner_text()
        field = page.get_by_label(f"Namn på inriktning {number}")
        assert field.input_value() == direction
    assert page.locator(".found-how").all_inner_texts() == [
        "Hittad som en rad i innehållsförteckningen; säkerhet medel."
    ] * len(expected["directions"])
    assert page.locator("#id_title").input_value() == expected["title"]
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa utkastversionen").click()
    version = StrategyVersion.objects.get(status="draft")
    assert [d.name for d in version.directions.order_by("order")] == expected["directions"]
    assert (version.adopted_by, version.adopted_on.isoformat()) == (expected["adopted_by"], expected["adopted_on"])
    axe()
