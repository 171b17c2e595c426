"""The change counter of each organisation's data: figures, choice lists and reports are cached under it
(docs/adr/0027).

Each app declares in its ``ready()`` which of its models an organisation's figures, reports and
choice lists read (``follow``) and which links between them (``follow_links``); every save, deletion
or link change of such a record raises the stamp of its organisation(s) in the writer's own
transaction, so no write path can miss it. Bulk paths that send no signals call ``register_changed``
themselves. ``stamps`` reads the counters of many organisations in one query.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import RegisterStamp
from .permissions import scope_organisation_ids

# The models (and link tables) that raise the stamp: a test checks that whatever is cached under it
# reads nothing else (followup/tests/test_stamp_sources.py).
FOLLOWED: list[type[Model]] = []


def register_changed(organisation_id: int | None) -> None:
    if organisation_id is None:
        return
    if RegisterStamp.objects.filter(organisation_id=organisation_id).update(changes=F("changes") + 1):
        return
    try:
        with transaction.atomic():
            RegisterStamp.objects.create(organisation_id=organisation_id, changes=1)
    except IntegrityError:  # created meanwhile by another writer
        RegisterStamp.objects.filter(organisation_id=organisation_id).update(changes=F("changes") + 1)


def stamps(organisation_ids: Iterable[int]) -> dict[int, int]:
    """Each organisation's counter; 0 for one whose data has not changed since counting began."""
    ids = list(organisation_ids)
    found = dict(RegisterStamp.objects.filter(organisation_id__in=ids).values_list("organisation_id", "changes"))
    return {organisation_id: found.get(organisation_id, 0) for organisation_id in ids}


def _organisations_of(instance: Any) -> list[int]:
    """The organisation(s) a record belongs to: every owner of a joint strategy's part (LN-1)."""
    try:
        return scope_organisation_ids(instance)
    except ObjectDoesNotExist:  # deleted with its parent: the parent's own deletion counts
        return []


def _record_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    for organisation_id in _organisations_of(instance):
        register_changed(organisation_id)


def _links_changed(sender: Any, instance: Any, action: str, model: Any, pk_set: set | None, **kwargs: Any) -> None:
    """Links changed from either side (``engagement.directions.add``, ``direction.engagements.clear``).

    Both ends of a link belong to the same organisation (a direction of a strategy it owns, a partner
    of its own), so the changed record's organisations are enough; those of the records linked or
    unlinked are raised too, in case.
    """
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    organisation_ids = set(_organisations_of(instance))
    field = getattr(model, "scope_organisation_field", None)
    if pk_set and field:
        organisation_ids.update(model.objects.filter(pk__in=pk_set).values_list(field, flat=True))
    for organisation_id in organisation_ids:
        register_changed(organisation_id)


def follow(*models: type[Model]) -> None:
    """Raise the organisation's stamp whenever a record of these models is saved or deleted."""
    for model in models:
        uid = f"register-stamp:{model._meta.label}"
        post_save.connect(_record_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_changed, sender=model, dispatch_uid=uid)
        if model not in FOLLOWED:
            FOLLOWED.append(model)


def follow_links(*relations: Any) -> None:
    """Raise it when the links of these many-to-many fields change, e.g. ``Engagement.directions``."""
    for relation in relations:
        through = relation.through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"register-stamp:{through._meta.label}")
        if through not in FOLLOWED:
            FOLLOWED.append(through)
