"""The unit's watch desk, the central office's shared items, marks, comments and the upload flow (KR-5)."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from utblick.watch.models import ImportRun, Item, ItemComment, ItemMark, ItemShare, WatchProfile
from utblick.watch.services import mark_set, profile_save, share_create

from .factories import LIFE_CALL, SourceFactory, add_items, call


@pytest.fixture
def desk(world):
    source = SourceFactory(organisation=world.org_a, name="Kommunledningskontorets bevakning")
    items = add_items(
        source,
        call("LIFE-1", "Climate change adaptation in municipalities", days=12, **LIFE_CALL),
        call("CERV-1", "Town twinning meetings", days=90, programme="cerv"),
        call("SKOLA-1", "Skolutbyte i Norden", days=200),
    )
    profile_save(profile=WatchProfile(unit=world.unit_a, keywords="klimatanpassning = climate adaptation"), user=None)
    return {item.identifier: item for item in items}


@pytest.mark.requirement("KR-5")
def test_the_desk_shows_new_matches_with_reasons_deadlines_soon_and_what_was_shared(world, desk, client_for):
    share_create(
        item=desk["SKOLA-1"],
        organisation=world.org_a,
        from_unit=None,
        to_unit=None,
        note="Gäller alla förvaltningar",
        user=world.user("coordinator_a"),
    )
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/watch/units/{world.unit_a.pk}/").content.decode()
    new = page.split('id="new-heading"')[1].split('id="matches-heading"')[0]
    assert "Climate change adaptation in municipalities" in new and "klimatanpassning" in new
    soon = page.split('id="deadlines-heading"')[1].split('id="shared-heading"')[0]
    assert "Climate change adaptation" in soon and "Town twinning" not in soon
    shared = page.split('id="shared-heading"')[1].split('id="relevant-heading"')[0]
    assert "Skolutbyte i Norden" in shared and "Gäller alla förvaltningar" in shared


@pytest.mark.requirement("KR-5")
def test_an_item_marked_not_relevant_leaves_the_desk_and_relevant_ones_are_listed(world, desk, client_for):
    editor = client_for("editor_a")
    url = f"/o/{world.org_a.slug}/watch/units/{world.unit_a.pk}/"
    response = editor.post(
        f"/o/{world.org_a.slug}/watch/items/{desk['LIFE-1'].pk}/mark/",
        {"unit": world.unit_a.pk, "verdict": "not_relevant", "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    page = editor.get(url).content.decode()
    assert "Climate change adaptation" not in page.split('id="new-heading"')[1].split('id="deadlines-heading"')[0]
    mark_set(item=desk["LIFE-1"], unit=world.unit_a, verdict="relevant", user=world.user("editor_a"))
    page = editor.get(url).content.decode()
    assert "Climate change adaptation" in page.split('id="relevant-heading"')[1]
    assert ItemMark.objects.get().history.count() == 2  # not relevant, then relevant


def test_an_editor_may_not_mark_for_a_unit_they_do_not_edit_nor_share_with_everyone(world, desk, client_for):
    editor = client_for("editor_a")
    item = desk["LIFE-1"]
    denied = editor.post(
        f"/o/{world.org_a.slug}/watch/items/{item.pk}/mark/", {"unit": world.other_unit_a.pk, "verdict": "relevant"}
    )
    assert denied.status_code == 403
    denied = editor.post(
        f"/o/{world.org_a.slug}/watch/items/{item.pk}/share/", {"from_unit": world.unit_a.pk, "to_unit": ""}
    )
    assert denied.status_code == 403
    assert not ItemMark.objects.exists() and not ItemShare.objects.exists()


def test_sharing_with_another_unit_shows_it_on_that_units_desk(world, desk, client_for):
    client_for("editor_a").post(
        f"/o/{world.org_a.slug}/watch/items/{desk['CERV-1'].pk}/share/",
        {"from_unit": world.unit_a.pk, "to_unit": world.other_unit_a.pk, "note": "Något för skolorna?"},
    )
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/watch/units/{world.other_unit_a.pk}/").content.decode()
    assert "Town twinning meetings" in page and "Något för skolorna?" in page


def test_comments_are_kept_per_organisation_and_readers_may_not_comment(world, desk, client_for):
    url = f"/o/{world.org_a.slug}/watch/items/{desk['LIFE-1'].pk}/"
    client_for("editor_a").post(
        url + "comments/", {"text": "Vi söker tillsammans med C4 Teknik.", "unit": world.unit_a.pk}
    )
    assert client_for("reader_a").post(url + "comments/", {"text": "Jag också"}).status_code == 403
    assert "Vi söker tillsammans med C4 Teknik." in client_for("reader_a").get(url).content.decode()
    assert ItemComment.objects.count() == 1


def test_the_author_may_take_a_comment_back_a_coordinator_any_and_nobody_else(world, desk, client_for):
    item = desk["LIFE-1"]
    url = f"/o/{world.org_a.slug}/watch/items/{item.pk}/"
    client_for("coordinator_a").post(url + "comments/", {"text": "Kontakta regionen först."})
    client_for("editor_a").post(url + "comments/", {"text": "Fel datum, se nedan.", "unit": world.unit_a.pk})
    theirs, mine = ItemComment.objects.order_by("pk")
    editor = client_for("editor_a")
    page = editor.get(url).content.decode()
    assert page.count("Ta bort kommentaren") == 1  # only on the editor's own comment
    assert editor.post(url + f"comments/{theirs.pk}/remove/").status_code == 403
    assert client_for("reader_a").post(url + f"comments/{mine.pk}/remove/").status_code == 403
    removed = editor.post(url + f"comments/{mine.pk}/remove/")
    assert removed.status_code == 302
    page = editor.get(removed["Location"]).content.decode()
    assert "Kommentaren togs bort." in page and "Fel datum, se nedan." not in page
    assert "Kontakta regionen först." in page
    assert mine.history.latest().history_type == "-"  # the audit history keeps it
    assert client_for("coordinator_a").post(url + f"comments/{theirs.pk}/remove/").status_code == 302
    assert not ItemComment.objects.exists()
    assert (
        client_for("coordinator_b")
        .post(f"/o/{world.org_b.slug}/watch/items/{item.pk}/comments/{theirs.pk}/remove/")
        .status_code
        == 404
    )


def test_the_author_corrects_a_comment_and_a_stale_correction_gets_the_conflict_page(world, desk, client_for):
    item = desk["LIFE-1"]
    url = f"/o/{world.org_a.slug}/watch/items/{item.pk}/"
    client_for("editor_a").post(url + "comments/", {"text": "Sista dag 1 mars."})
    comment = ItemComment.objects.get()
    edit = url + f"comments/{comment.pk}/edit/"
    editor = client_for("editor_a")
    assert "Sista dag 1 mars." in editor.get(edit).content.decode()
    saved = editor.post(edit, {"text": "Sista dag 3 mars.", "version": 1})
    assert saved.status_code == 302 and saved["Location"].endswith("#comments-heading")
    stale = client_for("coordinator_a").post(edit, {"text": "Sista dag 2 mars.", "version": 1})
    assert stale.status_code == 409 and "Någon annan sparade först" in stale.content.decode()
    empty = editor.post(edit, {"text": " ", "version": 2})
    assert empty.status_code == 200 and not ItemComment.objects.filter(text="").exists()
    comment.refresh_from_db()
    assert (comment.text, comment.version) == ("Sista dag 3 mars.", 2)
    assert comment.history.count() == 2  # written, then corrected


def test_another_organisation_never_sees_private_items(world, desk, client_for):
    item = desk["LIFE-1"]
    assert client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/items/{item.pk}/").status_code == 404
    listing = client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/items/").content.decode()
    assert "Climate change adaptation" not in listing


def test_the_item_list_filters_by_deadline_and_ranks_a_search_with_reasons(world, desk, client_for):
    reader = client_for("reader_a")
    soon = reader.get(f"/o/{world.org_a.slug}/watch/items/?deadline_within=30").content.decode()
    assert "Climate change adaptation" in soon and "Town twinning" not in soon
    found = reader.get(f"/o/{world.org_a.slug}/watch/items/?q=klimatanpassning+i+kommuner").content.decode()
    assert "Climate change adaptation" in found and "climate adaptation (klimatanpassning)" in found
    assert "Skolutbyte" not in found


def test_a_deadline_window_past_the_calendar_is_refused_with_a_message(world, desk, client_for):
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/watch/items/?deadline_within=99999999")
    assert page.status_code == 200 and page.context["filterset"].errors["deadline_within"]


def test_a_table_upload_is_mapped_checked_and_then_imported_with_a_progress_page(
    world, client_for, django_capture_on_commit_callbacks
):
    source = SourceFactory(organisation=world.org_a, name="Regionens lista")
    coordinator = client_for("coordinator_a")
    csv = "Namn;Sista dag;Status\nKlimatstöd 2027;2027-03-01;öppen\nKulturstöd;inte ett datum;öppen\n".encode()
    response = coordinator.post(
        f"/o/{world.org_a.slug}/watch/sources/{source.pk}/import/", {"file": SimpleUploadedFile("lista.csv", csv)}
    )
    run = ImportRun.objects.get()
    assert response["Location"].endswith(f"/watch/imports/{run.pk}/columns/")
    form = coordinator.get(response["Location"]).content.decode()
    assert "Sista dag" in form and "Klimatstöd 2027" in form  # the header and a preview
    bad = coordinator.post(response["Location"], {"title": "Namn", "deadline": "Sista dag", "status": "Status"})
    assert bad.status_code == 400 and "Rad 3, Sista dag" in bad.content.decode()
    assert not Item.objects.exists()
    run.file.save(
        "lista.csv", SimpleUploadedFile("lista.csv", csv.replace(b"inte ett datum", b"2027-04-01")), save=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = coordinator.post(response["Location"], {"title": "Namn", "deadline": "Sista dag", "status": "Status"})
    assert done["Location"].endswith(f"/watch/imports/{run.pk}/")
    page = coordinator.get(done["Location"]).content.decode()
    assert 'badge--ok">klar<' in page and "<dt>Nya</dt><dd>2</dd>" in page
    assert Item.objects.filter(source=source).count() == 2
    assert Item.objects.get(title="Kulturstöd").deadline_dates == [datetime.date(2027, 4, 1)]


def test_an_upload_too_large_or_of_the_wrong_type_is_refused_in_swedish(world, client_for, settings):
    settings.UTBLICK_MAX_UPLOAD_BYTES = 100
    source = SourceFactory(organisation=world.org_a)
    url = f"/o/{world.org_a.slug}/watch/sources/{source.pk}/import/"
    big = client_for("coordinator_a").post(url, {"file": SimpleUploadedFile("stor.json", b"{" + b" " * 200 + b"}")})
    assert big.status_code == 400 and "större än" in big.content.decode()
    wrong = client_for("coordinator_a").post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert wrong.status_code == 400 and "kan inte läsas in" in wrong.content.decode()
    assert not ImportRun.objects.exists()


def test_a_json_upload_runs_in_the_background_and_the_page_shows_the_counts(
    world, client_for, fixture_path, django_capture_on_commit_callbacks, settings
):
    source = SourceFactory(organisation=world.org_a, name="Portalen")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator_a").post(
            f"/o/{world.org_a.slug}/watch/sources/{source.pk}/import/",
            {"file": SimpleUploadedFile("sok.json", fixture_path("ft_search.json").read_bytes())},
        )
    run = ImportRun.objects.get()
    assert (run.state, run.file_format, run.new, run.rejected) == ("done", "ft-search", 4, 1)
    assert not run.file and not list((Path(settings.MEDIA_ROOT) / "watch-imports").rglob("sok*.json"))  # not kept
    page = client_for("coordinator_a").get(response["Location"]).content.decode()
    assert "hx-trigger" not in page  # finished: no more polling
    assert "ingen identifierare" in page  # the rejected entry and why
    waiting = ImportRun.objects.create(source=source, state="running", size=1000, position=250, processed=10)
    page = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/watch/imports/{waiting.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page and "Uppdatera nu" in page


def test_the_desk_and_the_item_list_need_as_many_queries_for_many_items_as_for_few(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    source = SourceFactory(organisation=world.org_a)
    profile_save(profile=WatchProfile(unit=world.unit_a, keywords="climate adaptation"), user=None)
    reader = client_for("coordinator_a")
    urls = [f"/o/{world.org_a.slug}/watch/units/{world.unit_a.pk}/", f"/o/{world.org_a.slug}/watch/items/"]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert reader.get(url).status_code == 200
            found.append(len(captured))
        return found

    def grow(prefix: str, count: int) -> None:
        items = add_items(
            source, *(call(f"{prefix}-{n}", f"Climate adaptation {prefix} {n}", **LIFE_CALL) for n in range(count))
        )
        profile_save(profile=WatchProfile.objects.get(unit=world.unit_a), user=None)
        share_create(item=items[0], organisation=world.org_a, from_unit=None, to_unit=None, note="", user=None)
        mark_set(item=items[1], unit=world.unit_a, verdict="relevant", user=None)

    grow("A", 2)
    few = counts()
    grow("B", 12)
    assert counts() == few
