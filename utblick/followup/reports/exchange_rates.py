"""Grants in EUR in the reports: converted to SEK with the rate, its date and its source named, or said to be not converted."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from utblick.core import formatting
from utblick.engagements.choices import Currency, Kind
from utblick.engagements.models import (
    Engagement,
)

from .. import indicators


def number(value: Any, decimals: int = 0) -> str:
    return formatting.number(value, decimals, empty="–")


def rate_text(project: Any) -> str:
    """A grant in EUR, with the rate, its date and its source it is converted by, or the plain statement
    that no rate is recorded (then it is not converted at all)."""
    if project.needs_rate:
        return _("granted %(eur)s EUR; no exchange rate recorded, not converted to SEK") % {
            "eur": number(project.funding_granted)
        }
    when = (
        _("rate of %(date)s") % {"date": project.exchange_rate_date.isoformat()}
        if project.exchange_rate_date
        else _("date of the rate not recorded")
    )
    source = (
        _("source: %(source)s") % {"source": project.exchange_rate_source}
        if project.exchange_rate_source
        else _("source not recorded")
    )
    return _("granted %(eur)s EUR = %(sek)s SEK at %(rate)s SEK per EUR (%(when)s, %(source)s)") % {
        "eur": number(project.funding_granted),
        "sek": number(project.in_sek(project.funding_granted)),
        "rate": number(project.exchange_rate, max(0, -int(project.exchange_rate.normalize().as_tuple().exponent))),
        "when": when,
        "source": source,
    }


def rate_notes(engagements: QuerySet[Engagement]) -> list[str]:
    """How the year's granted funding in EUR reaches the SEK total: one line per project."""
    projects = (
        engagements.filter(
            kind=Kind.PROJECT,
            project__currency=Currency.EUR,
            project__stage__in=indicators.FUNDED_STAGES,
            project__funding_granted__gt=0,
        )
        .select_related("project")
        .order_by("title", "pk")
    )
    return [f"{e.title}: {rate_text(e.project)}" for e in projects]
