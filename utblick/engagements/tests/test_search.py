"""Full-text search of the register on both databases: inflections, ranking, and kept up to date."""

import pytest

from utblick.core import fulltext
from utblick.engagements.models import Engagement
from utblick.engagements.search import engagement_search
from utblick.engagements.tests.factories import EngagementFactory


def _titles(queryset):
    return [engagement.title for engagement in fulltext.ranked(queryset)]


@pytest.mark.django_db
@pytest.mark.requirement("X-2")
def test_a_swedish_inflection_finds_the_word_in_its_other_forms(world):
    EngagementFactory(owner_unit=world.unit_a, title="Avtal med vår vänort Kiel")
    EngagementFactory(owner_unit=world.unit_a, title="Studieresa", description="Besök hos vänorterna i Norden")
    EngagementFactory(owner_unit=world.unit_a, title="Klimatnätverk")
    found = _titles(engagement_search(Engagement.objects.all(), "vänorterna"))
    assert sorted(found) == ["Avtal med vår vänort Kiel", "Studieresa"]
    assert found[0] == "Avtal med vår vänort Kiel"  # a match in the title weighs more than one in the description
    assert sorted(_titles(engagement_search(Engagement.objects.all(), "vänort"))) == sorted(found)
    assert _titles(engagement_search(Engagement.objects.all(), "networks")) == []
    assert _titles(engagement_search(Engagement.objects.all(), "vänort klimat")) == []  # every word must match


@pytest.mark.django_db
def test_english_words_find_their_inflections_and_every_word_counts(world):
    EngagementFactory(owner_unit=world.unit_a, title="Eurocities network", description="Working group on mobility")
    EngagementFactory(owner_unit=world.unit_a, title="Mobility week")
    assert _titles(engagement_search(Engagement.objects.all(), "networks")) == ["Eurocities network"]
    assert _titles(engagement_search(Engagement.objects.all(), "mobility networks")) == ["Eurocities network"]


@pytest.mark.django_db
def test_the_index_follows_every_change_to_the_register(world):
    engagement = EngagementFactory(owner_unit=world.unit_a, title="Samarbete om skolor")
    assert _titles(engagement_search(Engagement.objects.all(), "skolorna")) == ["Samarbete om skolor"]
    engagement.title = "Samarbete om skog"
    engagement.save()
    assert _titles(engagement_search(Engagement.objects.all(), "skolor")) == []
    assert _titles(engagement_search(Engagement.objects.all(), "skogen")) == ["Samarbete om skog"]
    Engagement.objects.filter(pk=engagement.pk).update(case_number="KS 2026/117")
    assert _titles(engagement_search(Engagement.objects.all(), "2026/117")) == ["Samarbete om skog"]
    engagement.delete()
    assert _titles(engagement_search(Engagement.objects.all(), "skog")) == []


@pytest.mark.django_db
@pytest.mark.requirement("X-5")
def test_the_list_the_api_and_the_public_page_search_alike_best_match_first(world, client_for, client):
    EngagementFactory(
        owner_unit=world.unit_a, title="Ungdomsutbyte", description="Med vänorten i Polen", published=True
    )
    EngagementFactory(owner_unit=world.unit_a, title="Vänortsavtal med Polen", published=True)
    EngagementFactory(owner_unit=world.unit_a, title="Vänorterna i Polen och Tyskland", published=True)
    page = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/engagements/?q=vänorterna").content.decode()
    assert page.index("Vänorterna i Polen och Tyskland") < page.index("Ungdomsutbyte")  # the title match first
    api = client_for("coordinator_a").get(f"/api/v1/organisations/{world.org_a.slug}/engagements/?q=vänorterna")
    assert {"Ungdomsutbyte", "Vänorterna i Polen och Tyskland"} <= {row["title"] for row in api.json()["results"]}
    public = client.get(f"/public/{world.org_a.slug}/?q=vänort").content.decode()
    assert "Vänorterna i Polen och Tyskland" in public and "Ungdomsutbyte" in public


@pytest.mark.django_db
def test_a_word_inside_a_compound_title_is_found_after_the_whole_word_matches(world):
    EngagementFactory(owner_unit=world.unit_a, title="Studieresa till Bryssel")
    EngagementFactory(owner_unit=world.unit_a, title="Resa till Bryssel")
    EngagementFactory(owner_unit=world.unit_a, title="Ansökan", case_number="KS 2026/117")
    assert _titles(engagement_search(Engagement.objects.all(), "resa")) == [
        "Resa till Bryssel",
        "Studieresa till Bryssel",
    ]
    assert _titles(engagement_search(Engagement.objects.all(), "2026/11")) == ["Ansökan"]  # part of a case number
