"""Items entered by hand: one source per organisation, never imported into; imported items stay the imports' (ADR 0012)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from utblick.watch.models import Item, Source
from utblick.watch.services import item_save, manual_source_for

from .factories import SourceFactory, add_items, call


def entered(world, identifier="M-1", title="Lokal utlysning"):
    return item_save(item=Item(identifier=identifier, title=title), organisation=world.org_a, user=None)


def test_the_manual_source_is_made_once_and_avoids_a_name_already_taken(world):
    SourceFactory(organisation=world.org_a, name="Inlagt för hand")
    first, second = entered(world, "M-1"), entered(world, "M-2")
    assert first.source == second.source
    assert (first.source.name, first.source.kind) == ("Inlagt för hand 2", "manual")
    assert manual_source_for(world.org_b, user=None) != first.source


def test_the_service_refuses_to_change_an_imported_item(world):
    imported = add_items(SourceFactory(organisation=world.org_a), call("R-1", "Regional pott"))[0]
    imported.title = "Ändrad"
    with pytest.raises(ValidationError):
        item_save(item=imported, user=None, deadlines=[datetime.date(2027, 1, 1)])
    assert Item.objects.get(pk=imported.pk).title == "Regional pott"


def test_only_items_entered_by_hand_may_be_changed_by_the_coordinators(world):
    imported = add_items(SourceFactory(organisation=world.org_a), call("R-1", "Regional pott"))[0]
    manual = entered(world)
    coordinator, editor = world.user("coordinator_a"), world.user("editor_a")
    assert coordinator.has_perm("watch.change_item", manual) and coordinator.has_perm("watch.delete_item", manual)
    assert not coordinator.has_perm("watch.change_item", imported)
    assert not editor.has_perm("watch.change_item", manual)


def test_the_pages_list_the_manual_source_without_an_import_and_keep_its_kind(world, client_for):
    manual = entered(world).source
    coordinator = client_for("coordinator_a")
    page = coordinator.get(f"/o/{world.org_a.slug}/watch/sources/").content.decode()
    assert "Inlagt för hand" in page and f"/sources/{manual.pk}/import/" not in page
    assert coordinator.get(f"/o/{world.org_a.slug}/watch/sources/{manual.pk}/import/").status_code == 404
    new = coordinator.get(f"/o/{world.org_a.slug}/watch/sources/add/").context["form"]
    assert "manual" not in dict(new.fields["kind"].choices)
    edit_url = f"/o/{world.org_a.slug}/watch/sources/{manual.pk}/edit/"
    response = coordinator.post(edit_url, {"name": "Våra egna", "kind": "file", "item_kind": "call", "version": 1})
    assert response.status_code == 302
    manual.refresh_from_db()
    assert (manual.name, manual.kind) == ("Våra egna", "manual")


def test_the_item_list_and_page_show_an_item_entered_by_hand(world, client_for):
    item = entered(world, title="Kommunens egen utlysning")
    reader = client_for("reader_a")
    assert "Kommunens egen utlysning" in reader.get(f"/o/{world.org_a.slug}/watch/items/").content.decode()
    assert reader.get(f"/o/{world.org_a.slug}/watch/items/{item.pk}/").status_code == 200


def test_the_import_command_does_not_import_into_the_manual_source(world, fixture_path):
    manual = entered(world).source
    with pytest.raises(CommandError, match="för hand"):
        call_command("watch_import", str(fixture_path("calls.csv")), source=manual.name, organisation=world.org_a.slug)
    assert list(Item.objects.filter(source=manual).values_list("identifier", flat=True)) == ["M-1"]
    assert Source.objects.filter(organisation=world.org_a).count() == 1
