"""The register's change counter per organisation: figures are cached under it (docs/adr/0027).

``register_changed`` is called for every saved or deleted record the indicators read (a model
signal, so no write path can miss it) and by the bulk paths that bypass signals. ``stamps`` reads
the counters of many organisations in one query.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RegisterStamp


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
    """Each organisation's counter; 0 for one whose register has not changed since counting began."""
    ids = list(organisation_ids)
    found = dict(RegisterStamp.objects.filter(organisation_id__in=ids).values_list("organisation_id", "changes"))
    return {organisation_id: found.get(organisation_id, 0) for organisation_id in ids}
