"""Resources of an engagement, recorded on its page: planned, decided, spent, each optional (ST-7, LN-10)."""

import pytest

from utblick.engagements.choices import Kind
from utblick.engagements.models import BudgetLine

from .factories import EngagementFactory


@pytest.fixture
def engagement(world):
    return EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT, title="Studiebesök i Kongsberg")


def _url(world, engagement, tail=""):
    return f"/o/{world.org_a.slug}/engagements/{engagement.pk}/{tail}"


@pytest.mark.requirement("ST-7")
def test_an_editor_records_resources_with_only_the_amounts_they_have_and_sees_the_total(world, engagement, client_for):
    editor = client_for("editor_a")
    page = editor.get(_url(world, engagement)).content.decode()
    assert "Inga resurser registrerade" in page and "Registrera resurser" in page
    saved = editor.post(_url(world, engagement, "resources/add/"), {"label": "Resor", "planned": "40000"})
    assert saved.status_code == 302 and saved["Location"].endswith(f"/engagements/{engagement.pk}/#budget-heading")
    editor.post(_url(world, engagement, "resources/add/"), {"label": "Tolk", "decided": "8500", "spent": "8200"})
    page = editor.get(_url(world, engagement)).content.decode()
    resources = page.split('id="budget-heading"')[1].split("</section>")[0]
    assert "Resor" in resources and "40\xa0000" in resources and "8\xa0500" in resources
    total = resources.split("<tfoot>")[1]
    assert "Totalt" in total and "40\xa0000" in total and "8\xa0200" in total
    assert BudgetLine.objects.filter(engagement=engagement).count() == 2
    assert BudgetLine.objects.get(label="Resor").spent is None  # never filled in for them


def test_a_negative_or_fractional_amount_is_refused_in_swedish_and_nothing_is_saved(world, engagement, client_for):
    response = client_for("editor_a").post(
        _url(world, engagement, "resources/add/"), {"label": "Resor", "planned": "-100", "spent": "12.5"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "större än eller lika med 0" in text and "decimaler" in text
    assert not BudgetLine.objects.exists()


def test_of_two_stale_edits_of_a_line_exactly_one_wins(world, engagement, client_for):
    line = BudgetLine.objects.create(engagement=engagement, label="Resor", planned=40000)
    url = f"/o/{world.org_a.slug}/resources/{line.pk}/edit/"
    first = client_for("editor_a").post(url, {"label": "Resor", "planned": "40000", "spent": "38500", "version": 1})
    second = client_for("coordinator_a").post(url, {"label": "Resor", "planned": "45000", "version": 1})
    assert first.status_code == 302 and second.status_code == 409
    assert "Någon annan sparade först" in second.content.decode()
    line.refresh_from_db()
    assert (line.planned, line.spent, line.version) == (40000, 38500, 2)


def test_a_line_is_removed_after_a_confirmation_and_the_history_keeps_it(world, engagement, client_for):
    line = BudgetLine.objects.create(engagement=engagement, label="Resor", planned=40000)
    coordinator = client_for("coordinator_a")
    url = f"/o/{world.org_a.slug}/resources/{line.pk}/delete/"
    assert "Ta bort Resor?" in coordinator.get(url).content.decode()
    removed = coordinator.post(url)
    assert removed["Location"].endswith(f"/engagements/{engagement.pk}/#budget-heading")
    assert "Borttaget: Resor." in coordinator.get(removed["Location"]).content.decode()
    assert not BudgetLine.objects.exists()
    assert line.history.latest().history_type == "-"


def test_a_reader_sees_the_resources_but_no_way_to_change_them(world, engagement, client_for):
    line = BudgetLine.objects.create(engagement=engagement, label="Resor", planned=40000)
    reader = client_for("reader_a")
    page = reader.get(_url(world, engagement)).content.decode()
    assert "Resor" in page and "Registrera resurser" not in page and f"/resources/{line.pk}/edit/" not in page
    assert reader.post(f"/o/{world.org_a.slug}/resources/{line.pk}/edit/", {"label": "Hotell"}).status_code == 403


@pytest.mark.requirement("LN-10")
def test_the_unit_page_sums_the_resources_of_the_units_engagements(world, engagement, client_for):
    editor = client_for("editor_a")
    editor.post(_url(world, engagement, "resources/add/"), {"label": "Resor", "planned": "40000", "spent": "1200"})
    other = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRAINING)
    editor.post(_url(world, other, "resources/add/"), {"label": "Kursavgift", "planned": "15000"})
    elsewhere = EngagementFactory(owner_unit=world.other_unit_a, kind=Kind.TRAINING)
    BudgetLine.objects.create(engagement=elsewhere, label="Annat", planned=999999)
    page = editor.get(f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/").content.decode()
    resources = page.split("Resurser för enhetens engagemang")[1].split("</table>")[0]
    assert "55\xa0000" in resources and "1\xa0200" in resources and "999" not in resources
