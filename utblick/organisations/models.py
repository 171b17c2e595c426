"""Organisations (kommuner, regioner), their unit trees, people and who may do what."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.library_errors import regex_problem
from utblick.core.models import AuditedModel, VersionedModel

from . import permissions as perms
from .choices import (
    GROUP_UNIT_KINDS,
    OPERATIONAL_UNIT_KINDS,
    OrganisationKind,
    PersonKind,
    Role,
    UnitKind,
    UnitRoleKind,
)

RESERVED_SLUGS = frozenset({"admin", "api", "accounts", "static", "media", "health", "public", "o"})


def validate_organisation_number(value: str) -> None:
    """Swedish organisation number: NNNNNN-NNNN with a Luhn check digit."""
    digits = value.replace("-", "")
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("Write the organisation number as ten digits, e.g. 212000-1009."))
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    if total % 10:
        raise ValidationError(_("This organisation number has a wrong check digit."))


def validate_regex(value: str) -> None:
    try:
        re.compile(value)
    except re.error as error:
        raise ValidationError(_("Not a valid pattern: %(error)s"), params={"error": regex_problem(error)}) from error


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This short name is reserved; choose another."))


class OrganisationQuerySet(perms.ScopedQuerySet):
    def public(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True, public_pages_enabled=True)

    def member_of(self, user) -> "OrganisationQuerySet":
        """The organisations whose internal pages the user may open (all, for the administrator)."""
        if perms.is_administrator(user):
            return self.filter(is_active=True)
        return self.filter(is_active=True, pk__in=perms.member_organisation_ids(user))


class Organisation(VersionedModel):
    """A municipality or region (kommun, region) using Utblick; all its data is its own (X-1)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("short name in addresses"), max_length=50, unique=True, validators=[validate_not_reserved]
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.MUNICIPALITY
    )
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[validate_organisation_number]
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    public_pages_enabled = models.BooleanField(
        _("publish public pages"),
        default=False,
        help_text=_("Show the strategy and the engagements published on them to everyone, without signing in."),
    )
    editors_may_publish = models.BooleanField(
        _("editors may publish"),
        default=False,
        help_text=_(
            "Editors may publish their own units' engagements on the public pages themselves; "
            "otherwise only coordinators publish."
        ),
    )
    network_sharing = models.BooleanField(
        _("share with other organisations"),
        default=False,
        help_text=_(
            "Take part in the partner network: the engagements marked as shared are visible to the other "
            "organisations in this installation (kind, partners, countries, directions, stage and the contact's "
            "work e-mail; never confidential ones). Off: nothing of the organisation is shown to others."
        ),
    )
    network_share_by_default = models.BooleanField(
        _("share new engagements by default"),
        default=False,
        help_text=_("New engagements start marked as shared; whoever records one can still untick it."),
    )
    comparison_opt_in = models.BooleanField(
        _("take part in comparisons"),
        default=False,
        help_text=_("Show this organisation's indicators beside other organisations that also take part."),
    )
    case_number_pattern = models.CharField(
        _("case number pattern"),
        max_length=200,
        blank=True,
        validators=[validate_regex],
        help_text=_("A regular expression case numbers (diarienummer) must match, e.g. KS \\d{4}/\\d{1,4}."),
    )
    report_language = models.CharField(_("report language"), max_length=5, choices=settings.LANGUAGES, default="sv")

    objects = OrganisationQuerySet.as_manager()
    scope_organisation_field = "pk"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        rules_permissions = {
            "view": perms.is_member,
            "change": perms.is_coordinator,
            "add": perms.is_administrator,
            "delete": perms.is_administrator,
        }

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_id(self) -> int:
        return self.pk

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation", kwargs={"org": self.slug})


