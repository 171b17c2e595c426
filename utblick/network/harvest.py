"""Harvesting peer installations' partner-network feeds: fetched with the watch feeds' limits, checked whole,
then written in one transaction — read-only records, labelled with their source.

A feed is refused as a whole, with a message that says why and nothing written, when it cannot be fetched
(address, size, time), is not JSON, is of another schema or version, has more records than allowed, or
has a single record that does not follow the schema (docs/partner-network.md). A record the peer no longer
publishes disappears; a changed one is updated.
"""

import json
from dataclasses import dataclass
from typing import Any

import pycountry
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from utblick.engagements.choices import Kind, ProjectStage, Status

from . import records
from .models import NetworkRecord, Peer, PeerKind


class HarvestFailed(Exception):
    """Nothing was written; ``str(error)`` says why, in the user's language."""


# -- Fetching -------------------------------------------------------------------------------------


def fetch_feed(url: str, *, token: str = "") -> bytes:
    """GET a peer's feed through the app's guarded fetch (core.fetch), as the scanning desk's feeds are fetched:
    http and https only, only public addresses unless ``UTBLICK_FETCH_ALLOWED_NETWORKS`` allows others, the
    watch feeds' timeout and deadline, and at most ``UTBLICK_NETWORK_FEED_MAX_BYTES``."""
    from utblick.core.fetch import FetchFailed, fetch_url

    headers = {"Accept": "application/json", "User-Agent": "Utblick partner harvest"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        return fetch_url(
            url,
            headers=headers,
            timeout=settings.UTBLICK_WATCH_FETCH_TIMEOUT,
            deadline=settings.UTBLICK_WATCH_FETCH_DEADLINE,
            limit=settings.UTBLICK_NETWORK_FEED_MAX_BYTES,
        ).body
    except FetchFailed as error:
        raise HarvestFailed(str(error)) from error


# -- The schema -----------------------------------------------------------------------------------


def _country(value: str) -> str:
    code = value.upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise serializers.ValidationError(
            _("%(value)s is not a country code (ISO 3166, two letters).") % {"value": value}
        )
    return code


class _Partner(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.CharField(max_length=20, allow_blank=True, required=False, default="")
    country = serializers.CharField(max_length=2, min_length=2)
    city = serializers.CharField(max_length=120, allow_blank=True, required=False, default="")
    latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, required=False, default=None)
    longitude = serializers.FloatField(min_value=-180, max_value=180, allow_null=True, required=False, default=None)

    def validate_country(self, value: str) -> str:
        return _country(value)

    def validate(self, data: dict) -> dict:
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise serializers.ValidationError(_("Give both latitude and longitude, or neither."))
        return data


class _Organisation(serializers.Serializer):
    slug = serializers.SlugField(max_length=100)
    name = serializers.CharField(max_length=200)


class _Contact(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    email = serializers.EmailField(max_length=254, allow_blank=True)


class _Looking(serializers.Serializer):
    note = serializers.CharField(max_length=1000, allow_blank=True)


class _Entry(serializers.Serializer):
    id = serializers.CharField(max_length=100)
    organisation = _Organisation()
    kind = serializers.ChoiceField(choices=Kind.values)
    title = serializers.CharField(max_length=250)
    status = serializers.ChoiceField(choices=["", *Status.values], required=False, default="")
    stage = serializers.ChoiceField(choices=["", *ProjectStage.values], required=False, default="")
    programme = serializers.CharField(max_length=30, allow_blank=True, required=False, default="")
    call = serializers.CharField(max_length=120, allow_blank=True, required=False, default="")
    years = serializers.ListField(
        child=serializers.IntegerField(min_value=1900, max_value=2200, allow_null=True), min_length=2, max_length=2
    )
    countries = serializers.ListField(child=serializers.CharField(max_length=2, min_length=2), max_length=60)
    partners = serializers.ListField(child=_Partner(), max_length=200)
    network = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    directions = serializers.ListField(child=serializers.CharField(max_length=250), max_length=60)
    themes = serializers.ListField(child=serializers.CharField(max_length=250), max_length=60)
    contact = _Contact(allow_null=True, required=False, default=None)
    looking_for_partners = _Looking(allow_null=True, required=False, default=None)
    updated = serializers.DateTimeField()

    def validate_countries(self, value: list[str]) -> list[str]:
        return [_country(code) for code in value]


def _first_problem(errors: Any, path: str = "") -> str:
    """The first problem of a serializer's nested errors as "field: message"."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            inner = f"{path}.{key}" if path and key != "non_field_errors" else (path or str(key))
            return _first_problem(value, inner)
    if isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, dict | list):
                found = _first_problem(value, f"{path}[{index}]")
                if found:
                    return found
            else:
                return f"{path}: {value}" if path else str(value)
    return f"{path}: {errors}" if path else str(errors)


def parse(body: bytes) -> list[dict[str, Any]]:
    """The feed's entries, every one checked; ``HarvestFailed`` at the first thing that does not follow the schema."""
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise HarvestFailed(_("The feed is not UTF-8 text.")) from error
    except RecursionError as error:
        raise HarvestFailed(_("The feed is nested deeper than any feed of this schema.")) from error
    except ValueError as error:
        raise HarvestFailed(
            _("The feed is not JSON (line %(line)s).") % {"line": getattr(error, "lineno", "?")}
        ) from error
    if not isinstance(document, dict) or document.get("schema") != records.SCHEMA:
        raise HarvestFailed(
            _("The feed is not a partner-network feed (schema %(schema)s).") % {"schema": records.SCHEMA}
        )
    if document.get("version") != records.VERSION:
        raise HarvestFailed(
            _("The feed has version %(found)s of the schema; this installation reads version %(version)s.")
            % {"found": document.get("version"), "version": records.VERSION}
        )
    entries = document.get("engagements")
    if not isinstance(entries, list):
        raise HarvestFailed(_("The feed has no list of engagements."))
    limit = settings.UTBLICK_NETWORK_FEED_MAX_RECORDS
    if len(entries) > limit:
        raise HarvestFailed(_("The feed has more than %(limit)s engagements.") % {"limit": limit})
    checked, seen = [], set()
    for index, entry in enumerate(entries, start=1):
        serializer = _Entry(data=entry)
        if not isinstance(entry, dict) or not serializer.is_valid():
            problem = _first_problem(serializer.errors) if isinstance(entry, dict) else _("not an object")
            raise HarvestFailed(
                _("Engagement %(index)s of the feed: %(problem)s") % {"index": index, "problem": problem}
            )
        data = dict(serializer.validated_data)
        if data["id"] in seen:
            raise HarvestFailed(_("The feed names engagement %(id)s twice.") % {"id": data["id"]})
        seen.add(data["id"])
        checked.append(json.loads(json.dumps(data, default=str)))  # plain JSON values, as a record stores them
    return checked


# -- Writing --------------------------------------------------------------------------------------


@dataclass
class HarvestResult:
    created: int = 0
    updated: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return _("%(created)s new, %(updated)s changed, %(removed)s removed.") % {
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
        }


@transaction.atomic
def write(peer: Peer, entries: list[dict[str, Any]]) -> HarvestResult:
    """The peer's records become exactly the feed's: new ones added, changed ones updated, the rest removed."""
    result = HarvestResult()
    existing = {record.remote_id: record for record in NetworkRecord.objects.select_for_update().filter(peer=peer)}
    now = timezone.now()
    new, changed = [], []
    for entry in entries:
        values = records.record_values(entry)
        record = existing.pop(entry["id"], None)
        if record is None:
            new.append(NetworkRecord(peer=peer, remote_id=entry["id"], updated_at=now, **values))
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_at = now
            changed.append(record)
    NetworkRecord.objects.bulk_create(new, batch_size=500)
    if changed:
        NetworkRecord.objects.bulk_update(
            changed, [*records.record_values(entries[0]).keys(), "updated_at"], batch_size=500
        )
    result.created, result.updated = len(new), len(changed)
    result.removed, _removed = NetworkRecord.objects.filter(pk__in=[record.pk for record in existing.values()]).delete()
    return result


def peer_harvest(peer: Peer) -> HarvestResult:
    """Fetch, check and write one peer's feed; the outcome is kept on the peer. ``HarvestFailed``: nothing written."""
    token = peer.token if peer.kind == PeerKind.SHARED else ""
    try:
        result = write(peer, parse(fetch_feed(peer.feed_url, token=token)))
    except HarvestFailed as error:
        message = _("The feed of %(peer)s was refused: %(reason)s Nothing was changed.") % {
            "peer": peer.name,
            "reason": _sentence(str(error)),
        }
        Peer.objects.filter(pk=peer.pk).update(
            last_harvest_at=timezone.now(), last_harvest_ok=False, last_harvest_message=message
        )
        raise HarvestFailed(message) from error
    Peer.objects.filter(pk=peer.pk).update(
        last_harvest_at=timezone.now(), last_harvest_ok=True, last_harvest_message=str(result)
    )
    return result


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
