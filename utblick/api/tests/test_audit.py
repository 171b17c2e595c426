"""Every API write is in the audit history with the token's name, and the Historik tab shows it (X-4, X-6)."""

import pytest

from utblick.engagements.tests.matrix import _engagement
from utblick.organisations.models import Person


@pytest.mark.requirement("X-4", "X-6")
def test_api_writes_say_which_token_made_them_on_the_history_tab(world, api, client_for):
    engagement = _engagement(world, world.unit_a)
    client = api("editor_a", name="Intranätet")
    response = client.patch(
        f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/",
        {"title": "Nytt namn", "version": 1, "project": {"programme": "erasmus"}},
        format="json",
    )
    assert response.status_code == 200
    latest = engagement.history.order_by("-history_date").first()
    assert latest.history_change_reason == "API: Intranätet"
    assert latest.history_user == world.user("editor_a")
    assert engagement.project.history.order_by("-history_date").first().history_change_reason == "API: Intranätet"
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/history/").content.decode()
    assert "API: Intranätet" in page and "Nytt namn" in page


@pytest.mark.requirement("X-4", "X-6")
def test_reads_and_page_writes_leave_no_api_mark(world, api, client_for):
    client = api("coordinator_a")
    created = client.post(
        f"/api/v1/organisations/{world.org_a.slug}/people/", {"name": "Ola Nilsson"}, format="json"
    ).json()
    client.get(f"/api/v1/organisations/{world.org_a.slug}/people/")
    person = Person.objects.get(pk=created["id"])
    assert [r.history_change_reason for r in person.history.all()] == ["API: Power BI"]
    form = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/people/{person.pk}/edit/").context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "name": "Ola Nilsson Berg"}
    assert client_for("coordinator_a").post(f"/o/{world.org_a.slug}/people/{person.pk}/edit/", data).status_code == 302
    assert person.history.order_by("-history_date").first().history_change_reason in (None, "")
