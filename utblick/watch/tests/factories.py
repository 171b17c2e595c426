import datetime

import factory
from django.utils import timezone

from utblick.watch.choices import ItemKind, ItemStatus, SourceKind
from utblick.watch.formats import ItemData
from utblick.watch.imports import items_write
from utblick.watch.models import Item, Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    organisation = None
    name = factory.Sequence(lambda n: f"Källa {n}")
    kind = SourceKind.FILE


def add_items(source: Source, *entries: ItemData) -> list[Item]:
    """Items written the way an import writes them (search terms included)."""
    items_write(source=source, entries=list(entries))
    return list(Item.objects.filter(source=source, identifier__in=[e.identifier for e in entries]).order_by("pk"))


def call(identifier: str, title: str, *, days: int = 60, **fields) -> ItemData:
    """An open call whose deadline is ``days`` from today."""
    fields.setdefault("status", ItemStatus.OPEN)
    fields.setdefault("kind", ItemKind.CALL)
    fields.setdefault("deadlines", [timezone.localdate() + datetime.timedelta(days=days)])
    return ItemData(identifier=identifier, title=title, **fields)


LIFE_CALL = dict(
    summary="Projects help municipalities and regions adapt to a changing climate: flood risk, heat and drought.",
    programme="life",
    programme_name="LIFE",
    keywords="climate adaptation, resilience",
    language="en",
)
