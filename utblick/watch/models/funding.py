"""The funding investigation of a planned engagement (KR-4, VX-3, LN-8)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import VersionedModel
from utblick.engagements.choices import FundingOutcome
from utblick.engagements.models import Engagement
from utblick.organisations import permissions as perms

from .. import programmes
from .items import Item


class FundingInvestigation(VersionedModel):
    """What external funding was considered for an engagement, by whom, when, and the outcome.

    Recording it also writes the engagement's own ``funding_considered`` and ``funding_outcome``
    (through the register's service), so the KR-4 rule, the history and the deviations follow at
    once. "Application planned" links the project that applies, in the register's pipeline.
    """

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="funding_investigation", verbose_name=_("engagement")
    )
    items = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("calls considered"))
    programmes = models.JSONField(_("programmes considered"), default=list, blank=True)
    note = models.TextField(_("what else was considered"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=FundingOutcome.choices)
    applies_to = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("call applied for"),
    )
    project = models.ForeignKey(
        Engagement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project applying"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_on = models.DateField(_("recorded on"))

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "engagement__organisation"
    scope_unit_field = "engagement__owner_unit"

    class Meta:
        verbose_name = _("funding investigation")
        verbose_name_plural = _("funding investigations")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def scope_organisation_id(self) -> int:
        return self.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.engagement.owner_unit_id

    def get_absolute_url(self) -> str:
        return reverse("watch:funding", kwargs={"org": self.engagement.organisation.slug, "pk": self.engagement_id})

    @property
    def programme_names(self) -> list[str]:
        return [programmes.display_name(key) for key in self.programmes or []]

    def clean(self) -> None:
        if self.outcome == FundingOutcome.NOT_INVESTIGATED:
            raise ValidationError({"outcome": _("Choose the outcome of the investigation.")})
        unknown = [key for key in self.programmes or [] if key not in programmes.BY_KEY]
        if unknown:
            raise ValidationError({"programmes": _("Unknown programme: %s") % ", ".join(unknown)})
