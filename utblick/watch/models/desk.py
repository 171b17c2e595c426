"""What units do with items on their desk: mark them, share them, comment on them."""

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, VersionedModel, Visitor
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation, Unit

from ..choices import Verdict
from ..permissions import SHARE_RULES
from .items import Item


class OrganisationPart(AuditedModel):
    """A record one organisation keeps about an item, which may itself be shared by every organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("item"))

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        abstract = True

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def _check_unit(self, unit: Unit | None, field: str) -> None:
        if unit is not None and unit.organisation_id != self.organisation_id:
            raise ValidationError({field: _("The unit must belong to the organisation.")})

    def _check_item(self) -> None:
        owner = self.item.source.organisation_id if self.item_id else None
        if owner is not None and owner != self.organisation_id:
            raise ValidationError({"item": _("This item belongs to another organisation.")})


class ItemMark(OrganisationPart):
    """A unit's verdict on an item: relevant (it then shows in deadlines, digests and the calendar) or not."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="watch_marks", verbose_name=_("unit"))
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "item"], name="watch_one_mark_per_unit_item")]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_verdict_display()}"

    @property
    def scope_unit_id(self) -> int:
        return self.unit_id

    def clean(self) -> None:
        self._check_unit(self.unit if self.unit_id else None, "unit")
        self._check_item()


class ItemShare(OrganisationPart):
    """An item passed on to another unit, or to every unit when ``to_unit`` is empty (the central office, KR-5)."""

    from_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("shared by unit")
    )
    to_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watch_shares_received",
        verbose_name=_("shared with"),
        help_text=_("Empty: every unit of the organisation."),
    )
    note = models.TextField(_("note"), blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_unit_field = "from_unit"

    class Meta:
        verbose_name = _("shared item")
        verbose_name_plural = _("shared items")
        ordering = ["-created_at"]
        rules_permissions = SHARE_RULES

    def __str__(self) -> str:
        return f"{self.item} → {self.to_unit or _('every unit')}"

    @property
    def scope_unit_id(self) -> int | None:
        return self.from_unit_id

    @property
    def is_for_everyone(self) -> bool:
        return self.to_unit_id is None

    def clean(self) -> None:
        self._check_unit(self.from_unit if self.from_unit_id else None, "from_unit")
        self._check_unit(self.to_unit if self.to_unit_id else None, "to_unit")
        self._check_item()
        if self.from_unit_id and self.from_unit_id == self.to_unit_id:
            raise ValidationError({"to_unit": _("Choose another unit than your own.")})


@rules.predicate
def is_author(user: Visitor, comment: "ItemComment") -> bool:
    return comment is not None and comment.author_id is not None and comment.author_id == user.pk


class ItemComment(OrganisationPart, VersionedModel):
    """A note on an item, read by the organisation's members only."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("unit")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"), max_length=4000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_writer,
            # Whoever wrote a comment may correct it or take it back; coordinators may change or remove any.
            "change": perms.is_coordinator | (perms.is_writer & is_author),
            "delete": perms.is_coordinator | (perms.is_writer & is_author),
        }

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        url = reverse("watch:item", kwargs={"org": self.organisation.slug, "pk": self.item_id})
        return url + "#comments-heading"

    def clean(self) -> None:
        self._check_unit(self.unit if self.unit_id else None, "unit")
        self._check_item()
        if not self.text.strip():
            raise ValidationError({"text": _("Write a comment.")})
