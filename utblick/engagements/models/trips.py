"""Trips with legs, great-circle distances and CO2e by a stated emission factor set (VX-4)."""

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, VersionedModel
from utblick.organisations import permissions as perms

from ..choices import Compensation, TravelMode
from .engagement import Engagement
from .kinds import EngagementPart
from .partners import city_coordinates

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def uplift(km: float, multiplier: float, none_below_km: int, full_from_km: int) -> float:
    """The radiative-forcing uplift of a flight of ``km``: none below, full from, linear between."""
    if km >= full_from_km:
        return multiplier
    if km < none_below_km:
        return 1.0
    return 1.0 + (multiplier - 1.0) * (km - none_below_km) / (full_from_km - none_below_km)


def kg_co2e(factors: dict, multiplier: float, none_below_km: int, full_from_km: int, mode: str, km: float) -> float:
    """kg CO2e per passenger for ``km`` one way by ``mode`` (a plain function: the data migrations use it too)."""
    per_km = float(factors.get(mode, 0))
    return per_km * km * (uplift(km, multiplier, none_below_km, full_from_km) if mode == TravelMode.AIR else 1.0)


class EmissionFactorSetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all()


class EmissionFactorSet(AuditedModel):
    """Emission factors as data, so every trip says which factors and which version it used.

    ``factors`` gives kg CO2e per passenger-km by mode. For air, the radiative-forcing uplift
    (``rf_multiplier``) applies in full from ``rf_full_from_km``, not at all below
    ``rf_none_below_km``, and linearly between (Swedish practice).
    """

    name = models.CharField(_("name"), max_length=120)
    version = models.CharField(_("version"), max_length=20)
    factors = models.JSONField(_("kg CO2e per passenger-km"))
    rf_multiplier = models.DecimalField(
        _("radiative-forcing multiplier"), max_digits=4, decimal_places=2, default=Decimal("1.9")
    )
    rf_none_below_km = models.PositiveIntegerField(_("no uplift below (km)"), default=500)
    rf_full_from_km = models.PositiveIntegerField(_("full uplift from (km)"), default=1000)
    is_default = models.BooleanField(_("default"), default=False)
    source = models.CharField(_("source"), max_length=250, blank=True)

    objects = EmissionFactorSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("emission factor set")
        verbose_name_plural = _("emission factor sets")
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="emission_factor_set_unique")]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    def uplift(self, km: float) -> float:
        return uplift(km, float(self.rf_multiplier), self.rf_none_below_km, self.rf_full_from_km)

    def kg_co2e(self, mode: str, km: float) -> float:
        return kg_co2e(self.factors, float(self.rf_multiplier), self.rf_none_below_km, self.rf_full_from_km, mode, km)

    def factor_label(self, mode: str, km: float) -> str:
        """The factor a leg was measured with, e.g. "0.133 kg/km × 1.9" for a long flight."""
        per_km = float(self.factors.get(mode, 0))
        multiplier = self.uplift(km) if mode == TravelMode.AIR else 1.0
        label = f"{per_km:g} kg/km"
        return f"{label} × {multiplier:.2g}" if multiplier != 1.0 else label

    @classmethod
    def default(cls) -> "EmissionFactorSet":
        found = cls.objects.filter(is_default=True).order_by("-pk").first()
        if found is None:
            found = cls.objects.create(**DEFAULT_FACTOR_SET)
        return found


DEFAULT_FACTOR_SET = {
    "name": "Utblick standard",
    "version": "2026.1",
    # Per passenger-km: economy flight (fossil CO2 before uplift), electric rail, petrol car, ferry.
    "factors": {"air": 0.133, "rail": 0.004, "road": 0.12, "sea": 0.11},
    "rf_multiplier": Decimal("1.9"),
    "rf_none_below_km": 500,
    "rf_full_from_km": 1000,
    "is_default": True,
    "source": "Swedish practice: radiative-forcing uplift 1.9 above 1,000 km, none below 500 km, linear between.",
}


