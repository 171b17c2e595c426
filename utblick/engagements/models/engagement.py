"""The register: one ``Engagement`` row per piece of international work, whatever its kind."""

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, VersionedModel, Visitor
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation, Person, Unit
from utblick.strategies.models import Direction, Theme

from ..choices import Confidentiality, FundingOutcome, Kind, Status, TargetGroup
from .partners import Partner, validate_country

ALLOWED_ATTACHMENT_TYPES = {".pdf", ".docx", ".xlsx", ".odt", ".ods", ".txt", ".csv", ".png", ".jpg", ".jpeg"}


def case_number_problem(organisation: Organisation | None, case_number: str) -> str:
    """Why a case number (diarienummer) does not do for the organisation, or "" when it does."""
    pattern = organisation.case_number_pattern if organisation is not None else ""
    if case_number and pattern and not re.fullmatch(pattern, case_number):
        return _("The case number does not follow the organisation's pattern (%(pattern)s).") % {"pattern": pattern}
    return ""


@rules.predicate
def lets_editors_publish(user: Visitor, engagement: Any) -> bool:
    """The engagement's organisation lets the editors of its units publish (``editors_may_publish``)."""
    return engagement is not None and engagement.organisation.editors_may_publish


def active_in_year(year: int, prefix: str = "") -> Q:
    """Running at some time during the year: started by its end (or undated), not ended before it began."""
    return (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__year__lte": year})) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__year__gte": year})
    )


def years_active(first_year: int | None, last_year: int | None, year: int) -> bool:
    """``active_in_year`` for an engagement known by the years it starts and ends (None: undated), as
    grouped queries return them."""
    return (first_year is None or first_year <= year) and (last_year is None or last_year >= year)


def counted(prefix: str = "") -> Q:
    """Work that counts in follow-up: everything but what was cancelled."""
    return ~Q(**{f"{prefix}status": Status.CANCELLED})


def counted_in_year(year: int, prefix: str = "") -> Q:
    """The one definition of "the engagements of a year" that the report, the indicators, the public page,
    the lists' year filter and the API share: active during the year and not cancelled.

    A condition rather than only a queryset method, so that grouped queries can count several years at
    once (``Count(..., filter=counted_in_year(2025))``) with exactly the same rule.
    """
    return active_in_year(year, prefix) & counted(prefix)


class EngagementQuerySet(perms.ScopedQuerySet):
    def published(self) -> "EngagementQuerySet":
        """Published and not confidential: what the organisation's public pages show (X-5).

        Publishing is a deliberate step (``services.engagement_publish``); a new engagement is internal.
        """
        return self.filter(published_at__isnull=False, confidentiality=Confidentiality.OPEN)

    def public(self) -> "EngagementQuerySet":
        """The published engagements of organisations that publish their pages: what the public sees."""
        return self.published().filter(organisation__public_pages_enabled=True)

    def shared(self) -> "EngagementQuerySet":
        """Engagements the other organisations of the installation see in the partner network.

        Marked as shared (``services.engagement_save(shared=True)``), not confidential, of an active
        organisation that takes part in the network (``Organisation.network_sharing``).
        """
        return self.filter(
            shared_at__isnull=False,
            confidentiality=Confidentiality.OPEN,
            organisation__network_sharing=True,
            organisation__is_active=True,
        )

    def active_in(self, year: int) -> "EngagementQuerySet":
        """Running at some time during the year, whatever their status (cancelled ones too)."""
        return self.filter(active_in_year(year))

    def counted(self) -> "EngagementQuerySet":
        """Engagements that count in follow-up: not cancelled."""
        return self.filter(counted())

    def counted_in(self, year: int) -> "EngagementQuerySet":
        """The engagements of a year, as every report, indicator, list and page counts them."""
        return self.filter(counted_in_year(year))

    def of_units(self, unit_ids: Iterable[int] | None) -> "EngagementQuerySet":
        """Owned by one of the units (None: the whole organisation)."""
        return self if unit_ids is None else self.filter(owner_unit_id__in=list(unit_ids))


