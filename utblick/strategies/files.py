"""Strategy files: a whole strategy as one TOML document (see docs/strategy-file.md).

``strategy_export`` writes a deterministic file of what one organisation sees of the strategy (the
whole strategy for the administrator); ``strategy_import`` validates the whole file first, reporting
every error with its line, checks that it names nothing of an organisation the importer does not
coordinate (``file_access``), and then writes all of it or nothing (``file_writer``). Export →
import into an empty database → export gives the same bytes. ``strategy_draft_import`` checks a
file the same way but only adds its one draft version to an organisation's strategy (the document
importer's confirm step), leaving the strategy's other versions alone.
"""

import datetime
import re
import tomllib
from typing import Any

import tomli_w
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core.library_errors import toml_problem
from utblick.core.models import Visitor
from utblick.core.problems import RowProblem
from utblick.organisations.models import Organisation

from . import file_access, file_writer, selectors
from .file_lines import Locator
from .models import (
    DocumentKind,
    GoodDirection,
    GoverningDocument,
    MandatePeriod,
    ReviewOutcome,
    Strategy,
    StrategyOwnership,
    StrategyVersion,
    VersionStatus,
)
from .registry import INDICATORS, get_rule

FORMAT = "utblick-strategy/1"
SLUG = re.compile(r"^[-a-z0-9_]+$")


# -- Export -------------------------------------------------------------------------------------


