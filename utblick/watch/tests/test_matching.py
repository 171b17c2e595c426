"""Ranking items for units' profiles: BM25 over Swedish and English stems, with reasons (KR-5)."""

import pytest
from django.utils import timezone, translation

from utblick.strategies.models import Dimension, Theme
from utblick.strategies.tests.factories import strategy_for
from utblick.watch import matching
from utblick.watch.models import Item, Match, WatchProfile
from utblick.watch.search import expanded_query, rank_items
from utblick.watch.services import matches_refresh, profile_save

from .factories import LIFE_CALL, SourceFactory, add_items, call


@pytest.fixture
def calls(world):
    portal = SourceFactory(organisation=None, name="EU Funding & Tenders")
    return {
        item.identifier: item
        for item in add_items(
            portal,
            call("LIFE-2027-CLIMA-CCA", "Climate change adaptation in local and regional authorities", **LIFE_CALL),
            call(
                "HORIZON-2027-CIT",
                "Climate-neutral and smart cities",
                programme="horizon",
                programme_name="Horizon Europe",
            ),
            call("ERASMUS-2027-KA2", "Partnerships for schools", programme="erasmus", programme_name="Erasmus+"),
            call("CERV-2027-TT", "Town twinning: citizens of twin towns meet", programme="cerv", programme_name="CERV"),
            call("OLD-2020", "Climate adaptation of 2020", days=-30, **LIFE_CALL),
        )
    }


def _profile(unit, keywords, **fields):
    profile = WatchProfile(unit=unit, keywords=keywords, programmes=fields.pop("programmes", []))
    return profile_save(profile=profile, user=None, **fields)


@pytest.mark.requirement("KR-5")
def test_a_swedish_keyword_with_its_english_pair_finds_the_english_life_call_and_says_why(world, calls):
    strategy = strategy_for(world.org_a)
    dimension = Dimension.objects.create(
        version=strategy.versions.get(), code="fardplan", name="Färdplanens delområden"
    )
    healthy = Theme.objects.create(dimension=dimension, code="friska-ekosystem", name="Friska ekosystem")
    profile = _profile(
        world.unit_a, "klimatanpassning i kommuner = climate adaptation", programmes=["life"], themes=[healthy]
    )
    best = Match.objects.filter(profile=profile).order_by("-score").first()
    assert best.item.identifier == "LIFE-2027-CLIMA-CCA"
    # Found through the English side, named as the unit wrote it: in Swedish for a Swedish reader.
    assert [reason["text"] for reason in best.reasons] == ["klimatanpassning i kommuner", "LIFE"]
    assert matching.reasons_text(best.reasons) == "klimatanpassning i kommuner, LIFE"
    with translation.override("en"):
        assert matching.reasons_text(best.reasons) == "climate adaptation, LIFE"
    assert "OLD-2020" not in set(Match.objects.filter(profile=profile).values_list("item__identifier", flat=True))


@pytest.mark.requirement("KR-5")
def test_a_swedish_search_finds_the_english_call_through_the_units_keyword_pairs(world, calls):
    _profile(world.unit_a, "klimatanpassning = climate adaptation")
    query = expanded_query("klimatanpassning i kommuner", [world.unit_a.watch_profile.keywords])
    ranked = rank_items(Item.objects.open_on(timezone.localdate()), query)
    assert ranked[0].item_id == calls["LIFE-2027-CLIMA-CCA"].pk
    assert matching.reasons_text(ranked[0].reasons) == "climate adaptation (klimatanpassning)"


def test_without_the_english_pair_the_swedish_word_alone_does_not_find_the_english_call(world, calls):
    profile = _profile(world.unit_a, "klimatanpassning")
    assert not Match.objects.filter(profile=profile).exists()


def test_the_programme_lifts_a_match_but_does_not_stand_in_for_the_words(world, calls):
    interested = _profile(world.unit_a, "climate", programmes=["horizon"])
    order = list(Match.objects.filter(profile=interested).order_by("-score").values_list("item__identifier", flat=True))
    assert order[0] == "HORIZON-2027-CIT"
    assert "ERASMUS-2027-KA2" not in order
    programme_only = _profile(world.other_unit_a, "", programmes=["erasmus"])
    assert list(Match.objects.filter(profile=programme_only).values_list("item__identifier", flat=True)) == [
        "ERASMUS-2027-KA2"
    ]


def test_a_direction_of_the_strategy_counts_at_half_weight_and_is_named(world, calls):
    version = strategy_for(world.org_a).versions.get()
    twinning = version.directions.create(code="vanort", name="Twin towns and citizens", order=3)
    profile = _profile(world.unit_a, "", directions=[twinning])
    match = Match.objects.get(profile=profile)
    assert match.item.identifier == "CERV-2027-TT"
    assert {"kind": "direction", "text": "Twin towns and citizens"} in match.reasons


def test_an_organisations_own_items_never_match_another_organisations_profiles(world, calls):
    own = SourceFactory(organisation=world.org_b, name="B:s lista")
    add_items(own, call("B-1", "Climate adaptation grants for B", programme="life", programme_name="LIFE"))
    profile = _profile(world.unit_a, "climate adaptation")
    assert "B-1" not in set(Match.objects.filter(profile=profile).values_list("item__identifier", flat=True))
    their = _profile(world.unit_b, "climate adaptation")
    assert "B-1" in set(Match.objects.filter(profile=their).values_list("item__identifier", flat=True))


def test_refreshing_keeps_when_a_match_was_first_found_and_drops_what_no_longer_matches(world, calls):
    profile = _profile(world.unit_a, "climate = klimat\ntown twinning")
    first = dict(Match.objects.filter(profile=profile).values_list("item_id", "first_seen"))
    matches_refresh()
    assert dict(Match.objects.filter(profile=profile).values_list("item_id", "first_seen")) == first
    profile.keywords = "town twinning"
    profile_save(profile=profile, user=None)
    assert list(Match.objects.filter(profile=profile).values_list("item__identifier", flat=True)) == ["CERV-2027-TT"]


def test_bm25_prefers_the_rarer_word_and_the_shorter_document():
    index = matching.Index(
        [
            matching.Document(1, ["climat", "climat", "citi"] + ["other"] * 40),
            matching.Document(2, ["climat", "citi"]),
            matching.Document(3, ["citi", "energi"]),
        ]
    )
    query = matching.Query(keywords=[matching.Phrase("climate", (("climat",),), ("climate",))])
    assert [r.item_id for r in index.rank(query)] == [2, 1]
    both = matching.Query(keywords=[matching.Phrase.of("climate cities")])
    assert index.rank(both)[0].item_id == 2  # both words, in the shortest document


@pytest.mark.requirement("KR-5")
def test_a_search_with_more_than_3000_candidates_still_finds_the_best_one_first(world):
    """The candidates come from the full-text index best first; none is cut because of where it is stored."""
    from utblick.watch import search

    portal = SourceFactory(organisation=None, name="EU Funding & Tenders")
    many = [call(f"GEN-{number:05d}", f"Climate call {number}: general support") for number in range(3200)]
    best = call("LIFE-BEST", "Climate adaptation: climate-resilient cities adapt their climate adaptation plans")
    add_items(portal, *many, best)  # the best is stored last
    assert Item.objects.count() == 3201 > search.MAX_CANDIDATES
    ranked = rank_items(Item.objects.open_on(timezone.localdate()), expanded_query("climate adaptation", []), limit=5)
    assert ranked[0].item_id == Item.objects.get(identifier="LIFE-BEST").pk
    assert matching.reasons_text(ranked[0].reasons) == "climate adaptation"
