"""Across installations: a second Utblick on loopback publishes its feed, ``partner_harvest`` brings it in, a
changed record is updated and a removed one disappears; a hostile or oversized feed is refused with a clear
message and nothing written."""

import json
import threading
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from utblick.engagements import services as engagement_services
from utblick.network import records
from utblick.network.harvest import HarvestFailed, peer_harvest
from utblick.network.models import FeedToken, NetworkRecord, Peer, PeerKind

from .factories import partner, shared_project, taking_part

# Loopback is where the second installation runs in these tests.
LOOPBACK = override_settings(UTBLICK_FETCH_ALLOWED_NETWORKS=["127.0.0.0/8"])


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


@contextmanager
def serving(app):
    """A small web server on a free loopback port, in a thread, for as long as the block runs."""
    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def answering(body: bytes, content_type: str = "application/json"):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return app


def _entry(**changes):
    entry = {
        "id": "7",
        "organisation": {"slug": "malmo", "name": "Malmö stad"},
        "kind": "project",
        "title": "Interreg Öresund: grön hamn",
        "status": "ongoing",
        "stage": "ongoing",
        "programme": "interreg",
        "call": "",
        "years": [2025, 2027],
        "countries": ["DK"],
        "partners": [
            {"name": "København", "kind": "city", "country": "DK", "city": "", "latitude": 55.68, "longitude": 12.57}
        ],
        "network": "",
        "directions": ["Hållbar stad"],
        "themes": [],
        "contact": {"name": "Lea Nord", "email": "lea.nord@malmo.example"},
        "looking_for_partners": None,
        "updated": "2026-11-02T10:00:00+00:00",
    }
    entry.update(changes)
    return entry


def _feed(*entries, **top):
    document = {
        "schema": records.SCHEMA,
        "version": records.VERSION,
        "generated": "2026-11-02T10:00:00+00:00",
        "source": {"name": "Malmö", "url": "http://127.0.0.1/"},
        "engagements": list(entries),
    }
    document.update(top)
    return json.dumps(document).encode()


@pytest.mark.django_db(transaction=True)
def test_a_second_installation_on_loopback_is_harvested_updated_and_pruned(live_server, world, client_for):
    """The live server is the second Utblick: its organisation B shares, and its real feed view serves a token holder."""
    taking_part(world.org_b)
    gdansk = partner(world.org_b, "Gdańsk", "PL", latitude=54.35, longitude=18.65)
    school = shared_project(world.unit_b, "Erasmus+ skolutbyte med Gdańsk", partners=[gdansk])
    climate = shared_project(world.unit_b, "LIFE klimatanpassning")
    _row, token = FeedToken.issue(name="Kommun A:s installation")
    peer = Peer.objects.create(
        name="Region Syd", feed_url=f"{live_server.url}/network/feed.json", kind=PeerKind.SHARED, token=token
    )
    with LOOPBACK:
        call_command("partner_harvest", verbosity=0)
        harvested = NetworkRecord.objects.filter(peer=peer)
        assert set(harvested.values_list("title", flat=True)) == {
            "Erasmus+ skolutbyte med Gdańsk",
            "LIFE klimatanpassning",
        }
        assert harvested.get(remote_id=str(school.pk)).partners[0]["latitude"] == 54.35
        # Searched from A, the harvested records are labelled with their source.
        html = client_for("reader_a").get(f"/o/{world.org_a.slug}/network/?q=skolutbyte").content.decode()
        assert "från Region Syd" in html
        # The peer changes one engagement and removes another; the next harvest follows.
        school.title = "Erasmus+ skol- och lärarutbyte med Gdańsk"
        engagement_services.engagement_save(engagement=school, user=None, expected_version=school.version)
        engagement_services.engagement_delete(engagement=climate, user=None)
        call_command("partner_harvest", verbosity=0)
    assert list(NetworkRecord.objects.filter(peer=peer).values_list("title", flat=True)) == [
        "Erasmus+ skol- och lärarutbyte med Gdańsk"
    ]
    peer.refresh_from_db()
    assert peer.last_harvest_ok and "1 ändrade, 1 borttagna" in peer.last_harvest_message