def _clean(mapping: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values so files stay short; TOML has no null."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def strategy_to_dict(strategy: Strategy, *, organisation: Organisation | None = None) -> dict[str, Any]:
    """The file's content: what ``organisation`` sees of the strategy (LN-11), or all of it for ``None``."""
    seen = selectors.strategy_seen_by(strategy=strategy, organisation=organisation)
    owners = list(seen.ownerships.all())
    documents = selectors.governing_documents_for_file(strategy=seen, organisation=organisation)
    return _clean(
        {
            "format": FORMAT,
            "slug": seen.slug,
            "name": seen.name,
            "description": seen.description,
            "owners": [_clean({"organisation": o.organisation.slug, "local_name": o.local_name}) for o in owners],
            "governing_documents": [
                _clean(
                    {
                        "organisation": document.organisation.slug,
                        "title": document.title,
                        "kind": document.kind,
                        "adopted_on": document.adopted_on,
                        "url": document.url,
                        "description": document.description,
                    }
                )
                for document in documents
            ],
            "versions": [_version_to_dict(version) for version in seen.versions.all()],
            "reviews": [
                _clean(
                    {
                        "organisation": review.organisation.slug,
                        "period": review.period.label,
                        "reviewed_on": review.reviewed_on,
                        "body": review.body,
                        "outcome": review.outcome,
                        "summary": review.summary,
                        "case_number": review.case_number,
                        "document_url": review.document_url,
                    }
                )
                for review in seen.reviews.all()
            ],
        }
    )


def _only(part: Any) -> str:
    return part.organisation.slug if part.organisation_id else ""


def _titles(holder: Any) -> list[str]:
    return sorted(document.title for document in holder.governing_documents.all())


def _version_to_dict(version: StrategyVersion) -> dict[str, Any]:
    """One version as ``selectors.strategies_seen_by`` prefetched it (``.all()`` only, never a new query)."""
    return _clean(
        {
            "label": version.label,
            "title": version.title,
            "status": version.status,
            "adopted_by": version.adopted_by,
            "adopted_on": version.adopted_on,
            "valid_from": version.valid_from,
            "replaces": version.replaces.label if version.replaces else "",
            "case_number": version.case_number,
            "document_url": version.document_url,
            "summary": version.summary,
            "governing_documents": _titles(version),
            "directions": [
                _clean(
                    {
                        "code": direction.code,
                        "name": direction.name,
                        "description": direction.description,
                        "only_for": _only(direction),
                        "goals": [
                            _clean(
                                {
                                    "text": goal.text,
                                    "description": goal.description,
                                    "only_for": _only(goal),
                                    "governing_documents": _titles(goal),
                                }
                            )
                            for goal in direction.goals.all()
                        ],
                    }
                )
                for direction in version.directions.all()
            ],
            "dimensions": [
                _clean(
                    {
                        "code": dimension.code,
                        "name": dimension.name,
                        "description": dimension.description,
                        "only_for": _only(dimension),
                        "themes": [
                            _clean({"code": theme.code, "name": theme.name, "description": theme.description})
                            for theme in dimension.themes.all()
                        ],
                    }
                )
                for dimension in version.dimensions.all()
            ],
            "indicators": [
                _clean(
                    {
                        "key": indicator.key,
                        "good_direction": indicator.good_direction,
                        "target": float(indicator.target) if indicator.target is not None else None,
                        "target_year": indicator.target_year,
                        "only_for": _only(indicator),
                    }
                )
                for indicator in version.indicators.all()
            ],
            "rules": [
                _clean(
                    {
                        "key": setting.key,
                        "enabled": setting.enabled,
                        "parameters": dict(sorted((setting.parameters or {}).items())),
                        "note": setting.note,
                        "only_for": _only(setting),
                    }
                )
                for setting in version.rule_settings.all()
            ],
        }
    )


def strategy_export(strategy: Strategy, *, organisation: Organisation | None) -> str:
    """The strategy file of what ``organisation`` sees; ``None``: the whole strategy (the administrator's)."""
    return tomli_w.dumps(strategy_to_dict(strategy, organisation=organisation), multiline_strings=True)


# -- Import -------------------------------------------------------------------------------------


class StrategyFileError(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[RowProblem]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def parse(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError as error:  # "a = [[[[…": tomllib recurses once per level
        raise StrategyFileError([RowProblem(None, "", _("not valid TOML: it is nested too deeply"))]) from error
    except tomllib.TOMLDecodeError as error:
        line, message = toml_problem(error)  # tomllib's English wording, said in the user's language
        raise StrategyFileError([RowProblem(line, "", _("not valid TOML: %(error)s") % {"error": message})]) from error


class _Validator:
    def __init__(self, text: str, data: dict[str, Any], organisations: dict[str, Organisation]):
        self.locator = Locator(text)
        self.data = data
        self.organisations = organisations
        self.errors: list[RowProblem] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(RowProblem(self.locator.line_of(path), path, message))

    def text(self, mapping: dict, key: str, path: str, *, required: bool = False, max_length: int = 250) -> str:
        value = mapping.get(key, "")
        if not isinstance(value, str):
            self.error(f"{path}.{key}", _("must be text"))
            return ""
        if required and not value.strip():
            self.error(f"{path}.{key}" if key in mapping else path, _("%(key)s is required") % {"key": key})
        if len(value) > max_length:
            self.error(f"{path}.{key}", _("is longer than %(max)s characters") % {"max": max_length})
        return value

    def date(self, mapping: dict, key: str, path: str) -> datetime.date | None:
        value = mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            self.error(f"{path}.{key}", _("must be a date written as YYYY-MM-DD"))
            return None
        return value

    def choice(self, mapping: dict, key: str, path: str, choices: Any, default: str) -> str:
        value = mapping.get(key, default)
        if value not in choices.values:
            self.error(f"{path}.{key}", _("must be one of: %(choices)s") % {"choices": ", ".join(choices.values)})
        return value

    def organisation(self, mapping: dict, key: str, path: str, *, required: bool = False) -> Organisation | None:
        slug = mapping.get(key, "")
        if not slug:
            if required:
                self.error(path, _("%(key)s is required") % {"key": key})
            return None
        if slug not in self.organisations:
            self.error(f"{path}.{key}", _("no organisation with the short name %(slug)s") % {"slug": slug})
            return None
        return self.organisations[slug]

    def table_list(self, mapping: dict, key: str, path: str) -> list[dict]:
        value = mapping.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.error(f"{path}.{key}" if path else key, _("must be a list of tables ([[%(key)s]])") % {"key": key})
            return []
        return value

    def unknown_keys(self, mapping: dict, allowed: set[str], path: str) -> None:
        for key in sorted(set(mapping) - allowed):
            self.error(f"{path}.{key}" if path else key, _("unknown key %(key)s") % {"key": key})

    def unique(self, items: list[dict], key: str, path: str, list_name: str) -> None:
        seen: set[Any] = set()
        for index, item in enumerate(items):
            value = item.get(key)
            if value in seen:
                self.error(f"{path}.{list_name}[{index}].{key}", _("%(value)s appears twice") % {"value": value})
            seen.add(value)


def validate(text: str, data: dict[str, Any], *, known_labels: set[str] | None = None) -> list[RowProblem]:
    """Every error of the file; ``known_labels`` are versions outside the file that ``replaces`` may name."""
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    check = _Validator(text, data, organisations)
    check.unknown_keys(
        data, {"format", "slug", "name", "description", "owners", "governing_documents", "versions", "reviews"}, ""
    )
    if data.get("format") != FORMAT:
        check.error("format", _('the first line must say format = "%(format)s"') % {"format": FORMAT})
    slug = check.text(data, "slug", "slug", required=True, max_length=80)
    if slug and not SLUG.match(slug):
        check.error("slug", _("use only lower-case letters, digits and hyphens"))
    check.text(data, "name", "name", required=True)
    owners = check.table_list(data, "owners", "")
    if not owners:
        check.error("owners", _("a strategy needs at least one owner ([[owners]] with organisation = …)"))
    for index, owner in enumerate(owners):
        path = f"owners[{index}]"
        check.unknown_keys(owner, {"organisation", "local_name"}, path)
        check.organisation(owner, "organisation", path, required=True)
        check.text(owner, "local_name", path)
    document_titles: set[str] = set()
    for index, document in enumerate(check.table_list(data, "governing_documents", "")):
        path = f"governing_documents[{index}]"
        check.unknown_keys(document, {"organisation", "title", "kind", "adopted_on", "url", "description"}, path)
        check.organisation(document, "organisation", path, required=True)
        document_titles.add(check.text(document, "title", path, required=True))
        check.choice(document, "kind", path, DocumentKind, DocumentKind.OTHER)
        check.date(document, "adopted_on", path)
    versions = check.table_list(data, "versions", "")
    if not versions:
        check.error("versions", _("a strategy needs at least one version ([[versions]])"))
    check.unique(versions, "label", "", "versions")
    labels = {version.get("label") for version in versions} | (known_labels or set())
    for index, version in enumerate(versions):
        _validate_version(check, version, f"versions[{index}]", labels, document_titles)
    for index, review in enumerate(check.table_list(data, "reviews", "")):
        path = f"reviews[{index}]"
        check.unknown_keys(
            review,
            {"organisation", "period", "reviewed_on", "body", "outcome", "summary", "case_number", "document_url"},
            path,
        )
        check.organisation(review, "organisation", path, required=True)
        reviewed_on = check.date(review, "reviewed_on", path)
        if reviewed_on is None and "reviewed_on" not in review:
            check.error(path, _("reviewed_on is required"))
        check.choice(review, "outcome", path, ReviewOutcome, "")
        period = review.get("period", "")
        if reviewed_on and period and mandate_period_label_for(reviewed_on) != period:
            check.error(
                f"{path}.reviewed_on",
                _("%(date)s is not in the mandate period %(period)s") % {"date": reviewed_on, "period": period},
            )
    return check.errors


def mandate_period_label_for(day: datetime.date) -> str:
    year = MandatePeriod.election_year_for(day)
    return f"{year + 1}–{year + 4}"


def _validate_version(check: _Validator, version: dict, path: str, labels: set, documents: set[str]) -> None:
    check.unknown_keys(
        version,
        {
            "label",
            "title",
            "status",
            "adopted_by",
            "adopted_on",
            "valid_from",
            "replaces",
            "case_number",
            "document_url",
            "summary",
            "governing_documents",
            "directions",
            "dimensions",
            "indicators",
            "rules",
        },
        path,
    )
    check.text(version, "label", path, required=True, max_length=50)
    status = check.choice(version, "status", path, VersionStatus, VersionStatus.DRAFT)
    check.text(version, "adopted_by", path, max_length=150)
    adopted_on = check.date(version, "adopted_on", path)
    check.date(version, "valid_from", path)
    if status != VersionStatus.DRAFT and not (version.get("adopted_by") and adopted_on):
        check.error(path, _("an adopted or replaced version needs adopted_by and adopted_on"))
    replaces = version.get("replaces")
    if replaces and replaces not in labels:
        check.error(f"{path}.replaces", _("no version labelled %(label)s in this file") % {"label": replaces})
    for title in version.get("governing_documents", []):
        if title not in documents:
            check.error(f"{path}.governing_documents", _("no governing document titled %(title)s") % {"title": title})
    directions = check.table_list(version, "directions", path)
    check.unique(directions, "code", path, "directions")
    for index, direction in enumerate(directions):
        dpath = f"{path}.directions[{index}]"
        check.unknown_keys(direction, {"code", "name", "description", "only_for", "goals"}, dpath)
        code = check.text(direction, "code", dpath, required=True, max_length=60)
        if code and not SLUG.match(code):
            check.error(f"{dpath}.code", _("use only lower-case letters, digits and hyphens"))
        check.text(direction, "name", dpath, required=True, max_length=200)
        check.organisation(direction, "only_for", dpath)
        for goal_index, goal in enumerate(check.table_list(direction, "goals", dpath)):
            gpath = f"{dpath}.goals[{goal_index}]"
            check.unknown_keys(goal, {"text", "description", "only_for", "governing_documents"}, gpath)
            check.text(goal, "text", gpath, required=True, max_length=500)
            check.organisation(goal, "only_for", gpath)
            for title in goal.get("governing_documents", []):
                if title not in documents:
                    check.error(
                        f"{gpath}.governing_documents", _("no governing document titled %(title)s") % {"title": title}
                    )
    dimensions = check.table_list(version, "dimensions", path)
    check.unique(dimensions, "code", path, "dimensions")
    for index, dimension in enumerate(dimensions):
        dpath = f"{path}.dimensions[{index}]"
        check.unknown_keys(dimension, {"code", "name", "description", "only_for", "themes"}, dpath)
        check.text(dimension, "code", dpath, required=True, max_length=60)
        check.text(dimension, "name", dpath, required=True, max_length=200)
        check.organisation(dimension, "only_for", dpath)
        themes = check.table_list(dimension, "themes", dpath)
        check.unique(themes, "code", dpath, "themes")
        for theme_index, theme in enumerate(themes):
            tpath = f"{dpath}.themes[{theme_index}]"
            check.unknown_keys(theme, {"code", "name", "description"}, tpath)
            check.text(theme, "code", tpath, required=True, max_length=60)
            check.text(theme, "name", tpath, required=True, max_length=200)
    for index, indicator in enumerate(check.table_list(version, "indicators", path)):
        ipath = f"{path}.indicators[{index}]"
        check.unknown_keys(indicator, {"key", "good_direction", "target", "target_year", "only_for"}, ipath)
        key = indicator.get("key")
        if key not in INDICATORS:
            check.error(f"{ipath}.key", _("unknown indicator %(key)s") % {"key": key})
        check.choice(indicator, "good_direction", ipath, GoodDirection, GoodDirection.RISE)
        target = indicator.get("target")
        if target is not None and (isinstance(target, bool) or not isinstance(target, int | float)):
            check.error(f"{ipath}.target", _("must be a number"))
        check.organisation(indicator, "only_for", ipath)
    for index, setting in enumerate(check.table_list(version, "rules", path)):
        rpath = f"{path}.rules[{index}]"
        check.unknown_keys(setting, {"key", "enabled", "parameters", "note", "only_for"}, rpath)
        rule_class = get_rule(setting.get("key", ""))
        if rule_class is None:
            check.error(f"{rpath}.key", _("unknown rule %(key)s") % {"key": setting.get("key")})
            continue
        if not isinstance(setting.get("enabled", True), bool):
            check.error(f"{rpath}.enabled", _("must be true or false"))
        try:
            rule_class.clean_parameters(setting.get("parameters"))
        except ValidationError as error:
            check.error(f"{rpath}.parameters", " ".join(error.messages))
        check.organisation(setting, "only_for", rpath)


@transaction.atomic
def strategy_import(
    text: str, *, user: Visitor | None, organisation: Organisation | None = None, dry_run: bool = False
) -> Strategy:
    """Validate the whole file and check what it names, then write it (updating the strategy in place).

    ``user`` is the importer: the file may name, create and change only what their roles allow
    (``file_access``); ``None`` stands for the system administrator's own tools (the ``strategy_import``
    command run without ``--user``, the demo loader), which may write every organisation's strategy.
    ``organisation`` is the one the import is made for (the page's, the API's): the file must name it
    among the owners. On any error nothing is written, and a dry run reports the same errors.
    """
    data = parse(text)
    errors = validate(text, data)
    locator = Locator(text)
    scope = file_access.ImportScope.for_import(user, organisation)
    file_access.check(
        data,
        scope=scope,
        organisation=organisation,
        report=lambda path, message: errors.append(RowProblem(locator.line_of(path), path, message)),
    )
    if errors:
        raise StrategyFileError(errors)
    strategy = file_writer.strategy_write(data, scope=scope)
    if dry_run:
        transaction.set_rollback(True)
    return strategy


@transaction.atomic
def strategy_draft_import(
    data: dict[str, Any], *, organisation: Organisation, strategy: Strategy | None, user: Visitor | None = None
) -> StrategyVersion:
    """Add the file's one draft version to ``strategy``, or start a new strategy owned by ``organisation``.

    The file is checked like every strategy file and written all or nothing. Unlike ``strategy_import`` it
    never replaces a strategy: its other versions, their directions (which engagements point at), its
    reviews and owners stay as they are, and governing documents that exist are linked, not overwritten.
    """
    text = tomli_w.dumps(data, multiline_strings=True)
    data = parse(text)
    existing = set(strategy.versions.values_list("label", flat=True)) if strategy else set()
    errors = validate(text, data, known_labels=existing)
    errors += _draft_errors(data, organisation=organisation, existing_labels=existing)
    if errors:
        raise StrategyFileError(errors)
    if strategy is None:
        strategy = Strategy.objects.create(
            slug=_free_slug(data["slug"]), name=data["name"], description=data.get("description", "")
        )
        StrategyOwnership.objects.create(strategy=strategy, organisation=organisation)
    documents: dict[str, GoverningDocument] = {}
    for document in data.get("governing_documents", []):
        documents[document["title"]], _created = GoverningDocument.objects.get_or_create(
            organisation=organisation,
            title=document["title"],
            defaults={
                "kind": document.get("kind", DocumentKind.OTHER),
                "adopted_on": document.get("adopted_on"),
                "url": document.get("url", ""),
                "description": document.get("description", ""),
            },
        )
    version_data = data["versions"][0]
    version = file_writer.version_write(
        strategy, version_data, documents, lambda part: organisation if part.get("only_for") else None
    )
    if version_data.get("replaces"):
        version.replaces = strategy.versions.get(label=version_data["replaces"])
        version.save(update_fields=["replaces"])
    return version


def _draft_errors(data: dict[str, Any], *, organisation: Organisation, existing_labels: set[str]) -> list[RowProblem]:
    """What a draft for one organisation's strategy must also satisfy beyond a valid strategy file."""
    errors: list[RowProblem] = []
    versions = data.get("versions") or []
    if len(versions) != 1:
        return [RowProblem(None, "versions", _("a draft holds exactly one version"))]
    version = versions[0]
    if version.get("status", VersionStatus.DRAFT) != VersionStatus.DRAFT:
        errors.append(RowProblem(None, "versions[0].status", _("the version must be a draft")))
    if version.get("label") in existing_labels:
        errors.append(RowProblem(None, "versions[0].label", _("The strategy already has a version with this label.")))
    if organisation.slug not in {owner.get("organisation") for owner in data.get("owners", [])}:
        errors.append(
            RowProblem(None, "owners", _("The file does not name this organisation among the strategy's owners."))
        )
    elsewhere = [
        document
        for document in data.get("governing_documents", [])
        if document.get("organisation") != organisation.slug
    ]
    if elsewhere:
        errors.append(
            RowProblem(None, "governing_documents", _("governing documents must belong to this organisation"))
        )
    parts = [*version.get("directions", []), *version.get("dimensions", []), *version.get("indicators", [])]
    parts += version.get("rules", []) + [
        goal for direction in version.get("directions", []) for goal in direction.get("goals", [])
    ]
    if any(part.get("only_for") not in (None, "", organisation.slug) for part in parts):
        errors.append(RowProblem(None, "versions[0]", _("only_for may only name this organisation")))
    return errors


def _free_slug(slug: str) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` …: a new strategy never takes over another one's address."""
    candidate, number = slug, 2
    while Strategy.objects.filter(slug=candidate).exists():
        suffix = f"-{number}"
        candidate, number = slug[: 80 - len(suffix)] + suffix, number + 1
    return candidate