class Trip(EngagementPart):
    """Travel for the engagement: who, the legs, and the climate compensation (VX-4)."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, primary_key=True, related_name="trip")
    travellers = models.PositiveSmallIntegerField(_("travellers"), default=1)
    factor_set = models.ForeignKey(
        EmissionFactorSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name=_("emission factors"),
    )
    rail_considered = models.BooleanField(_("rail was considered"), default=False)
    digital_considered = models.BooleanField(_("a digital meeting was considered"), default=False)
    compensation = models.CharField(
        _("climate compensation"), max_length=20, choices=Compensation.choices, default=Compensation.PENDING
    )
    compensation_reference = models.CharField(_("compensation reference"), max_length=120, blank=True)
    distance_km = models.DecimalField(_("distance (km)"), max_digits=10, decimal_places=1, default=0, editable=False)
    co2e_kg = models.DecimalField(_("CO2e (kg)"), max_digits=12, decimal_places=1, default=0, editable=False)
    flight_km = models.DecimalField(
        _("distance by air (km)"), max_digits=10, decimal_places=1, default=0, editable=False
    )
    flight_co2e_kg = models.DecimalField(
        _("CO2e of the flights (kg)"), max_digits=12, decimal_places=1, default=0, editable=False
    )

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def has_flights(self) -> bool:
        return self.flight_km > 0

    def clean(self) -> None:
        if self.compensation == Compensation.COMPENSATED and not self.compensation_reference.strip():
            raise ValidationError({"compensation_reference": _("Give the receipt or reference of the compensation.")})

    def recalculate(self) -> list["TripLeg"]:
        """Distance and CO2e of each leg and of the trip, with the trip's factor set (kept on the rows for
        the pages, reports and rules). Returns the legs whose figures changed, for the caller to save."""
        factor_set = self.factor_set or EmissionFactorSet.default()
        self.factor_set = factor_set
        distance = flight = co2e = flight_co2e = Decimal(0)
        changed = []
        for leg in self.legs.all():
            measured = leg.measure(factor_set, travellers=self.travellers)
            if measured:
                changed.append(leg)
            km = leg.distance_km * (2 if leg.is_return else 1)
            distance += km
            co2e += leg.co2e_kg
            if leg.mode == TravelMode.AIR:
                flight += km
                flight_co2e += leg.co2e_kg
        self.distance_km, self.flight_km = distance, flight
        self.co2e_kg, self.flight_co2e_kg = co2e, flight_co2e
        return changed


class TripLeg(VersionedModel):
    """One leg of a trip, from city to city, one way or return."""

    new_label = _("New leg")  # the heading of its create form: Swedish nouns differ in gender

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="legs")
    from_city = models.CharField(_("from"), max_length=120)
    from_country = models.CharField(_("from country"), max_length=2)
    to_city = models.CharField(_("to"), max_length=120)
    to_country = models.CharField(_("to country"), max_length=2)
    mode = models.CharField(_("by"), max_length=10, choices=TravelMode.choices)
    is_return = models.BooleanField(_("return journey"), default=True)
    from_latitude = models.FloatField(null=True, blank=True)
    from_longitude = models.FloatField(null=True, blank=True)
    to_latitude = models.FloatField(null=True, blank=True)
    to_longitude = models.FloatField(null=True, blank=True)
    distance_km = models.DecimalField(
        _("distance one way (km)"), max_digits=10, decimal_places=1, default=0, editable=False
    )
    co2e_kg = models.DecimalField(
        _("CO2e (kg)"),
        max_digits=12,
        decimal_places=1,
        default=0,
        editable=False,
        help_text=_("For every traveller, there and back for a return journey."),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "trip__engagement__organisation"
    scope_unit_field = "trip__engagement__owner_unit"

    class Meta:
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        ordering = ["trip", "pk"]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return f"{self.from_city}–{self.to_city}"

    @property
    def scope_organisation_id(self) -> int:
        return self.trip.engagement.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.trip.engagement.owner_unit_id

    @property
    def parent_engagement(self) -> Engagement:
        return self.trip.engagement

    def get_absolute_url(self) -> str:
        return self.parent_engagement.get_absolute_url() + "#kind-heading"

    def clean(self) -> None:
        for end in ("from", "to"):
            if getattr(self, f"{end}_latitude") is None:
                found = city_coordinates(getattr(self, f"{end}_city"), getattr(self, f"{end}_country").upper())
                if found is None:
                    raise ValidationError(
                        {
                            f"{end}_city": _(
                                "The city was not found in this country; check the spelling or the country code."
                            )
                        }
                    )
                setattr(self, f"{end}_latitude", found[0])
                setattr(self, f"{end}_longitude", found[1])

    def distance_km_value(self) -> float:
        ends = (self.from_latitude, self.from_longitude, self.to_latitude, self.to_longitude)
        if ends[0] is None or ends[1] is None or ends[2] is None or ends[3] is None:
            return 0.0
        return great_circle_km(ends[0], ends[1], ends[2], ends[3])

    def measure(self, factor_set: EmissionFactorSet, *, travellers: int) -> bool:
        """The leg's distance and CO2e by ``factor_set``; whether they changed."""
        one_way = self.distance_km_value()
        kg = factor_set.kg_co2e(self.mode, one_way) * (2 if self.is_return else 1) * travellers
        before = (self.distance_km, self.co2e_kg)
        self.distance_km, self.co2e_kg = Decimal(str(round(one_way, 1))), Decimal(str(round(kg, 1)))
        return before != (self.distance_km, self.co2e_kg)

    @property
    def compensation(self) -> str:
        """Flights are climate-compensated as the trip says (VX-4); other legs need none."""
        return self.trip.compensation if self.mode == TravelMode.AIR else Compensation.NOT_NEEDED

    def get_compensation_display(self) -> str:
        return str(dict(Compensation.choices)[self.compensation])

    @property
    def factor(self) -> str:
        factor_set = self.trip.factor_set
        return factor_set.factor_label(self.mode, self.distance_km_value()) if factor_set else ""
