"""What the sources bring: funding calls, news and consultations (``Item``), and their search terms."""

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel

from .. import programmes
from ..choices import ItemKind, ItemStatus
from ..permissions import ITEM_RULES, SharedOrOwnQuerySet
from .sources import Source

RECENT_DAYS = 60


class ItemQuerySet(SharedOrOwnQuerySet):
    def open_on(self, day: datetime.date) -> "ItemQuerySet":
        """Calls one can still apply to, or that are about to open."""
        return (
            self.filter(kind=ItemKind.CALL)
            .exclude(status=ItemStatus.CLOSED)
            .filter(models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=day))
        )

    def matchable(self, day: datetime.date) -> "ItemQuerySet":
        """What matching considers: calls still open or forthcoming, and news and consultations of recent weeks."""
        recent = day - datetime.timedelta(days=RECENT_DAYS)
        calls = self.open_on(day)
        other = self.exclude(kind=ItemKind.CALL).filter(
            models.Q(published_on__gte=recent) | models.Q(published_on__isnull=True, first_seen__date__gte=recent)
        )
        return calls | other


class Item(AuditedModel):
    """A funding call, news item or consultation from a source.

    Re-imports find the item by its source and identifier and update it; a changed deadline shows
    in its history. ``first_seen`` and ``last_seen`` say when a source first and last brought it.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="items", verbose_name=_("source"))
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.CALL)
    identifier = models.CharField(
        _("identifier"),
        max_length=250,
        help_text=_("What tells the item from the source's others, e.g. the call's topic; imports find it by this."),
    )
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    programme = models.CharField(
        _("programme"),
        max_length=120,
        blank=True,
        help_text=_("The programme's key (e.g. life, interreg, erasmus), or its name as the source gives it."),
    )
    programme_name = models.CharField(
        _("programme name"), max_length=250, blank=True, help_text=_("The programme's name as it is shown.")
    )
    call_identifier = models.CharField(
        _("call"), max_length=250, blank=True, help_text=_("The identifier of the call the item belongs to.")
    )
    call_title = models.CharField(_("call title"), max_length=500, blank=True)
    type_of_action = models.CharField(_("type of action"), max_length=250, blank=True)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("The source's keywords or tags."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ItemStatus.choices,
        blank=True,
        help_text=_("Whether one can apply yet: forthcoming, open or closed."),
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    deadlines = models.JSONField(_("deadlines"), default=list, blank=True, help_text=_("One or more dates."))
    closes_on = models.DateField(
        _("last deadline"), null=True, blank=True, editable=False, help_text=_("The last of the deadlines.")
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("The amount the call offers, in its currency."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True, help_text=_("The item's page at its source."))
    language = models.CharField(_("language"), max_length=10, blank=True)
    first_seen = models.DateTimeField(
        _("first seen"), default=timezone.now, editable=False, help_text=_("When a source first brought the item.")
    )
    last_seen = models.DateTimeField(
        _("last seen"),
        default=timezone.now,
        editable=False,
        help_text=_("When a source last brought the item, or it was last changed by hand."),
    )

    # Set by views to the organisation being looked at: a shared item has no organisation of its own.
    viewed_in: Any = None

    objects = ItemQuerySet.as_manager()
    scope_organisation_field = "source__organisation"

    # The fields an import compares to decide whether an item changed.
    CONTENT_FIELDS = (
        "kind",
        "title",
        "summary",
        "programme",
        "programme_name",
        "call_identifier",
        "call_title",
        "type_of_action",
        "keywords",
        "status",
        "opens_on",
        "published_on",
        "deadlines",
        "budget",
        "currency",
        "url",
        "language",
    )

    class Meta:
        verbose_name = _("watch item")
        verbose_name_plural = _("watch items")
        ordering = ["closes_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "identifier"],
                name="watch_item_identifier_unique_in_source",
                violation_error_message=_("The source already has an item with this identifier."),
            )
        ]
        indexes = [
            models.Index(fields=["kind", "status", "closes_on"]),
            models.Index(fields=["first_seen"]),
        ]
        rules_permissions = ITEM_RULES

    def __str__(self) -> str:
        return self.title

    @property
    def scope_organisation_id(self) -> int | None:
        return self.source.organisation_id

    def get_absolute_url(self) -> str:
        """Items may be shared by every organisation: views set ``viewed_in`` to the one being looked at."""
        organisation = getattr(self, "viewed_in", None) or self.source.organisation
        if organisation is None:
            return ""
        return reverse("watch:item", kwargs={"org": organisation.slug, "pk": self.pk})

    @property
    def deadline_dates(self) -> list[datetime.date]:
        return sorted(datetime.date.fromisoformat(day) for day in self.deadlines or [])

    def next_deadline(self, today: datetime.date | None = None) -> datetime.date | None:
        today = today or timezone.localdate()
        return next((day for day in self.deadline_dates if day >= today), None)

    @property
    def programme_label(self) -> str:
        return self.programme_name or programmes.display_name(self.programme)

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.kind == ItemKind.CALL
            and self.status != ItemStatus.CLOSED
            and (self.closes_on is None or self.closes_on >= today)
        )

    def set_deadlines(self, days: list[datetime.date]) -> None:
        unique = sorted(set(days))
        self.deadlines = [day.isoformat() for day in unique]
        self.closes_on = unique[-1] if unique else None


class ItemTerms(models.Model):
    """The stemmed words of an item, for ranking (derived data, see docs/adr/0010).

    Rebuilt from the item whenever an import writes it, so it carries no history of its own:
    the item's history is the record. ``terms`` holds every stem once per occurrence, between
    spaces, so a stem is found with ``contains=" stem "``.
    """

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True, related_name="terms")
    terms = models.TextField()
    length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search terms of an item")
        verbose_name_plural = _("search terms of items")

    def __str__(self) -> str:
        return str(self.item_id)

    def stems(self) -> list[str]:
        return self.terms.split()
