"""The international strategy as data: versions, directions, goals, dimensions, indicators, rules.

A ``Strategy`` is owned by one or more organisations, each with its own local name for it
(LN-1). Its content lives in ``StrategyVersion``s; directions, dimensions, indicators and
rule settings belong to a version, so a new draft can be copied from the adopted one and
compared with it. Parts with an ``organisation`` set are that organisation's own additions
to a shared strategy and invisible to the other owners (LN-11).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, RevisionedModel, VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation

from .choices import DocumentKind, GoodDirection, ReviewOutcome, VersionStatus
from .document_models import DocumentImport, DocumentImportStatus  # noqa: F401  (its models are registered through this module)
from .registry import get_rule

MANDATE_START_MONTH_DAY = (10, 15)
FIRST_ELECTION_YEAR = 1994  # every fourth year since: 1998, …, 2022, 2026


class StrategyQuerySet(perms.ScopedQuerySet):
    def visible_to(self, user):
        # An owner may reach the strategy through several ownerships; show it once.
        return super().visible_to(user).distinct()

    def public(self) -> "StrategyQuerySet":
        return self.filter(ownerships__organisation__public_pages_enabled=True).distinct()

    def in_organisation(self, organisation: Organisation) -> "StrategyQuerySet":
        return self.filter(ownerships__organisation=organisation).distinct()


class Strategy(VersionedModel):
    """An international strategy or guideline, shared by the organisations that own it."""

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="StrategyOwnership", related_name="strategies", verbose_name=_("organisations")
    )

    objects = StrategyQuerySet.as_manager()
    scope_organisation_field = "ownerships__organisation"

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["name"]
        rules_permissions = {
            "view": perms.is_member,
            "change": perms.is_coordinator,
            "add": perms.is_coordinator,
            "delete": perms.is_administrator,
        }

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_ids(self) -> list[int]:
        """Every owner: coordinators of any owning organisation edit a joint strategy."""
        return sorted(ownership.organisation_id for ownership in self.ownerships.all())

    def local_name(self, organisation: Organisation | None) -> str:
        """The name the given organisation uses for this strategy (LN-1)."""
        if organisation is not None:
            for ownership in self.ownerships.all():
                if ownership.organisation_id == organisation.pk and ownership.local_name:
                    return ownership.local_name
        return self.name

    def current_version(self, day: datetime.date | None = None) -> "StrategyVersion | None":
        """The adopted version in force on ``day`` (today by default)."""
        day = day or datetime.date.today()
        return self.versions.adopted_by(day).order_by(*IN_FORCE_ORDER).first()


class StrategyOwnership(AuditedModel):
    """An organisation's ownership of a (possibly shared) strategy and its local name for it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="ownerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="strategy_ownerships", verbose_name=_("organisation")
    )
    local_name = models.CharField(
        _("local name"),
        max_length=250,
        blank=True,
        help_text=_("What this organisation calls the document, e.g. 'riktlinje för internationellt arbete'."),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("strategy owner")
        verbose_name_plural = _("strategy owners")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "organisation"],
                name="strategy_owned_once_per_organisation",
                violation_error_message=_("This organisation already owns this strategy."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return f"{self.organisation}: {self.local_name or self.strategy.name}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id


class GoverningDocument(VersionedModel):
    """A top governing document of one organisation: vision, plan, budget (KR-1, LN-3, ST-1)."""

    new_label = _("New governing document")  # the heading of its create form: Swedish nouns differ in gender

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="governing_documents", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["organisation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="governing_document_title_unique",
                violation_error_message=_("This organisation already has a governing document with this title."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.title

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id


class VersionScopedQuerySet(perms.ScopedQuerySet):
    """Parts of a strategy version, visible to the owners of the strategy."""

    def visible_to(self, user):
        return super().visible_to(user).distinct()


# Which adopted version is in force: the one valid from the latest day, then the latest adopted. A
# version without a day sorts after the dated ones on every database (PostgreSQL sorts NULL first by
# default, SQLite last).
IN_FORCE_ORDER = (
    F("valid_from").desc(nulls_last=True),
    F("adopted_on").desc(nulls_last=True),
    F("pk").desc(),
)


class StrategyVersionQuerySet(VersionScopedQuerySet):
    def adopted_by(self, day: datetime.date) -> "StrategyVersionQuerySet":
        """Adopted versions already valid on ``day`` (the candidates for the one in force)."""
        return self.filter(status=VersionStatus.ADOPTED).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))

    def in_force(self, organisation: Organisation, day: datetime.date | None = None) -> "StrategyVersionQuerySet":
        """The version in force of each strategy the organisation owns (joint ones included), by strategy.

        Lazy: as a subquery (``direction__version__in=…``) it costs no query of its own.
        """
        in_force = (
            StrategyVersion.objects.filter(strategy=OuterRef("strategy"))
            .adopted_by(day or datetime.date.today())
            .order_by(*IN_FORCE_ORDER)
            .values("pk")[:1]
        )
        return self.filter(strategy__ownerships__organisation=organisation, pk=Subquery(in_force)).order_by(
            "strategy_id"
        )


class StrategyVersion(VersionedModel):
    """One text of the strategy: a draft, the adopted version, or one it replaced (VX-6)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("version"), max_length=50, help_text=_("Usually the year of adoption, e.g. 2013."))
    title = models.CharField(_("title of the document"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    adopted_by = models.CharField(_("adopted by"), max_length=150, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    document_url = models.URLField(_("link to the document"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    governing_documents = models.ManyToManyField(
        GoverningDocument, blank=True, related_name="strategy_versions", verbose_name=_("governing documents")
    )

    objects = StrategyVersionQuerySet.as_manager()
    scope_organisation_field = "strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering = ["strategy", "-adopted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "label"],
                name="strategy_version_label_unique",
                violation_error_message=_("The strategy already has a version with this label."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return f"{self.strategy} ({self.label})"

    @property
    def scope_organisation_ids(self) -> list[int]:
        return self.strategy.scope_organisation_ids

    def clean(self) -> None:
        if self.status != VersionStatus.DRAFT and not (self.adopted_by and self.adopted_on):
            raise ValidationError(_("An adopted version needs the adopting body and the date of adoption."))
        if self.replaces is not None and self.replaces.strategy_id != self.strategy_id:
            raise ValidationError({"replaces": _("A version can only replace a version of the same strategy.")})


class OrganisationPart(AuditedModel):
    """A part of a version; with ``organisation`` set, only that owner sees it (LN-11).

    The parts coordinators edit are versioned (goals; directions, dimensions and rule settings, whose
    ``version`` is the strategy version, count their edits in ``revision``): the coordinators of every
    owner of a shared strategy edit them, so a stale edit is refused and resolved on the conflict page."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("only for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for a part shared by every owner of the strategy."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


class PartQuerySet(VersionScopedQuerySet):
    # The rule of LN-11, for every part; ``selectors.strategies_seen_by`` applies it to whole strategies.
    organisation_lookup = "organisation"

    def for_organisation(self, organisation: Organisation) -> "PartQuerySet":
        """The joint parts plus the organisation's own; another owner's own parts are hidden."""
        field = self.organisation_lookup
        return self.filter(Q(**{f"{field}__isnull": True}) | Q(**{field: organisation}))


class ThemeQuerySet(PartQuerySet):
    """A theme is seen where its dimension is."""

    organisation_lookup = "dimension__organisation"


class Direction(OrganisationPart, RevisionedModel):
    """A direction or priority area (inriktning, prioriterat område) of the strategy."""

    new_label = _("New direction")  # the heading of its create form: Swedish nouns differ in gender

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="directions")  # type: ignore[assignment]  # the strategy's version; edits count in revision
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = PartQuerySet.as_manager()
    scope_organisation_field = "version__strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["version", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="direction_code_unique_in_version",
                violation_error_message=_("The version already has a direction with this code."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_ids(self) -> list[int]:
        return [self.organisation_id] if self.organisation_id else self.version.scope_organisation_ids


class Goal(OrganisationPart, VersionedModel):
    """A goal or listed strategy under a direction (LN-4), tied to governing documents (KR-1)."""

    new_label = _("New goal")  # the heading of its create form: Swedish nouns differ in gender

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    governing_documents = models.ManyToManyField(
        GoverningDocument, blank=True, related_name="goals", verbose_name=_("governing documents")
    )

    objects = PartQuerySet.as_manager()
    scope_organisation_field = "direction__version__strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["direction", "order", "pk"]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.text

    @property
    def scope_organisation_ids(self) -> list[int]:
        return [self.organisation_id] if self.organisation_id else self.direction.scope_organisation_ids


class Dimension(OrganisationPart, RevisionedModel):
    """An extra classification beside the directions: key words, roadmap areas, sustainability (KR-2, VX-2)."""

    new_label = _("New dimension")  # the heading of its create form: Swedish nouns differ in gender

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="dimensions")  # type: ignore[assignment]  # the strategy's version; edits count in revision
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = PartQuerySet.as_manager()
    scope_organisation_field = "version__strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["version", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="dimension_code_unique_in_version",
                violation_error_message=_("The version already has a dimension with this code."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_ids(self) -> list[int]:
        return [self.organisation_id] if self.organisation_id else self.version.scope_organisation_ids


class Theme(AuditedModel):
    """One value of a dimension, e.g. 'tillväxt' or 'friska ekosystem'."""

    new_label = _("New theme")  # the heading of its create form: Swedish nouns differ in gender

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ThemeQuerySet.as_manager()
    scope_organisation_field = "dimension__version__strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["dimension", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"],
                name="theme_code_unique_in_dimension",
                violation_error_message=_("The dimension already has a theme with this code."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_ids(self) -> list[int]:
        return self.dimension.scope_organisation_ids


class Indicator(OrganisationPart):
    """A computed figure the strategy follows, by key into the indicator registry, with a target."""

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(_("indicator"), max_length=80)
    good_direction = models.CharField(
        _("good direction"), max_length=10, choices=GoodDirection.choices, default=GoodDirection.RISE
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveIntegerField(_("target year"), null=True, blank=True)

    objects = PartQuerySet.as_manager()
    scope_organisation_field = "version__strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key", "organisation"],
                name="indicator_key_unique_in_version",
                violation_error_message=_("The version already follows this indicator."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.key

    @property
    def scope_organisation_ids(self) -> list[int]:
        return [self.organisation_id] if self.organisation_id else self.version.scope_organisation_ids


class RuleSetting(OrganisationPart, RevisionedModel):
    """A rule of the registry switched on (or deliberately off) by the strategy, with parameters (ST-5)."""

    new_label = _("New rule setting")  # the heading of its create form: Swedish nouns differ in gender

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="rule_settings")  # type: ignore[assignment]  # the strategy's version; edits count in revision
    key = models.SlugField(_("rule"), max_length=80)
    enabled = models.BooleanField(_("switched on"), default=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Why the rule is used, or why it is switched off."))

    objects = PartQuerySet.as_manager()
    scope_organisation_field = "version__strategy__ownerships__organisation"

    class Meta:
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")
        ordering = ["version", "order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key", "organisation"],
                name="rule_setting_unique_in_version",
                violation_error_message=_("The version already has a setting for this rule."),
            )
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        rule = get_rule(self.key)
        return str(rule.title) if rule is not None else self.key

    @property
    def scope_organisation_ids(self) -> list[int]:
        return [self.organisation_id] if self.organisation_id else self.version.scope_organisation_ids


class MandatePeriodQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all()


class MandatePeriod(AuditedModel):
    """A Swedish council term: 15 October of an election year to 14 October four years later."""

    election_year = models.PositiveIntegerField(_("election year"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = MandatePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate period")
        verbose_name_plural = _("mandate periods")
        ordering = ["election_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.election_year + 1}–{self.election_year + 4}"

    @staticmethod
    def bounds_for_election(election_year: int) -> tuple[datetime.date, datetime.date]:
        month, day = MANDATE_START_MONTH_DAY
        start = datetime.date(election_year, month, day)
        return start, datetime.date(election_year + 4, month, day) - datetime.timedelta(days=1)

    @staticmethod
    def election_year_for(day: datetime.date) -> int:
        """The election year whose term contains ``day``."""
        offset = (day.year - FIRST_ELECTION_YEAR) % 4
        year = day.year - offset
        if offset == 0 and day < datetime.date(day.year, *MANDATE_START_MONTH_DAY):
            year -= 4
        return year

    @classmethod
    def for_date(cls, day: datetime.date) -> "MandatePeriod":
        election_year = cls.election_year_for(day)
        starts_on, ends_on = cls.bounds_for_election(election_year)
        period, _ = cls.objects.get_or_create(
            election_year=election_year, defaults={"starts_on": starts_on, "ends_on": ends_on}
        )
        return period

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class StrategyReview(VersionedModel):
    """The follow-up of the strategy by the executive board in a mandate period (VX-11)."""

    new_label = _("New strategy review")  # the heading of its create form: Swedish nouns differ in gender

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reviews")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="strategy_reviews", verbose_name=_("organisation")
    )
    period = models.ForeignKey(
        MandatePeriod, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("mandate period")
    )
    reviewed_on = models.DateField(_("reviewed on"))
    body = models.CharField(_("reviewed by"), max_length=150, default="Kommunstyrelsen")
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    summary = models.TextField(_("conclusions"), blank=True)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    document_url = models.URLField(_("link to the document"), blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("strategy review")
        verbose_name_plural = _("strategy reviews")
        ordering = ["-reviewed_on"]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return f"{self.strategy} – {self.period} ({self.reviewed_on})"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def clean(self) -> None:
        if self.period_id and self.reviewed_on and not self.period.contains(self.reviewed_on):
            raise ValidationError({"reviewed_on": _("The review date must fall within the mandate period.")})

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation", kwargs={"org": self.organisation.slug})
