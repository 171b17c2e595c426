"""An incoming request assessed against the organisation's strategy, direction by direction (ST-3)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import VersionedModel
from utblick.organisations import permissions as perms
from utblick.strategies.models import Direction
from utblick.strategies.selectors import directions_in_force

from ..choices import DirectionFit, VisitDirection
from .engagement import Engagement
from .kinds import Visit


@dataclass(frozen=True)
class Grade:
    """One direction's line of an assessment, as the pages and the reply read it."""

    direction: Direction
    fit: str
    note: str

    @property
    def fit_label(self) -> str:
        return str(DirectionFit(self.fit).label)


class VisitAssessment(VersionedModel):
    """How well an incoming request serves each direction of the strategy in force, and whether the
    organisation has the capacity for it and what it costs (bedömning mot strategin).

    ``grades`` holds one line per direction, ``{"direction": pk, "fit": "well|partly|not", "note": ""}``,
    in the strategy's order: kept in the row itself so that its history and the conflict page compare
    whole assessments, version by version.
    """

    new_label = _("New assessment")  # the heading of its create form: Swedish nouns differ in gender

    visit = models.OneToOneField(
        Visit, on_delete=models.CASCADE, related_name="strategy_assessment", verbose_name=_("request")
    )
    grades = models.JSONField(_("directions served"), default=list, blank=True)
    capacity = models.TextField(
        _("capacity"), blank=True, help_text=_("Who would host the visit, and whether they have the time for it.")
    )
    cost = models.TextField(_("cost"), blank=True, help_text=_("What the request would cost us, and who pays."))

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "visit__engagement__organisation"
    scope_unit_field = "visit__engagement__owner_unit"

    class Meta:
        verbose_name = _("assessment against the strategy")
        verbose_name_plural = _("assessments against the strategy")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(_("Assessment of %(request)s") % {"request": self.visit.engagement.title})

    @property
    def scope_organisation_id(self) -> int:
        return self.visit.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.visit.engagement.owner_unit_id

    @property
    def parent_engagement(self) -> Engagement:
        return self.visit.engagement

    def get_absolute_url(self) -> str:
        return self.parent_engagement.get_absolute_url() + "#assessment-heading"

    def get_history_url(self) -> str:
        engagement = self.parent_engagement
        return reverse(
            "engagements:visit_assessment_history", kwargs={"org": engagement.organisation.slug, "pk": engagement.pk}
        )

    # -- Reading the grades ------------------------------------------------------------------------

    def grade_lines(self) -> list[Grade]:
        """The graded directions in the strategy's order (a direction since removed is left out)."""
        ids = [line.get("direction") for line in self.grades or []]
        directions = {direction.pk: direction for direction in Direction.objects.filter(pk__in=ids)}
        return [
            Grade(directions[line["direction"]], line["fit"], line.get("note", ""))
            for line in self.grades or []
            if line.get("direction") in directions
        ]

    def served(self, *fits: str) -> list[Direction]:
        return [grade.direction for grade in self.grade_lines() if grade.fit in fits]

    @property
    def served_well(self) -> list[Direction]:
        return self.served(DirectionFit.WELL)

    @property
    def serves_none(self) -> bool:
        return not any(line.get("fit") in (DirectionFit.WELL, DirectionFit.PARTLY) for line in self.grades or [])

    @classmethod
    def history_text(cls, field_name: str, raw: Any) -> str | None:
        """The grades as the history shows them: "Profilering: serves well (note)"."""
        if field_name != "grades" or not isinstance(raw, list):
            return None
        names = dict(Direction.objects.filter(pk__in=[line.get("direction") for line in raw]).values_list("pk", "name"))
        return "; ".join(_line_text(names.get(line.get("direction"), "?"), line) for line in raw) or "—"

    # -- Invariants --------------------------------------------------------------------------------

    def clean(self) -> None:
        if not self.visit_id:
            return
        if self.visit.direction != VisitDirection.INCOMING:
            raise ValidationError(_("Only an incoming request is assessed against the strategy."))
        self.grades = grades_problem_free(self.grades, directions_in_force(self.visit.engagement.organisation))


def _line_text(name: str, line: dict[str, Any]) -> str:
    fit = DirectionFit(line["fit"]).label if line.get("fit") in DirectionFit.values else line.get("fit")
    note = (line.get("note") or "").strip()
    return f"{name}: {fit} ({note})" if note else f"{name}: {fit}"


def grades_problem_free(grades: Any, directions: Iterable[Direction]) -> list[dict[str, Any]]:
    """The grades checked against the directions in force and put in the strategy's order; a
    ValidationError on ``grades`` says what is wrong."""
    if not isinstance(grades, list) or not all(isinstance(line, dict) for line in grades):
        raise ValidationError(
            {"grades": _("Give one line per direction: its direction, how well it is served and a note.")}
        )
    in_force = list(directions)
    by_id = {line.get("direction"): line for line in grades}
    if len(by_id) != len(grades):
        raise ValidationError({"grades": _("Each direction is assessed once.")})
    unknown = [key for key in by_id if key not in {direction.pk for direction in in_force}]
    if unknown:
        raise ValidationError({"grades": _("Only the directions of the strategy in force are assessed.")})
    missing = [direction.name for direction in in_force if direction.pk not in by_id]
    if missing:
        raise ValidationError(
            {"grades": _("Say how well the request serves each direction: %(names)s.") % {"names": ", ".join(missing)}}
        )
    ordered = []
    for direction in in_force:
        line = by_id[direction.pk]
        if line.get("fit") not in DirectionFit.values:
            raise ValidationError(
                {"grades": _("Choose how well the request serves %(name)s.") % {"name": direction.name}}
            )
        note = line.get("note") or ""
        if not isinstance(note, str) or len(note) > 500:
            raise ValidationError({"grades": _("A direction's note is text of at most 500 characters.")})
        ordered.append({"direction": direction.pk, "fit": line["fit"], "note": note.strip()})
    return ordered
