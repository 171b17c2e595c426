"""What the forms offer each persona: the units one may write for, from the one permission decision (issue 16.1).

The authorization matrix checks the answers' status codes; these check the choices inside the pages —
the engagement form's responsible unit, the watch desk's mark, share and comment forms — and that a
hand-made POST naming a unit that was not offered changes nothing.
"""

import re

import pytest

from utblick.core.testing import PERSONAS
from utblick.engagements.models import Engagement
from utblick.organisations.permissions import units_writable_by
from utblick.organisations.tests.factories import UnitFactory
from utblick.watch.models import ItemComment, ItemMark, ItemShare
from utblick.watch.tests.factories import SourceFactory, add_items, call


@pytest.fixture
def units(world):
    """A of the world, plus a unit below the editor's and an inactive one."""
    below = UnitFactory(organisation=world.org_a, name="Miljöinspektionen", parent=world.unit_a)
    UnitFactory(organisation=world.org_a, name="Nedlagda förvaltningen", is_active=False)
    return {"below": below}


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    return [
        label.strip()
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
        if value
    ]


EVERY_ACTIVE_UNIT_OF_A = sorted(
    [
        "Kommunledningskontoret",
        "Miljöförvaltningen",
        "Miljöinspektionen",
        "Utbildningsförvaltningen",
        "Energibolaget AB",
    ]
)
OFFERED = {
    "administrator": EVERY_ACTIVE_UNIT_OF_A,
    "coordinator_a": EVERY_ACTIVE_UNIT_OF_A,
    "editor_a": ["Miljöförvaltningen", "Miljöinspektionen"],  # their unit and the one below it
}


@pytest.mark.requirement("X-3")
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_engagement_form_offers_the_units_the_persona_writes_for(world, units, client_for, persona):
    response = client_for(persona).get(f"/o/{world.org_a.slug}/engagements/add/project/")
    if persona not in OFFERED:
        assert response.status_code in (302, 403, 404)
        return
    assert sorted(_options(response.content.decode(), "owner_unit")) == OFFERED[persona]
    assert (
        sorted(unit.name for unit in units_writable_by(world.user(persona), world.org_a).filter(is_active=True))
        == (OFFERED[persona])
    )


@pytest.mark.requirement("X-3")
def test_an_editor_cannot_post_an_engagement_for_a_unit_that_was_not_offered(world, units, client_for):
    data = {"title": "Smuggel", "owner_unit": world.other_unit_a.pk, "status": "idea", "version": ""}
    response = client_for("editor_a").post(f"/o/{world.org_a.slug}/engagements/add/project/", data)
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    assert not Engagement.objects.filter(title="Smuggel").exists()


@pytest.fixture
def item(world):
    return add_items(SourceFactory(organisation=world.org_a), call("C-1", "Klimatanpassning"))[0]


@pytest.mark.requirement("X-3", "KR-5")
@pytest.mark.parametrize("persona", ["administrator", "coordinator_a", "editor_a"])
def test_the_watch_desk_offers_marks_shares_and_comments_for_the_units_the_persona_writes_for(
    world, units, item, client_for, persona
):
    page = client_for(persona).get(f"/o/{world.org_a.slug}/watch/items/{item.pk}/").content.decode()
    assert sorted(_options(page, "unit")[: len(OFFERED[persona])]) == OFFERED[persona]  # the mark form comes first
    assert sorted(_options(page, "from_unit")) == OFFERED[persona]
    central_office = 'name="from_unit"><option value="">' in page.replace('id="share-from" ', "")
    assert central_office == (persona != "editor_a")  # sharing as the central office, with every unit
    comment = re.search(r'<form method="post" action="[^"]*/comments/".*?</form>', page, re.S)
    assert comment and sorted(_options(comment.group(0), "unit")) == OFFERED[persona]


@pytest.mark.requirement("X-3", "KR-5")
def test_an_editor_cannot_post_for_a_unit_of_the_desk_that_was_not_offered(world, units, item, client_for):
    editor = client_for("editor_a")
    base = f"/o/{world.org_a.slug}/watch/items/{item.pk}"
    other = world.other_unit_a.pk
    assert editor.post(f"{base}/mark/", {"unit": other, "verdict": "relevant"}).status_code == 403
    assert editor.post(f"{base}/share/", {"from_unit": other, "to_unit": world.unit_a.pk}).status_code == 403
    assert editor.post(f"{base}/share/", {"from_unit": world.unit_a.pk, "to_unit": ""}).status_code == 403
    editor.post(f"{base}/comments/", {"unit": other, "text": "För en annan förvaltning"})
    assert not ItemMark.objects.exists() and not ItemShare.objects.exists() and not ItemComment.objects.exists()
    assert editor.post(f"{base}/comments/", {"unit": world.unit_a.pk, "text": "För vår egen"}).status_code == 302
    assert ItemComment.objects.get().unit == world.unit_a
