"""Every change is kept: who, when, what, field by field (X-4)."""

import pytest
from django.apps import apps

from utblick.organisations.tests.factories import UnitFactory

# Tables that are not domain records: derived data recomputed from audited records (docs/adr/0010), and
# the workers' operational state.
WITHOUT_HISTORY = {
    "watch.ItemTerms",  # the stems of an item, rebuilt whenever an import writes the (audited) item
    "watch.Match",  # an item ranked for a profile, recomputed after every import and profile change
    "network.NetworkRecord",  # a peer installation's record, replaced whole by each harvest (docs/partner-network.md)
    "organisations.RegisterStamp",  # a counter of changes, raised with each audited change (docs/adr/0027)
    "core.WorkerHeartbeat",  # a running task worker's heartbeat, written every few seconds (docs/adr/0019)
}


def _domain_models():
    for model in apps.get_models():
        module = model.__module__
        if not module.startswith("utblick.") or model._meta.auto_created:
            continue
        if model.__name__.startswith("Historical") or model._meta.abstract:
            continue
        yield model


@pytest.mark.requirement("X-4")
def test_every_domain_model_keeps_a_history():
    missing = [
        m._meta.label for m in _domain_models() if not hasattr(m, "history") and m._meta.label not in WITHOUT_HISTORY
    ]
    assert not missing, f"These models have no history (add AuditedModel or HistoricalRecords): {missing}"


@pytest.mark.requirement("X-4")
def test_the_history_tab_shows_who_changed_which_field(world, client_for):
    coordinator = client_for("coordinator_a")
    unit = UnitFactory(organisation=world.org_a, name="Miljökontoret", slug="miljokontoret")
    edit_url = f"/o/{world.org_a.slug}/units/{unit.pk}/edit/"
    form = coordinator.get(edit_url).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "name": "Miljö- och hälsoskyddskontoret"}
    data["parent"] = ""
    response = coordinator.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = coordinator.get(f"/o/{world.org_a.slug}/units/{unit.pk}/history/").content.decode()
    assert "Miljökontoret" in page and "Miljö- och hälsoskyddskontoret" in page
    assert world.user("coordinator_a").email in page or str(world.user("coordinator_a")) in page
    assert "ändrad" in page  # the Swedish word for the action
