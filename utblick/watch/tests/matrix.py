from utblick.core.testing import COORDINATORS_WRITE, MEMBERS_READ, OTHER_UNIT_WRITE, UNIT_EDITORS_WRITE, UrlCase, expect
from utblick.engagements.tests.factories import EngagementFactory

from .factories import SourceFactory, add_items, call

POST_ONLY = expect(405, 405, 405, 405, 404, "login")
# A POST that writes for the editor's own unit: coordinators and that editor are sent back (302).
POST_UNIT_EDITORS = expect(302, 302, 302, 403, 404, "login")
POST_COORDINATORS = expect(302, 302, 403, 403, 404, "login")


def org(world):
    return {"org": world.org_a.slug}


def _item(world, shared=False):
    source = SourceFactory(organisation=None if shared else world.org_a)
    return add_items(source, call(f"C-{source.pk}", "Klimatanpassning"))[0]


def own_item(world):
    return {"org": world.org_a.slug, "pk": _item(world).pk}


def shared_item(world):
    """An item of a source every organisation sees (the EU portal)."""
    return {"org": world.org_a.slug, "pk": _item(world, shared=True).pk}


def _comment(world, author):
    from utblick.watch.services import comment_add

    item = _item(world)
    comment = comment_add(item=item, organisation=world.org_a, unit=None, text="Passar oss", user=world.user(author))
    return {"org": world.org_a.slug, "pk": item.pk, "comment": comment.pk}


def coordinators_comment(world):
    return _comment(world, "coordinator_a")


def editors_comment(world):
    return _comment(world, "editor_a")


def own_unit(world):
    return {"org": world.org_a.slug, "unit": world.unit_a.pk}


def other_unit(world):
    return {"org": world.org_a.slug, "unit": world.other_unit_a.pk}


def source(world):
    return {"org": world.org_a.slug, "pk": SourceFactory(organisation=world.org_a).pk}


def feed(world):
    return {
        "org": world.org_a.slug,
        "pk": SourceFactory(organisation=world.org_a, kind="feed", url="http://127.0.0.1:9/x").pk,
    }


def run(world):
    from utblick.watch.models import ImportRun

    return {"org": world.org_a.slug, "pk": ImportRun.objects.create(source=SourceFactory(organisation=world.org_a)).pk}


def mapping_run(world):
    from django.core.files.base import ContentFile

    from utblick.watch.models import ImportRun

    waiting = ImportRun(source=SourceFactory(organisation=world.org_a), state="mapping", file_format="csv")
    waiting.file.save("lista.csv", ContentFile(b"Namn;Sista dag\nKlimat;2027-03-01\n"), save=True)
    return {"org": world.org_a.slug, "pk": waiting.pk}


def own_engagement(world):
    return {"org": world.org_a.slug, "pk": EngagementFactory(owner_unit=world.unit_a, status="planned").pk}


def others_engagement(world):
    return {"org": world.org_a.slug, "pk": EngagementFactory(owner_unit=world.other_unit_a, status="planned").pk}


def mark_data(world):
    return {"unit": world.unit_a.pk, "verdict": "relevant"}


def share_data(world):
    return {"from_unit": world.unit_a.pk, "to_unit": world.other_unit_a.pk, "note": "Titta på den här"}


def share_everyone_data(world):
    return {"from_unit": "", "to_unit": "", "note": "För alla"}


def comment_data(world):
    return {"text": "Passar oss", "unit": world.unit_a.pk}


CASES = [
    UrlCase("watch:overview", MEMBERS_READ, org),
    UrlCase("watch:item_list", MEMBERS_READ, org),
    UrlCase("watch:item_list", MEMBERS_READ, org, query="q=klimatanpassning&open_only=on"),
    UrlCase("watch:item", MEMBERS_READ, own_item),
    UrlCase("watch:item", MEMBERS_READ, shared_item),
    UrlCase("watch:item_history", MEMBERS_READ, own_item),
    UrlCase("watch:item_mark", POST_ONLY, own_item),
    UrlCase("watch:item_mark", POST_UNIT_EDITORS, own_item, method="post", data=mark_data),
    UrlCase("watch:item_share", POST_ONLY, own_item),
    UrlCase("watch:item_share", POST_UNIT_EDITORS, shared_item, method="post", data=share_data),
    UrlCase("watch:item_share", POST_COORDINATORS, own_item, method="post", data=share_everyone_data),
    UrlCase("watch:item_comment", POST_ONLY, own_item),
    UrlCase("watch:item_comment", POST_UNIT_EDITORS, own_item, method="post", data=comment_data),
    UrlCase("watch:item_comment_edit", COORDINATORS_WRITE, coordinators_comment),
    UrlCase("watch:item_comment_edit", UNIT_EDITORS_WRITE, editors_comment),
    UrlCase("watch:item_comment_remove", POST_ONLY, coordinators_comment),
    UrlCase("watch:item_comment_remove", POST_COORDINATORS, coordinators_comment, method="post"),
    UrlCase("watch:item_comment_remove", POST_UNIT_EDITORS, editors_comment, method="post"),
    UrlCase("watch:desk", MEMBERS_READ, own_unit),
    UrlCase("watch:profile_edit", UNIT_EDITORS_WRITE, own_unit),
    UrlCase("watch:profile_edit", OTHER_UNIT_WRITE, other_unit),
    UrlCase("watch:source_list", MEMBERS_READ, org),
    UrlCase("watch:source_add", COORDINATORS_WRITE, org),
    UrlCase("watch:source_edit", COORDINATORS_WRITE, source),
    UrlCase("watch:source_import", COORDINATORS_WRITE, source),
    UrlCase("watch:source_fetch", POST_ONLY, feed),
    UrlCase("watch:import_run", COORDINATORS_WRITE, run),
    UrlCase("watch:import_mapping", COORDINATORS_WRITE, mapping_run),
    UrlCase("watch:funding", UNIT_EDITORS_WRITE, own_engagement),
    UrlCase("watch:funding", OTHER_UNIT_WRITE, others_engagement),
]
