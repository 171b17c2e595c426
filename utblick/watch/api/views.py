from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from rest_framework import exceptions

from utblick.api.viewsets import WritableViewSet
from utblick.core.permissions import get_object_for_user
from utblick.strategies.models import Direction, Theme

from .. import services
from ..choices import SourceKind
from ..filtersets import ItemFilterSet, WatchProfileFilterSet
from ..models import Item, Source, WatchProfile
from .serializers import ItemSerializer, WatchProfileSerializer

WRITES = {"update", "partial_update", "destroy"}


class ItemViewSet(WritableViewSet):
    """Funding calls, news and consultations: the installation's (the EU portal) and the organisation's own.

    Coordinators add items by hand; they go into the organisation's source of items entered by hand,
    and only those are changed or deleted here. Imported items change with their source's next import.
    """

    api_description = gettext_lazy(
        "Funding calls, news and consultations: the installation's (the EU portal) and the organisation's own. "
        "Coordinators add items by hand; only those are changed or deleted here. Imported items change with "
        "their source's next import."
    )

    model = Item
    serializer_class = ItemSerializer
    filterset_class = ItemFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering_fields = [
        "title",
        "closes_on",
        "opens_on",
        "published_on",
        "first_seen",
        "last_seen",
        "status",
        "kind",
        "programme",
    ]
    ordering = ["closes_on", "title"]

    def base_queryset(self) -> models.QuerySet:
        return Item.objects.in_organisation(self.organisation).select_related("source")

    def get_object(self) -> Item:
        item = get_object_for_user(self.request.user, self.get_queryset(), pk=int(self.kwargs["pk"]))
        if self.action in WRITES and item.source.accepts_imports:
            # Said the same to everyone, the administrator too: the next import would undo the change.
            raise exceptions.PermissionDenied(str(services.IMPORTED_ITEM))
        self.require(item, self.rules_action())
        return item

    def create_object(self, data: dict[str, Any]) -> Item:
        deadlines = data.pop("deadlines", [])
        # The permission of the item it will be: one of this organisation's own, entered by hand.
        self.require(Item(source=Source(organisation=self.organisation, kind=SourceKind.MANUAL)), "add")
        return services.item_save(
            item=Item(**data), organisation=self.organisation, deadlines=deadlines, user=self.request.user
        )

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> Item:
        deadlines = data.pop("deadlines", None)
        for field, value in data.items():
            setattr(obj, field, value)
        return services.item_save(item=obj, deadlines=deadlines, user=self.request.user)

    def delete_object(self, obj: Any) -> None:
        services.item_delete(item=obj, user=self.request.user)


class WatchProfileViewSet(WritableViewSet):
    """What each unit watches for (KR-5): keywords in Swedish and English, programmes, directions and themes.

    Saving a profile ranks the items for it at once, as the profile page does.
    """

    api_description = gettext_lazy(
        "What each unit watches for: keywords in Swedish and English, programmes, directions and "
        "themes. Saving a profile ranks the items for it at once, as the profile page does."
    )

    model = WatchProfile
    serializer_class = WatchProfileSerializer
    filterset_class = WatchProfileFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["unit__name", "updated_at"]
    ordering = ["unit__name"]

    def base_queryset(self) -> models.QuerySet:
        return (
            WatchProfile.objects.in_organisation(self.organisation)
            .select_related("unit")
            .prefetch_related(
                Prefetch("directions", queryset=Direction.objects.order_by("pk")),
                Prefetch("themes", queryset=Theme.objects.order_by("pk")),
            )
        )

    def create_object(self, data: dict[str, Any]) -> WatchProfile:
        relations = self.relations(data)
        data.pop("version", None)
        profile = WatchProfile(**data)
        # The unit decides who may write: its editors and the coordinators (403 otherwise).
        self.require(profile, "add")
        return services.profile_save(
            profile=profile,
            user=self.request.user,
            directions=relations.get("directions", []),
            themes=relations.get("themes", []),
        )

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> WatchProfile:
        relations = self.relations(data)
        for field, value in data.items():
            setattr(obj, field, value)
        return services.profile_save(
            profile=obj, user=self.request.user, expected_version=expected_version, **relations
        )

    @staticmethod
    def relations(data: dict[str, Any]) -> dict[str, list]:
        return {name: list(data.pop(name)) for name in ("directions", "themes") if name in data}
