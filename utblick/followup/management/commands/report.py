"""Write a report for scripted use: the yearly report of an organisation or a unit, or the mandate review."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from utblick.followup import reports
from utblick.organisations.models import Organisation, Unit
from utblick.strategies.models import MandatePeriod


class Command(BaseCommand):
    help = (
        "report organisation-year|unit-year|mandate-review --organisation SLUG ... --format docx|pdf|xlsx|html -o FILE"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["organisation-year", "unit-year", "mandate-review"])
        parser.add_argument("--organisation", required=True, metavar="SLUG")
        parser.add_argument("--unit", metavar="UNIT", help="The unit's short name or id (unit-year).")
        parser.add_argument("--year", type=int)
        parser.add_argument("--period", metavar="2023-2026", help="The mandate period (mandate-review).")
        parser.add_argument("--format", default="docx", choices=sorted(reports.RENDERERS))
        parser.add_argument("-o", "--output", required=True, metavar="FILE")

    def handle(
        self,
        *args,
        kind: str,
        organisation: str,
        unit=None,
        year=None,
        period=None,
        format: str,
        output: str,
        **options,
    ):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        if kind == "mandate-review":
            if not period or "-" not in period:
                raise CommandError("Give the mandate period as --period 2023-2026.")
            first = int(period.split("-")[0])
            found = MandatePeriod.for_date(MandatePeriod.bounds_for_election(first - 1)[0])
            report: Any = reports.build_mandate_review(organisation=org, period=found)
        else:
            if year is None:
                raise CommandError("Give the year with --year YYYY.")
            chosen = None
            if kind == "unit-year":
                if not unit:
                    raise CommandError("Give the unit with --unit (its short name or id).")
                units = Unit.objects.filter(organisation=org)
                chosen = units.filter(slug=unit).first() or (
                    units.filter(pk=int(unit)).first() if unit.isdigit() else None
                )
                if chosen is None:
                    raise CommandError(f"{org} has no unit {unit!r}.")
            report = reports.build_year_report(organisation=org, year=year, unit=chosen)
        Path(output).write_bytes(reports.render(report, format))
        self.stdout.write(f"{report.title}: {output}")
