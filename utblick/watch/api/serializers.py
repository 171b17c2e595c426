"""The scanning desk in JSON: watch items (funding calls, news, consultations) and the units' watch profiles."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from utblick.engagements.forms import current_directions
from utblick.organisations.models import Unit

from .. import programmes
from ..models import Item, Source, WatchProfile

VERSION_HELP = gettext_lazy("The version you read; required when changing a record (or send If-Match).")


class ItemSourceSerializer(serializers.ModelSerializer):
    is_shared = serializers.BooleanField(
        read_only=True,
        help_text=gettext_lazy(
            "Shared by every organisation in this installation (the EU portal); kept by the system administrator."
        ),
    )

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "is_shared"]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer):
    source = ItemSourceSerializer(
        read_only=True,
        help_text=gettext_lazy(
            "Where the item comes from. Items written through the API are in the organisation's source of "
            "items entered by hand (kind manual); only those can be changed here."
        ),
    )
    deadlines = serializers.ListField(
        child=serializers.DateField(),
        required=False,
        max_length=100,
        help_text=Item._meta.get_field("deadlines").help_text,
    )
    next_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text=gettext_lazy("The first deadline from today, if any.")
    )

    class Meta:
        model = Item
        fields = [
            "id",
            "source",
            "kind",
            "identifier",
            "title",
            "summary",
            "programme",
            "programme_name",
            "call_identifier",
            "call_title",
            "type_of_action",
            "keywords",
            "status",
            "opens_on",
            "published_on",
            "deadlines",
            "next_deadline",
            "closes_on",
            "budget",
            "currency",
            "url",
            "language",
            "first_seen",
            "last_seen",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "programme_name", "closes_on", "first_seen", "last_seen", "created_at", "updated_at"]


class WatchProfileSerializer(serializers.ModelSerializer):
    programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=[]),
        required=False,
        help_text=WatchProfile._meta.get_field("programmes").help_text,
    )
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)

    class Meta:
        model = WatchProfile
        fields = ["id", "unit", "keywords", "programmes", "directions", "themes", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"directions": {"required": False}, "themes": {"required": False}}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The programme names in the language of the request (the schema lists them).
        self.fields["programmes"].child.choices = programmes.programme_choices()
        organisation = self.context.get("organisation")
        if organisation is None:
            return
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by("pk")
        # The choices of the profile form: the directions and themes of the strategy in force, plus
        # those the profile already has (an older version's), so what was read can be sent back.
        directions, themes = current_directions(organisation)
        if isinstance(self.instance, WatchProfile):
            directions = (directions | self.instance.directions.all()).distinct()
            themes = (themes | self.instance.themes.all()).distinct()
        self.fields["directions"].child_relation.queryset = directions
        self.fields["themes"].child_relation.queryset = themes

    def to_representation(self, instance: WatchProfile) -> dict[str, Any]:
        return {**super().to_representation(instance), "version": instance.version}

    def validate_programmes(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if isinstance(self.instance, WatchProfile) and "unit" in attrs and attrs["unit"] != self.instance.unit:
            raise serializers.ValidationError({"unit": [_("The unit of a watch profile cannot be changed.")]})
        return attrs
