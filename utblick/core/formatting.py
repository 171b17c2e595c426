"""Figures, dates and times as the reader's language writes them, on pages, in reports and in history.

Numbers go through Django's localisation with grouping forced on for them alone: Swedish groups
thousands with a non-breaking space ("1 560 000", "12,5"), English with a comma. Grouping is not
switched on for the whole site (``USE_THOUSAND_SEPARATOR``), which would print the years of tables
and headings as "2 026" too. Dates are written as on every page, ISO style ("2026-03-15", the
Swedish numeric date), and times in the site's time zone (Europe/Stockholm), never in UTC.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats, timezone

DATE = "Y-m-d"
DATE_TIME = "Y-m-d H:i"


def rounded(value: Decimal | int | float | str, decimals: int = 0) -> Decimal:
    """``value`` rounded to ``decimals`` places, a half away from zero (1 787,5 kg is 1 788 kg), as a reader
    rounds by hand. Every figure shown goes through here, so a page and a message about the same
    quantity (a trip's flights, the deviation about them) never differ by the rounding: Django's own
    ``number_format`` cuts the places off instead."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: Decimal | int | float | str | None, decimals: int = 0, *, empty: str = "—") -> str:
    """``decimals`` places; a negative number means at most that many, none for a whole value
    (as Django's ``floatformat`` does): ``number(12.5, -1)`` is "12,5", ``number(12, -1)`` is "12"."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):  # a figure kept as text (a rule's parameters); other text is shown as it is
        try:
            value = Decimal(value)
        except ArithmeticError:
            return str(value)
    if isinstance(value, float | Decimal) and not Decimal(value).is_finite():
        return str(value)
    value = rounded(value, abs(decimals))
    if decimals < 0:
        decimals = 0 if value == value.to_integral_value() else -decimals
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def date_time(value: datetime.datetime) -> str:
    """A moment in the site's time zone: "2026-12-06 07:52"."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, DATE_TIME)


def date(value: datetime.date) -> str:
    return formats.date_format(value, DATE)


def value_text(value: Any) -> str:
    """A stored value as a reader sees it, where no template formats it (the history tab). Whole
    numbers stay as they are: a year is a whole number too, and only the caller knows the field."""
    if isinstance(value, datetime.datetime):
        return date_time(value)
    if isinstance(value, datetime.date):
        return date(value)
    if isinstance(value, datetime.time):
        return formats.time_format(value, "H:i")
    if isinstance(value, Decimal | float):
        return number(value, -2)
    return str(value)
