"""A year and a half of international work for each demo organisation, drawn from its seed.

Twin cities, networks, programmes, directions and dates follow the seeds; titles, amounts,
people's roles and descriptions are invented. Each organisation's register is a data file in
this package (``<slug>.toml``, read by ``builder``). Idempotent: engagements are found by
organisation and title, their records by their natural keys, and only what differs is written.
"""

import tomllib
from pathlib import Path
from typing import TextIO

from django.db import transaction

from ..choices import Kind
from ..models import EmissionFactorSet, Engagement, Partner
from .builder import DemoDataError, OrganisationDemo

DATA = Path(__file__).parent
ORGANISATIONS = ("kristianstad", "vaxjo", "linkoping", "norrkoping", "stockholm")

__all__ = ["DATA", "ORGANISATIONS", "DemoDataError", "load"]


@transaction.atomic
def load(stdout: TextIO | None = None) -> None:
    EmissionFactorSet.default()
    for slug in ORGANISATIONS:
        data = tomllib.loads((DATA / f"{slug}.toml").read_text(encoding="utf-8"))
        OrganisationDemo(slug).load(data)
    for engagement in Engagement.objects.filter(kind=Kind.TRIP).select_related("trip"):
        trip = engagement.trip
        before = (trip.distance_km, trip.co2e_kg, trip.flight_km, trip.flight_co2e_kg, trip.factor_set_id)
        for leg in trip.recalculate():  # each leg stores its own distance and CO2e
            leg.save()
        if (trip.distance_km, trip.co2e_kg, trip.flight_km, trip.flight_co2e_kg, trip.factor_set_id) != before:
            trip.save()
    if stdout:
        stdout.write(f"Engagements: {Engagement.objects.count()}, partners: {Partner.objects.count()}\n")
