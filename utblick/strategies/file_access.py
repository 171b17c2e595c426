"""What a strategy file may name, create and change for the one who imports it (docs/strategy-file.md).

A file names organisations in many places: the strategy's owners, the organisation of each governing
document and review, the ``only_for`` of a part, and — through its ``slug`` — an existing strategy
with its owners. Each of them is checked against the importer's roles before anything is written:

- an import writes what one organisation sees of the strategy, as that organisation's export gives
  it: the joint parts and the organisation's own parts, governing documents and reviews. It is the
  organisation the import is made for (the page's, the API's); the command with ``--user`` writes for
  every organisation the user coordinates, without it for every organisation (the administrator);
- a strategy that exists may be replaced only by a coordinator of one of its owners;
- owners may be added, removed or renamed (their local name) only by a coordinator of that
  organisation; a co-owner the importer does not coordinate stays, with its local name;
- what only another owner sees (its own parts, its reviews, its governing documents and their links)
  stays as it is: the file cannot name it, nor remove a version or a direction that holds such parts,
  nor take a code such a part has in the same version.

The checks only report; ``files.strategy_import`` writes nothing when any of them fails.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from utblick.core.models import Visitor
from utblick.organisations.models import Organisation
from utblick.organisations.permissions import coordinated_organisation_ids

from .models import Strategy

Report = Callable[[str, str], None]  # (path in the file, message)


@dataclass(frozen=True)
class ImportScope:
    """Whom an import writes for.

    ``coordinated``: the organisations the importer coordinates; only their ownership may be added,
    removed or renamed. ``writes_for``: the organisations whose own parts, governing documents and
    reviews the file replaces — the one the import is made for (the page's or the API's), else every
    organisation the importer coordinates. ``None``: every organisation (the administrator's tools).
    """

    coordinated: frozenset[int] | None
    writes_for: frozenset[int] | None

    @classmethod
    def for_import(cls, user: Visitor | None, organisation: Organisation | None = None) -> "ImportScope":
        """``user=None`` is the system administrator's own tools (the command without ``--user``, the demo)."""
        coordinated = None if user is None else coordinated_organisation_ids(user)
        writes_for = coordinated
        if organisation is not None:
            mine = coordinated is None or organisation.pk in coordinated
            writes_for = frozenset({organisation.pk}) if mine else frozenset()
        return cls(coordinated, writes_for)

    def coordinates(self, organisation_id: int | None) -> bool:
        return self.coordinated is None or organisation_id in self.coordinated

    def owns(self, organisation_id: int | None) -> bool:
        """Whether the import writes this organisation's own parts, documents and reviews."""
        return self.writes_for is None or organisation_id in self.writes_for

    def writes(self, part: Any) -> bool:
        """A joint part, or one of an organisation the import writes for."""
        return part.organisation_id is None or self.owns(part.organisation_id)


EVERYTHING = ImportScope(None, None)


def _not_coordinator(organisation: Organisation, consequence: str) -> str:
    return _("You are not a coordinator of %(organisation)s: %(consequence)s") % {
        "organisation": organisation.name,
        "consequence": consequence,
    }


def _not_written(other: Organisation, scope: ImportScope, organisation: Organisation | None, consequence: str) -> str:
    """Why the file may not write what only ``other`` sees."""
    if organisation is None or not scope.coordinates(other.pk):
        return _not_coordinator(other, consequence)
    return _(
        "The file is imported for %(organisation)s: import what only %(other)s sees on the strategy page of %(other)s."
    ) % {"organisation": organisation.name, "other": other.name}


def _tables(mapping: Any, key: str) -> list[tuple[int, dict]]:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return (
        [(index, item) for index, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []
    )


def _parts(data: dict) -> Iterator[tuple[str, dict]]:
    """Every part of the file that may say ``only_for``, with its path."""
    for v, version in _tables(data, "versions"):
        for d, direction in _tables(version, "directions"):
            yield f"versions[{v}].directions[{d}]", direction
            for g, goal in _tables(direction, "goals"):
                yield f"versions[{v}].directions[{d}].goals[{g}]", goal
        for key in ("dimensions", "indicators", "rules"):
            for index, part in _tables(version, key):
                yield f"versions[{v}].{key}[{index}]", part


def check(data: dict, *, scope: ImportScope, organisation: Organisation | None, report: Report) -> None:
    """Report everything the file names that the importer may not write."""
    organisations = {org.slug: org for org in Organisation.objects.all()}
    slug = data.get("slug")
    existing = Strategy.objects.filter(slug=slug).prefetch_related("ownerships__organisation").first()
    if isinstance(slug, str) and slug and existing is not None:
        owners_before = {ownership.organisation_id: ownership for ownership in existing.ownerships.all()}
        if not any(scope.coordinates(owner) for owner in owners_before):
            report(
                "slug",
                _(
                    "The short name %(slug)s belongs to a strategy your organisation does not own; "
                    "choose another short name."
                )
                % {"slug": slug},
            )
            return  # the file is about someone else's strategy; nothing more of it needs saying
    else:
        existing, owners_before = None, {}

    if organisation is not None and not scope.coordinates(organisation.pk):
        report("owners", _not_coordinator(organisation, _("only its coordinators can import its strategy.")))
    owners = _tables(data, "owners")
    named = {owner.get("organisation") for _index, owner in owners}
    if organisation is not None and isinstance(data.get("owners"), list) and organisation.slug not in named:
        report("owners", _("The file does not name this organisation among the strategy's owners."))
    for index, owner in owners:
        org = organisations.get(owner.get("organisation") or "")
        if org is None or scope.coordinates(org.pk):
            continue
        before = owners_before.get(org.pk)
        if before is None:
            report(
                f"owners[{index}]",
                _not_coordinator(org, _("only its coordinators can make it an owner of the strategy.")),
            )
        elif owner.get("local_name", "") != before.local_name:
            report(
                f"owners[{index}].local_name",
                _not_coordinator(org, _("only its coordinators can change its local name for the strategy.")),
            )
    for org_id, ownership in owners_before.items():
        if ownership.organisation.slug not in named and not scope.coordinates(org_id):
            report(
                "owners",
                _("%(organisation)s owns this strategy too: only its coordinators can remove it from the owners.")
                % {"organisation": ownership.organisation.name},
            )

    for key, consequence in (
        ("governing_documents", _("a file cannot write its governing documents.")),
        ("reviews", _("a file cannot record its reviews of the strategy.")),
    ):
        for index, item in _tables(data, key):
            org = organisations.get(item.get("organisation") or "")
            if org is not None and not scope.owns(org.pk):
                report(f"{key}[{index}].organisation", _not_written(org, scope, organisation, consequence))
    for path, part in _parts(data):
        org = organisations.get(part.get("only_for") or "")
        if org is not None and not scope.owns(org.pk):
            consequence = _("a file cannot write parts only it sees.")
            report(f"{path}.only_for", _not_written(org, scope, organisation, consequence))

    if existing is not None and scope.writes_for is not None:
        _check_kept(existing, data, scope=scope, report=report)


def _check_kept(strategy: Strategy, data: dict, *, scope: ImportScope, report: Report) -> None:
    """What only a co-owner the importer does not coordinate sees must survive the import unchanged."""
    files_versions = {version.get("label"): (v, version) for v, version in _tables(data, "versions")}
    for version in strategy.versions.prefetch_related(
        "directions__goals__organisation", "directions__organisation", "dimensions__organisation"
    ):
        hidden = _hidden_parts(version, scope)
        in_file = files_versions.get(version.label)
        if in_file is None:
            if hidden:
                report(
                    "versions",
                    _("The version %(label)s holds parts only %(organisation)s sees: a file cannot remove it.")
                    % {"label": version.label, "organisation": hidden[0].organisation.name},
                )
            continue
        v, version_data = in_file
        directions = {direction.get("code"): (d, direction) for d, direction in _tables(version_data, "directions")}
        for direction in version.directions.all():
            if not scope.writes(direction):
                if direction.code in directions:
                    d, _data = directions[direction.code]
                    report(
                        f"versions[{v}].directions[{d}].code",
                        _("The code %(code)s is taken in this version by a part only %(organisation)s sees.")
                        % {"code": direction.code, "organisation": direction.organisation},
                    )
                continue
            others = [goal for goal in direction.goals.all() if not scope.writes(goal)]
            if not others:
                continue
            if direction.code not in directions:
                report(
                    f"versions[{v}].directions",
                    _("The direction %(code)s holds goals only %(organisation)s sees: a file cannot remove it.")
                    % {"code": direction.code, "organisation": others[0].organisation},
                )
            elif directions[direction.code][1].get("only_for"):
                d, _data = directions[direction.code]
                report(
                    f"versions[{v}].directions[{d}].only_for",
                    _("The direction %(code)s holds goals only %(organisation)s sees: it stays shared.")
                    % {"code": direction.code, "organisation": others[0].organisation},
                )
        dimensions = {dimension.get("code"): d for d, dimension in _tables(version_data, "dimensions")}
        for dimension in version.dimensions.all():
            if not scope.writes(dimension) and dimension.code in dimensions:
                report(
                    f"versions[{v}].dimensions[{dimensions[dimension.code]}].code",
                    _("The code %(code)s is taken in this version by a part only %(organisation)s sees.")
                    % {"code": dimension.code, "organisation": dimension.organisation},
                )


def _hidden_parts(version: Any, scope: ImportScope) -> list[Any]:
    parts: list[Any] = [part for part in version.directions.all() if not scope.writes(part)]
    parts += [
        goal for direction in version.directions.all() for goal in direction.goals.all() if not scope.writes(goal)
    ]
    parts += [part for part in version.dimensions.all() if not scope.writes(part)]
    for model in ("indicators", "rule_settings"):
        parts += [part for part in getattr(version, model).select_related("organisation") if not scope.writes(part)]
    return parts


__all__ = ["EVERYTHING", "ImportScope", "check"]