class Unit(VersionedModel):
    """A part of the organisation: council, board, committee, department, company, group (KR-13, ST-4)."""

    new_label = _("New unit")  # the heading of its create form: Swedish nouns differ in gender

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="units"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=30, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                name="unit_slug_unique_in_organisation",
                violation_error_message=_("Another unit of this organisation already has this short name."),
            ),
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.pk

    def get_absolute_url(self) -> str:
        return reverse("organisations:unit", kwargs={"org": self.organisation.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.parent is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("A unit can only be part of a unit of the same organisation.")})
        ancestor: Unit | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be part of itself or of a unit below it.")})
            ancestor = ancestor.parent

    @property
    def is_group(self) -> bool:
        """Working groups and internal networks are groups of people across units (VX-10)."""
        return self.kind in GROUP_UNIT_KINDS

    @property
    def requires_contact_person(self) -> bool:
        """Departments, the central office and companies name a contact person (VX-8)."""
        return self.kind in OPERATIONAL_UNIT_KINDS and self.is_active

    def current_roles(self, day: datetime.date | None = None) -> models.QuerySet["UnitRole"]:
        return self.roles.current(day)

    def has_contact_person(self, day: datetime.date | None = None) -> bool:
        return self.current_roles(day).filter(role=UnitRoleKind.CONTACT_PERSON).exists()


class PersonQuerySet(perms.ScopedQuerySet):
    pass


class Person(VersionedModel):
    """A politician, official or external contact. Only work contact details are kept (GDPR)."""

    new_label = _("New person")  # the heading of its create form: Swedish nouns differ in gender

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices, default=PersonKind.OFFICIAL)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(
        _("work phone"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[0-9 +()-]{5,30}$", _("Write the number with digits, spaces, + and -."))],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("organisations:person", kwargs={"org": self.organisation.slug, "pk": self.pk})


class UnitRoleQuerySet(perms.ScopedQuerySet):
    def current(self, day: datetime.date | None = None) -> "UnitRoleQuerySet":
        day = day or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class UnitRole(AuditedModel):
    """A person's role in a unit for a time: contact person, EU contact, chair or member."""

    new_label = _("New role in a unit")  # the heading of its create form: Swedish nouns differ in gender

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=UnitRoleKind.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = UnitRoleQuerySet.as_manager()
    scope_organisation_field = "unit__organisation"

    class Meta:
        verbose_name = _("role in a unit")
        verbose_name_plural = _("roles in units")
        ordering = ["unit", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="unitrole_ends_after_start",
                violation_error_message=_("The role cannot end before it starts."),
            ),
        ]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.unit}"

    @property
    def scope_organisation_id(self) -> int:
        return self.unit.organisation_id

    def clean(self) -> None:
        if self.person_id and self.unit_id and self.person.organisation_id != self.unit.organisation_id:
            raise ValidationError({"person": _("The person must belong to the unit's organisation.")})

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or self.ends_on >= day)


class Membership(AuditedModel):
    """A user's access to one organisation, with a role; editors also name their units (X-3)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units edited"),
        blank=True,
        related_name="editor_memberships",
        help_text=_("For editors: the units whose international work they record (and the units below them)."),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("access to an organisation")
        verbose_name_plural = _("access to organisations")
        ordering = ["organisation", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_one_per_organisation",
                violation_error_message=_("This user already has access to this organisation."),
            )
        ]
        rules_permissions = {
            "view": perms.is_coordinator,
            "add": perms.is_administrator,
            "change": perms.is_administrator,
            "delete": perms.is_administrator,
        }

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id


class RegisterStamp(models.Model):
    """How many times the organisation's register has changed: a key for figures kept in the cache.

    Raised in the same transaction as the change (``register_stamps.register_changed``), so the new
    value becomes visible together with the data: a reader sees either the old data and the old stamp
    or the new data and the new one, and figures cached under a stamp are never stale. Derived state,
    without history (docs/adr/0027).
    """

    # The organisation's id, not a foreign key: records deleted with their organisation still count
    # (their signals come while the organisation is being deleted), and an id used again by a new
    # organisation continues the count rather than repeating an old stamp.
    organisation_id = models.BigIntegerField(primary_key=True)
    changes = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("register stamp")
        verbose_name_plural = _("register stamps")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.changes}"
