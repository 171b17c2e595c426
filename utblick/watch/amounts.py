"""Amounts in call files and feeds: read with Babel in the source's locale, scale words included (KR-4)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import UnknownLocaleError, numbers

# The locales an amount is read in after the source's own: a Swedish or German writer's "1.500,50",
# the EU portal's and Excel's "1,500,000.00".
AMOUNT_LOCALES = ("en", "sv", "de")


# Words that scale the figure before them, as Swedish and English writers shorten budgets: "1,5 MSEK",
# "2 mnkr", "1,2 miljoner kronor", "€ 3.5 million", "500 tkr", "2 mdr". Read as whole words (a
# currency sign may stick to one: "M€"), so "kr" or "EUR" scale nothing.
SCALE_WORDS: dict[str, Decimal] = {
    **dict.fromkeys(("tkr", "tsek", "ksek", "tusen", "thousand", "thousands", "k€", "keur"), Decimal(10) ** 3),
    **dict.fromkeys(
        ("msek", "mnkr", "mkr", "miljon", "miljoner", "million", "millions", "mn", "mio", "m", "m€", "meur"),
        Decimal(10) ** 6,
    ),
    **dict.fromkeys(
        ("mdr", "mdkr", "mdsek", "miljard", "miljarder", "billion", "billions", "bn", "md€"), Decimal(10) ** 9
    ),
}


def _scale(text: str) -> Decimal:
    """The factor of the scale word in ``text`` (1 without one); two different ones are no amount."""
    found = {SCALE_WORDS[word] for word in re.findall(r"[^\W\d_]+€?", text.lower()) if word in SCALE_WORDS}
    if len(found) > 1:
        raise ValueError(text)
    return found.pop() if found else Decimal(1)


def parse_amount(value: Any, language: str = "") -> Decimal | None:
    """An amount written in the source's locale (``language``, e.g. sv or en), with Babel's number parsing.

    The currency ("€", "EUR", "kr", "SEK" …) is left out and a scale word multiplies ("1,5 MSEK", "2 mnkr",
    "1,2 miljoner kronor", "€ 3.5 million", "500 tkr", "2 mdr": ``SCALE_WORDS``); a number that does not read in the
    source's locale (strictly: "1.500,50" is not English) is read in the other usual ones, so
    "€ 750,000" (EU portal) is 750000, "1 500 000 kr" and "1.500,50" (Swedish writers) are 1500000 and
    1500.50, and "1,5" in a Swedish source is 1.5. Whole units, as the budget is stored.
    """
    if value in (None, ""):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("1"))
    scale = _scale(str(value))
    textual = re.sub(r"[^\d,.\s\u00a0\u202f'\u2019-]", "", str(value)).strip(" \t\u00a0\u202f.,")
    textual = re.sub(r"^-\s+", "-", textual)
    if not re.search(r"\d", textual):
        raise ValueError(str(value))
    own = (language or "").replace("-", "_").split("_")[0].lower()
    locales = ([own] if own and own not in AMOUNT_LOCALES else []) + sorted(
        AMOUNT_LOCALES, key=lambda locale: locale != own
    )
    for locale in locales:
        try:
            group = numbers.get_group_symbol(locale)
        except (UnknownLocaleError, ValueError):
            continue
        text = re.sub(r"[\s\u00a0\u202f]", group, textual) if group.isspace() else re.sub(r"\s", "", textual)
        try:
            return (numbers.parse_decimal(text, locale=locale, strict=True) * scale).quantize(Decimal("1"))
        except (numbers.NumberFormatError, InvalidOperation):
            continue
    raise ValueError(str(value))