@pytest.mark.django_db(transaction=True)
def test_the_shared_feed_answers_only_a_valid_token(live_server, world):
    import urllib.error
    import urllib.request

    _row, token = FeedToken.issue(name="Peer")
    for header in ("", "Bearer utbf_wrong", f"Basic {token}"):
        request = urllib.request.Request(
            f"{live_server.url}/network/feed.json", headers={"Authorization": header} if header else {}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
    row = FeedToken.objects.get()
    row.revoked_at = row.created_at
    row.save()
    request = urllib.request.Request(
        f"{live_server.url}/network/feed.json", headers={"Authorization": f"Bearer {token}"}
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)


HOSTILE = {
    "not JSON": (b"<html>Hej</html>", "inte JSON"),
    "another schema": (json.dumps({"schema": "evil", "engagements": []}).encode(), "inget partnernätverksflöde"),
    "a later version": (_feed(version=2), "version 2 av schemat"),
    "nested deep": (b"[" * 100_000 + b"]" * 100_000, "nästlat djupare"),
    "a title too long": (_feed(_entry(title="x" * 5000)), "Engagemang 1 i flödet: title"),
    "a place off the globe": (
        _feed(_entry(partners=[{"name": "X", "country": "DK", "latitude": 400, "longitude": 1}])),
        "latitude",
    ),
    "half a place": (
        _feed(_entry(partners=[{"name": "X", "country": "DK", "latitude": 55.0}])),
        "både latitud och longitud",
    ),
    "a script as e-mail": (_feed(_entry(contact={"name": "X", "email": "javascript:alert(1)"})), "email"),
    "an unknown country": (_feed(_entry(countries=["XX"])), "XX är ingen landskod"),
    "an engagement twice": (_feed(_entry(), _entry()), "engagemang 7 två gånger"),
    "no list": (_feed(engagements={"7": _entry()}), "ingen lista"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_feed_is_refused_with_a_clear_message_and_nothing_written(case, db):
    body, words = HOSTILE[case]
    with serving(answering(_feed(_entry(title="Det som redan hämtats")))) as url, LOOPBACK:
        peer = Peer.objects.create(name="Malmö", feed_url=f"{url}/feed.json")
        peer_harvest(peer)
    before = list(NetworkRecord.objects.values_list("title", flat=True))
    with serving(answering(body)) as url, LOOPBACK:
        Peer.objects.filter(pk=peer.pk).update(feed_url=f"{url}/feed.json")
        peer.refresh_from_db()
        with pytest.raises(HarvestFailed) as refused:
            peer_harvest(peer)
    message = str(refused.value)
    assert message.startswith("Flödet från Malmö togs inte emot:") and message.endswith("Inget ändrades.")
    assert words in message
    assert list(NetworkRecord.objects.values_list("title", flat=True)) == before == ["Det som redan hämtats"]
    peer.refresh_from_db()
    assert peer.last_harvest_ok is False and peer.last_harvest_message == message


def test_an_oversized_feed_is_refused_before_it_is_read_whole(db):
    with serving(answering(_feed(*[_entry(id=str(index)) for index in range(400)]))) as url, LOOPBACK:
        peer = Peer.objects.create(name="Stor", feed_url=f"{url}/feed.json")
        with override_settings(UTBLICK_NETWORK_FEED_MAX_BYTES=50_000), pytest.raises(HarvestFailed) as refused:
            peer_harvest(peer)
    assert "större än 48 kB" in str(refused.value)
    assert not NetworkRecord.objects.exists()


def test_too_many_engagements_are_refused(db):
    with serving(answering(_feed(*[_entry(id=str(index)) for index in range(30)]))) as url, LOOPBACK:
        peer = Peer.objects.create(name="Många", feed_url=f"{url}/feed.json")
        with override_settings(UTBLICK_NETWORK_FEED_MAX_RECORDS=20), pytest.raises(HarvestFailed) as refused:
            peer_harvest(peer)
    assert "fler än 20 engagemang" in str(refused.value) and not NetworkRecord.objects.exists()


def test_the_command_says_which_feed_was_refused_and_fails(db, capsys):
    with serving(answering(b"nonsense")) as url, LOOPBACK:
        Peer.objects.create(name="Trasig", feed_url=f"{url}/feed.json")
        with pytest.raises(CommandError):
            call_command("partner_harvest")
    assert "Flödet från Trasig togs inte emot" in capsys.readouterr().err


def test_a_server_that_is_not_there_is_refused_without_writing(db):
    with serving(answering(b"")) as url:
        pass  # the port is free again
    peer = Peer.objects.create(name="Borta", feed_url=f"{url}/feed.json")
    with LOOPBACK, pytest.raises(HarvestFailed) as refused:
        peer_harvest(peer)
    assert "Inget ändrades." in str(refused.value) and not NetworkRecord.objects.exists()


def test_the_public_feed_has_published_engagements_without_people(world, client_for):
    from utblick.engagements.services import engagement_publish

    published = shared_project(world.unit_a, "Publicerat projekt", contact_email="person@kommun-a.example")
    engagement_publish(engagement=published, user=None, expected_version=published.version)
    shared_project(world.unit_a, "Internt projekt")
    document = client_for("anonymous").get(f"/public/{world.org_a.slug}/partners.json").json()
    assert document["schema"] == records.SCHEMA and document["version"] == records.VERSION
    assert [entry["title"] for entry in document["engagements"]] == ["Publicerat projekt"]
    assert document["engagements"][0]["contact"] is None
    assert "person@kommun-a.example" not in json.dumps(document)
    # B does not publish its pages: no feed.
    assert client_for("anonymous").get(f"/public/{world.org_b.slug}/partners.json").status_code == 404


def test_a_peer_on_loopback_or_a_private_network_is_refused_unless_allowed(db):
    """The watch feeds' address checks: a feed address cannot make the server reach its own network."""
    with serving(answering(_feed(_entry()))) as url:
        peer = Peer.objects.create(name="Intranät", feed_url=f"{url}/feed.json")
        with override_settings(UTBLICK_FETCH_ALLOWED_NETWORKS=[]), pytest.raises(HarvestFailed) as refused:
            peer_harvest(peer)
        assert str(refused.value).startswith("Flödet från Intranät togs inte emot:")
        assert not NetworkRecord.objects.exists()
        with LOOPBACK:  # an operator allows the network the peer runs in
            peer_harvest(peer)
    assert NetworkRecord.objects.filter(peer=peer).count() == 1
