"""Turns one organisation's demo data file into engagements, idempotently.

A data file (TOML, one per organisation) lists partners and engagements with their kind's own
data and their sub-records: exchanges, reviews, evaluations, legs, resources and pipeline moves.
People are named by their role in a unit, never by name: ``"contact:klk"`` is the contact person
of the unit ``klk``, ``"eu:buf"`` its EU contact, ``"chair:ks"`` the chair. In free text,
``{contact:klk}`` is replaced by that person's name.

Every engagement states both whether secrecy applies (``confidentiality = "open"``, or
``"confidential"`` with its legal ground) and whether the coordinator has published it on the public
pages (``published = true`` or ``false``, X-5): nothing is confidential or public by a default.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import slugify

from utblick.core.idempotent import ensure
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.models import Organisation, Person, Unit, UnitRole
from utblick.strategies.models import Direction, StrategyVersion, Theme

from ..choices import Confidentiality, Kind, PartnerKind, Status
from ..models import (
    KIND_MODELS,
    AgreementReview,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    NetworkMembership,
    Partner,
    ProjectStageChange,
    TripLeg,
)

ROLES = {"chair": UnitRoleKind.CHAIR, "contact": UnitRoleKind.CONTACT_PERSON, "eu": UnitRoleKind.EU_CONTACT}
REFERENCE = re.compile(r"\{((?:chair|contact|eu):[a-z0-9-]+)\}")
CONFIDENTIALITY = {"open": Confidentiality.OPEN, "confidential": Confidentiality.CONFIDENTIAL}
# When the demo's coordinators published what the public pages show: fixed, so loading twice changes
# nothing; work that started later was published when it started.
PUBLISHED_FROM = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)
PUBLISHED_UNTIL = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
# The engagement's own fields a data file may set; anything else is a mistake in the file.
ENGAGEMENT_FIELDS = {
    "status",
    "starts_on",
    "ends_on",
    "description",
    "sustainability",
    "expected_results",
    "achieved_results",
    "target_groups",
    "countries",
    "funding_considered",
    "funding_outcome",
    "case_number",
    "confidentiality_ground",
}
PARTS = {"detail", "exchanges", "reviews", "evaluations", "legs", "budget", "stages", "representatives", "related"}
NAMES = {"kind", "title", "unit", "directions", "themes", "partners", "confidentiality", "published", "responsible"}


class DemoDataError(ValueError):
    """A demo data file says something the register cannot hold."""


class OrganisationDemo:
    """One organisation's units, people, strategy and partners, as the data file refers to them."""

    def __init__(self, slug: str):
        self.organisation = Organisation.objects.get(slug=slug)
        self.publisher = get_user_model().objects.filter(email=f"samordnare@{slug}.example").first()
        self.units = {unit.slug: unit for unit in Unit.objects.filter(organisation=self.organisation)}
        self.roles: dict[tuple[str, str], Person] = {}
        roles = UnitRole.objects.current().filter(unit__organisation=self.organisation).select_related("person", "unit")
        for role in roles.order_by("pk"):
            self.roles.setdefault((role.role, role.unit.slug), role.person)
        versions = StrategyVersion.objects.in_force(self.organisation)
        directions = Direction.objects.filter(version__in=versions).for_organisation(self.organisation)
        self.directions = {d.code: d for d in directions} | {slugify(d.name): d for d in directions}
        self.themes = {t.code: t for t in Theme.objects.filter(dimension__version__in=versions)}
        self.partners: dict[str, Partner] = {}
        self.by_title: dict[str, Engagement] = {}

    # -- references ---------------------------------------------------------------------------

    def person(self, reference: str) -> Person:
        kind, _, unit = reference.partition(":")
        found = self.roles.get((ROLES.get(kind, ""), unit))
        if found is None:
            raise DemoDataError(f"{self.organisation.slug}: nobody is {reference}")
        return found

    def text(self, value: str) -> str:
        return REFERENCE.sub(lambda match: self.person(match.group(1)).name, value)

    def partner(self, name: str) -> Partner:
        if name not in self.partners:
            raise DemoDataError(f"{self.organisation.slug}: the partner {name!r} is not in the file's partner list")
        return self.partners[name]

    def default_responsible(self, unit: str) -> Person | None:
        for kind in (UnitRoleKind.CONTACT_PERSON, UnitRoleKind.EU_CONTACT, UnitRoleKind.CHAIR):
            if (kind, unit) in self.roles:
                return self.roles[(kind, unit)]
        return None

    # -- loading ------------------------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> list[Engagement]:
        for name, spec in data.get("partners", {}).items():
            self.partners[name] = self._partner(name, spec)
        specs = data.get("engagement", [])
        built = [self._engagement(spec) for spec in specs]
        self.by_title = {engagement.title: engagement for engagement, _ in built}
        # Sub-records and links second, so they may name engagements further down the file.
        for spec, (engagement, detail) in zip(specs, built, strict=True):
            self._parts(engagement, detail, spec)
            wanted = {self.by_title[title] for title in spec.get("related", [])}
            if wanted and not wanted <= set(engagement.related.all()):
                engagement.related.add(*wanted)
        return [engagement for engagement, _ in built]

    def _partner(self, name: str, spec: dict[str, Any]) -> Partner:
        partner = Partner.objects.filter(organisation=self.organisation, name=name, country=spec["country"]).first()
        if partner is None:
            partner = Partner(
                organisation=self.organisation,
                name=name,
                country=spec["country"],
                kind=spec.get("kind", PartnerKind.CITY),
                latitude=spec.get("latitude"),
                longitude=spec.get("longitude"),
                description=spec.get("description", ""),
            )
            partner.fill_coordinates()
            partner.save()
        return partner

    def _engagement(self, spec: dict[str, Any]) -> tuple[Engagement, Any]:
        title, kind = spec["title"], spec["kind"]
        unknown = set(spec) - ENGAGEMENT_FIELDS - PARTS - NAMES
        if unknown or kind not in Kind.values:
            raise DemoDataError(f"{title}: unknown kind or fields {sorted(unknown)}")
        if spec.get("confidentiality") not in CONFIDENTIALITY or not isinstance(spec.get("published"), bool):
            raise DemoDataError(f"{title}: say whether it is open or confidential, and whether it is published")
        if spec["published"] and spec["confidentiality"] == "confidential":
            raise DemoDataError(f"{title}: a confidential record is never published")
        fields = {name: spec[name] for name in ENGAGEMENT_FIELDS if name in spec}
        for name in ("description", "sustainability", "expected_results", "achieved_results", "funding_considered"):
            if name in fields:
                fields[name] = self.text(fields[name])
        fields.setdefault("status", Status.ONGOING)
        fields["confidentiality"] = CONFIDENTIALITY[spec["confidentiality"]]
        fields["published_at"] = self.published_at(spec) if spec["published"] else None
        fields["published_by"] = self.publisher if spec["published"] else None
        partners = [self.partner(name) for name in spec.get("partners", [])]
        if "countries" not in fields:
            fields["countries"] = sorted({p.country for p in partners if p.country != "SE"})
        responsible = spec.get("responsible")
        fields["responsible"] = self.person(responsible) if responsible else self.default_responsible(spec["unit"])
        engagement = ensure(
            Engagement,
            organisation=self.organisation,
            title=title,
            defaults={"kind": kind, "owner_unit": self.units[spec["unit"]], **fields},
        )
        engagement.full_clean()
        self._set(engagement.directions, [self.directions[code] for code in spec.get("directions", [])])
        self._set(engagement.themes, [self.themes[code] for code in spec.get("themes", [])])
        self._set(engagement.partners, partners)
        detail = ensure(KIND_MODELS[kind], engagement=engagement, defaults=self._values(KIND_MODELS[kind], spec))
        detail.full_clean()
        if isinstance(detail, NetworkMembership) and "representatives" in spec:
            self._set(detail.representatives, [self.person(ref) for ref in spec["representatives"]])
        return engagement, detail

    @staticmethod
    def published_at(spec: dict[str, Any]) -> datetime.datetime:
        starts = spec.get("starts_on")
        if starts is None:
            return PUBLISHED_FROM
        day = datetime.datetime.combine(starts, PUBLISHED_FROM.timetz())
        return min(max(day, PUBLISHED_FROM), PUBLISHED_UNTIL)

    def _values(self, model: type[models.Model], spec: dict[str, Any]) -> dict[str, Any]:
        """The kind's own fields, with partners, people, amounts and texts resolved."""
        values = {}
        for name, value in spec.get("detail", {}).items():
            field = model._meta.get_field(name)
            if isinstance(field, models.ForeignKey) and field.related_model is Partner:
                value = self.partner(value)
            elif isinstance(field, models.ForeignKey) and field.related_model is Person:
                value = self.person(value)
            elif isinstance(field, models.DecimalField):
                value = Decimal(str(value))
            elif isinstance(value, str):
                value = self.text(value)
            values[name] = value
        return values

    def _parts(self, engagement: Engagement, detail: Any, spec: dict[str, Any]) -> None:
        for row in spec.get("exchanges", []):
            project = row.get("project")
            ensure(
                Exchange,
                agreement=detail,
                happened_on=row["happened_on"],
                defaults={
                    "kind": row["kind"],
                    "description": self.text(row["description"]),
                    "participants": row.get("participants", 0),
                    "democracy_equality": self.text(row.get("democracy_equality", "")),
                    "project": self.by_title[project] if project else None,
                },
            )
        for row in spec.get("reviews", []):
            ensure(
                AgreementReview,
                agreement=detail,
                deadline=row["deadline"],
                defaults={
                    "decision": row.get("decision", ""),
                    "decided_on": row.get("decided_on"),
                    "decided_by": self.text(row.get("decided_by", "")),
                    "reasoning": self.text(row.get("reasoning", "")),
                },
            )
        for row in spec.get("evaluations", []):
            ensure(
                Evaluation,
                membership=detail,
                evaluated_on=row["evaluated_on"],
                defaults={
                    "evaluated_by": self.text(row["evaluated_by"]),
                    "verdict": row["verdict"],
                    "reasoning": self.text(row.get("reasoning", "")),
                },
            )
        for row in spec.get("legs", []):
            _leg(detail, row)
        for row in spec.get("budget", []):
            amounts = {key: Decimal(str(row[key])) if key in row else None for key in ("planned", "decided", "spent")}
            ensure(BudgetLine, engagement=engagement, label=row["label"], defaults=amounts)
        for row in spec.get("stages", []):
            ensure(ProjectStageChange, project=detail, stage=row["stage"], defaults={"changed_on": row["on"]})

    @staticmethod
    def _set(manager: Any, wanted: list[Any]) -> None:
        if set(manager.all()) != set(wanted):
            manager.set(wanted)


def _leg(trip: Any, row: dict[str, Any]) -> None:
    """``from = "Växjö, SE"``, ``to = "Bilbao, ES"``, ``by = "air"``; one way when ``return = false``."""
    from_city, from_country = (part.strip() for part in row["from"].rsplit(",", 1))
    to_city, to_country = (part.strip() for part in row["to"].rsplit(",", 1))
    if TripLeg.objects.filter(trip=trip, from_city=from_city, to_city=to_city).exists():
        return
    leg = TripLeg(
        trip=trip,
        from_city=from_city,
        from_country=from_country,
        to_city=to_city,
        to_country=to_country,
        mode=row["by"],
        is_return=row.get("return", True),
    )
    leg.full_clean()
    leg.save()
