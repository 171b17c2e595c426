"""What a unit watches for (``WatchProfile``) and what the matching found for it (``Match``)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Unit
from utblick.strategies.models import Direction, Theme

from .. import programmes
from .items import Item


@dataclass(frozen=True)
class Keyword:
    """One line of a profile's keywords: the Swedish words and, when given, the English ones."""

    swedish: str
    english: str = ""

    @property
    def words(self) -> list[str]:
        return [part for part in (self.swedish, self.english) if part]

    def __str__(self) -> str:
        return f"{self.swedish} = {self.english}" if self.swedish and self.english else self.swedish or self.english


def parse_keywords(text: str) -> list[Keyword]:
    """``klimatanpassning = climate adaptation`` per line; either side may stand alone."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip().strip(",;")
        if not line:
            continue
        swedish, _sep, english = (part.strip() for part in line.partition("="))
        if swedish or english:
            found.append(Keyword(swedish, english))
    return found


class WatchProfile(VersionedModel):
    """A unit's interests: keywords in Swedish and English, programmes, the strategy's directions and themes (KR-5)."""

    unit = models.OneToOneField(
        Unit,
        on_delete=models.CASCADE,
        related_name="watch_profile",
        verbose_name=_("unit"),
        error_messages={"unique": _("The unit already has a watch profile; change that one.")},
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One subject per line. Write the Swedish words, an equals sign and the English words, e.g. "
            "“klimatanpassning = climate adaptation”, so calls in both languages are found."
        ),
    )
    programmes = models.JSONField(
        _("programmes of interest"),
        default=list,
        blank=True,
        help_text=_("Calls from these programmes rank higher."),
    )
    directions = models.ManyToManyField(
        Direction,
        blank=True,
        related_name="watch_profiles",
        verbose_name=_("directions"),
        help_text=_("Calls whose text matches the strategy's directions rank higher."),
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="watch_profiles",
        verbose_name=_("themes"),
        help_text=_("Calls whose text matches the strategy's themes rank higher."),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "unit__organisation"
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("watch profile")
        verbose_name_plural = _("watch profiles")
        ordering = ["unit__name"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def scope_organisation_id(self) -> int:
        return self.unit.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.unit_id

    def get_absolute_url(self) -> str:
        return reverse("watch:desk", kwargs={"org": self.unit.organisation.slug, "unit": self.unit_id})

    def keyword_list(self) -> list[Keyword]:
        return parse_keywords(self.keywords)

    @property
    def programme_names(self) -> list[str]:
        return [programmes.display_name(key) for key in self.programmes or []]

    def clean(self) -> None:
        unknown = [key for key in self.programmes or [] if key not in programmes.BY_KEY]
        if unknown:
            raise ValidationError({"programmes": _("Unknown programme: %s") % ", ".join(unknown)})


class Match(models.Model):
    """An item that ranks for a profile, with the reasons (derived data, see docs/adr/0010).

    Recomputed after every import and profile change; ``first_seen`` survives the recomputation,
    so the desk and the digest can say which matches are new.
    """

    profile = models.ForeignKey(WatchProfile, on_delete=models.CASCADE, related_name="matches")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    first_seen = models.DateTimeField()

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "profile__unit__organisation"

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["profile", "item"], name="watch_one_match_per_profile_item")]
        indexes = [models.Index(fields=["profile", "-score"])]

    def __str__(self) -> str:
        return f"{self.profile} – {self.item_id}"
