"""One record through the form and one through the API: the same rows and the same history (X-6, X-4)."""

import pytest
from django.forms.models import model_to_dict

from utblick.engagements.models import Engagement, NetworkMembership
from utblick.engagements.tests.factories import PartnerFactory
from utblick.organisations.tests.factories import PersonFactory
from utblick.strategies.models import Dimension, Theme
from utblick.strategies.tests.factories import strategy_for

IGNORED = {"id", "engagement", "title", "created_at", "updated_at"}
HISTORY_IGNORED = {"id", "engagement_id", "title", "created_at", "updated_at", "history_id", "history_date"}


def _row(obj):
    return {key: value for key, value in model_to_dict(obj).items() if key not in IGNORED}


def _history(model, pk, also_ignored=frozenset()):
    # A historical model's pk is history_id; the record's own key is the model's pk column.
    records = model.history.filter(**{model._meta.pk.attname: pk}).order_by("history_date", "history_id")
    ignored = HISTORY_IGNORED | also_ignored
    return [
        {
            field: getattr(record, field)
            for field in [f.attname for f in record._meta.concrete_fields]
            if field not in ignored and field != "history_change_reason"
        }
        for record in records
    ], [record.history_change_reason for record in records]


@pytest.mark.requirement("X-6", "X-4")
def test_the_form_and_the_api_write_identical_rows_and_history(world, client_for, api):
    version = strategy_for(world.org_a).versions.get()
    direction = version.directions.first()
    theme = Theme.objects.create(
        dimension=Dimension.objects.create(version=version, code="ledord", name="Ledord"),
        code="tillvaxt",
        name="Tillväxt",
    )
    network = PartnerFactory(organisation=world.org_a, name="Eurocities", country="BE", kind="network")
    representative = PersonFactory(organisation=world.org_a)
    shared = {
        "owner_unit": world.unit_a.pk,
        "status": "planned",
        "starts_on": "2026-09-01",
        "sustainability": "Klimatneutrala städer.",
        "case_number": "KS 2026/12",
    }
    detail = {"network": network.pk, "purpose": "Påverka EU:s stadspolitik", "yearly_fee": 45000}

    form = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/engagements/add/membership/",
        {
            **shared,
            "title": "Genom formuläret",
            "directions": [direction.pk],
            "themes": [theme.pk],
            "partners": [network.pk],
            "target_groups": ["residents", "staff"],
            "countries": "BE, NO",
            **{f"detail-{key}": value for key, value in detail.items()},
            "detail-arena_level": "international",
            "detail-evaluation_interval_months": "24",
            "detail-representatives": [representative.pk],
        },
    )
    assert form.status_code == 302, form.content.decode()[:2000]
    through_api = api("coordinator_a", name="Diarium").post(
        f"/api/v1/organisations/{world.org_a.slug}/engagements/",
        {
            **shared,
            "kind": "membership",
            "title": "Genom API:t",
            "directions": [direction.pk],
            "themes": [theme.pk],
            "partners": [network.pk],
            "target_groups": ["residents", "staff"],
            "countries": ["be", "NO"],
            "membership": {**detail, "representatives": [representative.pk]},
        },
        format="json",
    )
    assert through_api.status_code == 201, through_api.json()

    by_form = Engagement.objects.get(title="Genom formuläret")
    by_api = Engagement.objects.get(title="Genom API:t")
    assert _row(by_form) == _row(by_api)
    assert _row(by_form)["countries"] == ["BE", "NO"]
    for relation in ("directions", "themes", "partners"):
        assert list(getattr(by_form, relation).all()) == list(getattr(by_api, relation).all()) != []
    membership_form, membership_api = (NetworkMembership.objects.get(pk=e.pk) for e in (by_form, by_api))
    assert _row(membership_form) == _row(membership_api)
    assert list(membership_api.representatives.all()) == [representative]

    for model, first, second in ((Engagement, by_form, by_api), (NetworkMembership, by_form, by_api)):
        form_history, form_reasons = _history(model, first.pk)
        api_history, api_reasons = _history(model, second.pk)
        assert form_history == api_history and len(api_history) == 1
        assert api_history[0]["history_user_id"] == world.user("coordinator_a").pk
        assert form_reasons == [None] or form_reasons == [""]
        assert api_reasons == ["API: Diarium"]


@pytest.mark.requirement("X-6", "X-4")
def test_a_watch_profile_through_the_form_and_the_api_has_identical_rows_and_history(world, client_for, api):
    from utblick.watch.models import Match, WatchProfile
    from utblick.watch.tests.factories import LIFE_CALL, SourceFactory, add_items, call

    add_items(SourceFactory(), call("LIFE-2027-CCA", "Climate change adaptation in municipalities", **LIFE_CALL))
    version = strategy_for(world.org_a).versions.get()
    direction = version.directions.first()
    theme = Theme.objects.create(
        dimension=Dimension.objects.create(version=version, code="ledord", name="Ledord"),
        code="hallbarhet",
        name="Hållbarhet",
    )
    shared = {"keywords": "klimatanpassning = climate adaptation\nhamn = port", "programmes": ["life", "interreg"]}

    form = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/watch/units/{world.unit_a.pk}/profile/",
        {**shared, "directions": [direction.pk], "themes": [theme.pk], "version": ""},
    )
    assert form.status_code == 302, form.content.decode()[:2000]
    through_api = api("coordinator_a", name="Intranätet").post(
        f"/api/v1/organisations/{world.org_a.slug}/watch-profiles/",
        {**shared, "unit": world.other_unit_a.pk, "directions": [direction.pk], "themes": [theme.pk]},
        format="json",
    )
    assert through_api.status_code == 201, through_api.json()

    by_form = WatchProfile.objects.get(unit=world.unit_a)
    by_api = WatchProfile.objects.get(unit=world.other_unit_a)
    ignored = {"id", "unit", "created_at", "updated_at"}
    rows = [{k: v for k, v in model_to_dict(p).items() if k not in ignored} for p in (by_form, by_api)]
    assert rows[0] == rows[1] and rows[0]["programmes"] == ["life", "interreg"]
    assert by_form.version == by_api.version == 1
    assert [list(rows[0]["directions"]), list(rows[0]["themes"])] == [[direction], [theme]]
    # Both are ranked at once, the same way.
    assert [m.item.identifier for m in Match.objects.filter(profile=by_form)] == ["LIFE-2027-CCA"]
    assert [(m.item_id, m.score) for m in Match.objects.filter(profile=by_form)] == [
        (m.item_id, m.score) for m in Match.objects.filter(profile=by_api)
    ]

    form_history, form_reasons = _history(WatchProfile, by_form.pk, also_ignored={"unit_id"})
    api_history, api_reasons = _history(WatchProfile, by_api.pk, also_ignored={"unit_id"})
    assert form_history == api_history and len(api_history) == 1
    assert api_history[0]["history_user_id"] == world.user("coordinator_a").pk
    assert form_reasons in ([None], [""])
    assert api_reasons == ["API: Intranätet"]