class Engagement(VersionedModel):
    """An international engagement: project, membership, agreement, visit, trip, training, seat or advocacy (VX-1)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("organisation")
    )
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("responsible unit")
    )
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("responsible person"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    directions = models.ManyToManyField(
        Direction,
        blank=True,
        related_name="engagements",
        verbose_name=_("directions"),
        help_text=_("The strategy's directions the engagement serves; one engagement may serve several."),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="engagements", verbose_name=_("themes"))
    target_groups = models.JSONField(
        _("target groups"), default=list, blank=True, help_text=_("Residents, staff, students, businesses, visitors.")
    )
    sustainability = models.TextField(
        _("contribution to sustainable development"),
        blank=True,
        help_text=_(
            "How the engagement contributes to ecological, economic and social sustainability, locally and globally."
        ),
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="engagements", verbose_name=_("partners"))
    countries = models.JSONField(_("countries"), default=list, blank=True, help_text=_("Two-letter country codes."))
    expected_results = models.TextField(_("expected results"), blank=True)
    achieved_results = models.TextField(_("achieved results"), blank=True)
    funding_considered = models.TextField(
        _("external funding considered"),
        blank=True,
        help_text=_("Which programmes and calls were looked at."),
    )
    funding_outcome = models.CharField(
        _("outcome of the funding investigation"), max_length=30, choices=FundingOutcome.choices, blank=True
    )
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        blank=True,
        default=Confidentiality.OPEN,
        help_text=_(
            "Whether secrecy applies. A record is shown on the public pages only once it is published, "
            "a separate step on its page; a confidential one never is."
        ),
    )
    confidentiality_ground = models.CharField(
        _("legal ground for confidentiality"),
        max_length=200,
        blank=True,
        help_text=_("The provision of the Public Access to Information and Secrecy Act, e.g. OSL 18 kap. 8 §."),
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the engagement was published on the public pages; empty while it is internal."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    shared_at = models.DateTimeField(
        _("shared with other organisations"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the engagement was marked as visible to the other organisations in this installation."),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("shared by"),
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        verbose_name=_("linked engagements"),
        help_text=_("E.g. a project under a twin-city agreement."),
    )

    objects = EngagementQuerySet.as_manager()
    scope_organisation_field = "organisation"
    scope_unit_field = "owner_unit"

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-starts_on", "title"]
        indexes = [
            # Covering: indicators, reports and filtered lists count an organisation's engagements of a
            # kind by their dates and status from the index alone (an index-only scan in the plans).
            models.Index(
                fields=["organisation", "kind", "status"],
                include=["starts_on", "ends_on", "owner_unit", "id"],
                name="engagement_counting_idx",
            ),
            models.Index(fields=["organisation", "owner_unit"]),
            models.Index(fields=["organisation", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_start",
                violation_error_message=_("The engagement cannot end before it starts."),
            )
        ]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_unit_editor,
            "change": perms.is_unit_editor,
            "delete": perms.is_unit_editor,
            # Publishing on the public pages: coordinators, and editors where the organisation allows it.
            "publish": perms.is_coordinator | (perms.is_unit_editor & lets_editors_publish),
        }

    def __str__(self) -> str:
        return self.title

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.owner_unit_id

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(group, group)) for group in self.target_groups or []]

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL

    @property
    def is_published(self) -> bool:
        """Marked for the public pages (they show it while the organisation publishes them)."""
        return self.published_at is not None and not self.is_confidential

    @property
    def is_shared(self) -> bool:
        """Marked for the partner network (others see it while the organisation takes part)."""
        return self.shared_at is not None and not self.is_confidential

    def get_absolute_url(self) -> str:
        return reverse("engagements:engagement", kwargs={"org": self.organisation.slug, "pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.owner_unit_id and self.organisation_id and self.owner_unit.organisation_id != self.organisation_id:
            errors.setdefault("owner_unit", []).append(_("The unit must belong to the organisation."))
        if self.responsible is not None and self.responsible.organisation_id != self.organisation_id:
            errors.setdefault("responsible", []).append(_("The person must belong to the organisation."))
        unknown = [group for group in self.target_groups or [] if group not in TargetGroup.values]
        if unknown:
            errors.setdefault("target_groups", []).append(_("Unknown target group: %s") % ", ".join(unknown))
        for code in self.countries or []:
            try:
                validate_country(code)
            except ValidationError as error:
                errors.setdefault("countries", []).extend(error.messages)
        problem = case_number_problem(self.organisation if self.organisation_id else None, self.case_number)
        if problem:
            errors.setdefault("case_number", []).append(problem)
        if self.is_confidential and not self.confidentiality_ground.strip():
            errors.setdefault("confidentiality_ground", []).append(
                _("State the legal ground when a record is marked confidential.")
            )
        if errors:
            raise ValidationError(errors)

    def needs_directions(self) -> bool:
        """Past the idea stage an engagement names at least one direction (LN-9, ST-2)."""
        return self.status not in {Status.IDEA, Status.CANCELLED}

    @property
    def detail(self):
        """The kind's own record (project, membership, …), if created."""
        return getattr(self, self.kind, None) if self.kind else None


def _amount(label: Any) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )


class BudgetLine(VersionedModel):
    """Resources for an engagement: planned, decided, spent — optional, never required (ST-7).

    The unit that owns the engagement pays for it (LN-10): the unit page sums its lines.
    """

    new_label = _("New budget line")  # the heading of its create form: Swedish nouns differ in gender

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("item"), max_length=200, help_text=_("For example travel, fees or staff time."))
    planned = _amount(_("planned (SEK)"))
    decided = _amount(_("decided (SEK)"))
    spent = _amount(_("spent (SEK)"))

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "engagement__organisation"
    scope_unit_field = "engagement__owner_unit"

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["engagement", "pk"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return self.label

    @property
    def scope_organisation_id(self) -> int:
        return self.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.engagement.owner_unit_id

    def get_absolute_url(self) -> str:
        return self.engagement.get_absolute_url() + "#budget-heading"


def validate_attachment(upload) -> None:
    if upload.size > settings.UTBLICK_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."), params={"mb": settings.UTBLICK_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if Path(upload.name).suffix.lower() not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(types)s."),
            params={"types": ", ".join(sorted(ALLOWED_ATTACHMENT_TYPES))},
        )


class Attachment(AuditedModel):
    """A document attached to an engagement: an application, a decision, a report."""

    new_label = _("New attachment")  # the heading of its create form: Swedish nouns differ in gender

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="attachments/%Y/", validators=[validate_attachment])

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "engagement__organisation"
    scope_unit_field = "engagement__owner_unit"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["engagement", "title"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return self.title

    @property
    def scope_organisation_id(self) -> int:
        return self.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.engagement.owner_unit_id

    def get_absolute_url(self) -> str:
        return self.engagement.get_absolute_url() + "#attachments-heading"
