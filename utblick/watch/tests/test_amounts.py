"""Amounts in call files are read with Babel in the source's locale (issue 15 item 9): what the EU portal, Excel
and Swedish writers put in a budget column is the budget a coordinator reads in it."""

from decimal import Decimal

import pytest

from utblick.watch import formats


@pytest.mark.requirement("KR-4")
@pytest.mark.parametrize(
    ("written", "language", "amount"),
    [
        # The EU portal and English writers: comma groups, point decimals, the euro sign in front.
        ("1,500", "en", 1500),
        ("€ 750,000", "en", 750000),
        ("EUR 1,500,000.00", "en", 1500000),
        ("€ 750,000", "", 750000),
        # Excel: a number cell read as text, with or without decimals.
        ("750000", "sv", 750000),
        ("750000.4", "", 750000),
        # Swedish writers: space or no-break space groups, comma decimals, dots as groups.
        ("2 000 000 kr", "sv", 2000000),
        ("2\u00a0000\u00a0000 SEK", "sv", 2000000),
        ("1.500,50", "sv", 1500),
        ("1.500,50", "", 1500),
        ("1.500.000 kr", "sv", 1500000),
        ("12 500,75", "sv", 12501),
    ],
)
def test_amounts_are_read_in_the_sources_locale(written, language, amount):
    assert formats.parse_amount(written, language) == Decimal(amount)


@pytest.mark.requirement("KR-4")
@pytest.mark.parametrize(
    ("written", "language", "amount"),
    [
        # Swedish writers shorten budgets to thousands, millions and billions of kronor.
        ("1,5 MSEK", "sv", 1_500_000),
        ("1,5 MSEK", "", 1_500_000),
        ("2 mnkr", "sv", 2_000_000),
        ("1,2 miljoner kronor", "sv", 1_200_000),
        ("1 miljon kr", "sv", 1_000_000),
        ("500 tkr", "sv", 500_000),
        ("750 tusen kronor", "sv", 750_000),
        ("2 mdr", "sv", 2_000_000_000),
        ("1,25 miljarder kronor", "sv", 1_250_000_000),
        # English writers and the EU portal: million, thousand, billion, M€.
        ("€ 3.5 million", "en", 3_500_000),
        ("€ 3.5 million", "sv", 3_500_000),
        ("EUR 250 thousand", "en", 250_000),
        ("3.5 M€", "en", 3_500_000),
        ("€1.2 billion", "en", 1_200_000_000),
        # No scale word: the figure as written.
        ("1 500 000 kr", "sv", 1_500_000),
    ],
)
def test_scale_words_multiply_the_amount(written, language, amount):
    assert formats.parse_amount(written, language) == Decimal(amount)


@pytest.mark.parametrize("written", ["kr", "€", "ungefär", "1,2,3,4.5.6", "MSEK", "2 tkr miljoner"])
def test_what_is_no_amount_is_refused(written):
    with pytest.raises(ValueError):
        formats.parse_amount(written, "sv")


@pytest.mark.requirement("KR-4")
def test_a_table_reads_amounts_in_the_rows_language_else_the_sources():
    mapping = {"title": "Namn", "budget": "Belopp", "language": "Språk"}
    rows = [
        {"Namn": "Interreg", "Belopp": "€ 750,000", "Språk": "en"},
        {"Namn": "Länsstyrelsen", "Belopp": "1 500 000 kr", "Språk": ""},
    ]
    items, problems = formats.rows_to_items(rows, mapping, language="sv")
    assert problems == []
    assert [(item.budget, item.currency) for item in items] == [(750000, "EUR"), (1500000, "SEK")]
