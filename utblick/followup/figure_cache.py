"""Indicator figures kept in the cache until the organisation's register changes (docs/adr/0027).

The dashboard, the comparison of every organisation and the reports read the same figures, which
change only when a record they count changes. They are cached per organisation under its register
stamp (``organisations.register_stamps``): every save or deletion of such a record raises the stamp
in the same transaction, so a cached figure is never served after its data changed. The key also
holds the day (a year still running ends today) and the years and units asked for.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from utblick.organisations.register_stamps import stamps

# Bounds how long a figure outlives its stamp should the cache and the database ever part (a restored
# backup with a cache kept elsewhere); within it, the stamp decides.
TIMEOUT = 60 * 60

Figures = dict[int, dict[int, dict[str, Any]]]


def cached_counts(organisation_id: int, question: str, compute: Callable[[], Any]) -> Any:
    """Anything else counted from one organisation's data (``question`` says wholly what was asked),
    kept until its stamp rises or the day ends."""
    stamp = stamps([organisation_id])[organisation_id]
    asked = hashlib.sha256(question.encode()).hexdigest()[:32]
    key = f"counts:1:{organisation_id}:{stamp}:{timezone.localdate().isoformat()}:{asked}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


_MISSING = object()


def cached_figures(
    organisation_ids: list[int],
    years: list[int],
    units: Iterable[int] | None,
    compute: Callable[..., Figures],
    known_stamps: dict[int, int] | None = None,
) -> Figures:
    """The figures of each organisation from the cache, computing (in one batch) only the missing ones.

    ``known_stamps`` are the organisations' register stamps when the caller has read them already.
    """
    unit_ids = None if units is None else sorted(set(units))
    scope = "all" if unit_ids is None else hashlib.sha256(repr(unit_ids).encode()).hexdigest()[:16]
    span = ",".join(str(year) for year in years)
    today = timezone.localdate().isoformat()
    keys = {
        organisation_id: f"figures:1:{organisation_id}:{stamp}:{today}:{span}:{scope}"
        for organisation_id, stamp in (stamps(organisation_ids) if known_stamps is None else known_stamps).items()
    }
    found = cache.get_many(list(keys.values()))
    result = {organisation_id: found[key] for organisation_id, key in keys.items() if key in found}
    missing = [organisation_id for organisation_id in organisation_ids if organisation_id not in result]
    if missing:
        computed = compute(missing, years, units=unit_ids)
        cache.set_many({keys[organisation_id]: computed[organisation_id] for organisation_id in missing}, TIMEOUT)
        result.update(computed)
    return {organisation_id: result[organisation_id] for organisation_id in organisation_ids}
