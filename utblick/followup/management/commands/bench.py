"""Time pages in-process, interleaved with their references, and print each as a ratio (make bench).

Run on PostgreSQL with synthetic data (generate_synthetic). Every scenario is the whole Django
request — middleware, permission checks, queries, templates — and is timed in the same rounds as
its reference, one after the other, so that a busy machine slows both alike:

- the engagement list against the Django admin changelist with the same filter (kind, status,
  organisation and year) and the same text search;
- the list, the dashboard and the comparison page against their SQL floor: the very queries the page
  ran, executed again straight on the database connection;
- the yearly report per format for the organisation with 40 units (3,000 engagements) and for the
  largest one, against the 5-second budget;
- the partner search across every organisation's shared engagements (by country and kind, and by
  words), against its target of p95 ≤ 150 ms, and the partner map of the organisation with the most
  partners, against their SQL floor.

The plans of each page's slowest query (EXPLAIN ANALYZE) are written beside the figures, so that an
index the plan asks for is seen. Results go to var/bench.json and var/bench-plans.txt.
"""

import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from utblick.core.models import User
from utblick.organisations.choices import Role
from utblick.organisations.models import Membership, Organisation

REPORT_BUDGET_MS = 5000.0
SEARCH_TARGET_P95_MS = 150.0
YEAR = 2025


@dataclass
class Page:
    name: str
    client: Client
    url: str
    reference: str | None = None  # another page's name, or "sql" for the page's own SQL floor
    times: list[float] = field(default_factory=list)
    sql: list[str] = field(default_factory=list)
    sql_times: list[float] = field(default_factory=list)


def _p(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _readable(sql: str) -> str:
    """The query as it can run again: a server-side cursor's SELECT without its DECLARE."""
    if sql.startswith("DECLARE ") and " FOR " in sql:
        return sql.split(" FOR ", 1)[1]
    return sql


def _timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = "Benchmark the pages that grow with the register against their references; writes var/bench.json."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=9)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench.json"))
        parser.add_argument("--no-reports", action="store_true", help="Leave out the report scenarios.")

    def handle(self, *args, runs: int, output: str, no_reports: bool, **options):
        organisation = Organisation.objects.annotate(n=Count("engagements")).order_by("-n").first()
        if organisation is None or organisation.n == 0:
            raise CommandError("No engagements; run generate_synthetic first.")
        user, _ = User.objects.get_or_create(
            email="bench@utblick.example", defaults={"is_staff": True, "is_superuser": False}
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Role.COORDINATOR})
        admin, _ = User.objects.get_or_create(
            email="bench-admin@utblick.example", defaults={"is_staff": True, "is_superuser": True}
        )
        most_partners = Organisation.objects.annotate(p=Count("partners")).order_by("-p").first()
        if most_partners is not None and most_partners.pk != organisation.pk:
            Membership.objects.get_or_create(user=user, organisation=most_partners, defaults={"role": Role.COORDINATOR})
        mapped = most_partners or organisation
        client, admin_client = Client(), Client()
        client.force_login(user)
        admin_client.force_login(admin)
        slug, pk = organisation.slug, organisation.pk
        admin_url = "/admin/engagements/engagement/"
        # The list's year is "active during the year"; on the synthetic data (every engagement dated)
        # the admin's date lookups select exactly the same rows.
        same_year = f"starts_on__year__lte={YEAR}&ends_on__year__gte={YEAR}"
        pages = [
            Page("organisation dashboard", client, f"/o/{slug}/followup/", "sql"),
            Page("comparison page", client, f"/o/{slug}/followup/compare/", "sql"),
            Page(
                "engagement list, filtered", client, f"/o/{slug}/engagements/?kind=project&status=ongoing&year={YEAR}"
            ),
            Page(
                "admin changelist, same filter",
                admin_client,
                f"{admin_url}?kind__exact=project&status__exact=ongoing&organisation__id__exact={pk}&{same_year}",
            ),
            Page("engagement list, text search", client, f"/o/{slug}/engagements/?q=projekt"),
            Page("admin changelist, same search", admin_client, f"{admin_url}?q=projekt&organisation__id__exact={pk}"),
            Page("partner search, country and kind", client, f"/o/{slug}/network/?country=DE&kind=project", "sql"),
            Page("partner search, words", client, f"/o/{slug}/network/?q=Hamburg&year_from={YEAR}", "sql"),
            Page(f"partner map, {mapped.partners.count()} partners", client, f"/o/{mapped.slug}/partners/map/", "sql"),
        ]
        targets = {
            "partner search, country and kind": SEARCH_TARGET_P95_MS,
            "partner search, words": SEARCH_TARGET_P95_MS,
        }
        references = {
            "engagement list, filtered": "admin changelist, same filter",
            "engagement list, text search": "admin changelist, same search",
        }
        by_name = {page.name: page for page in pages}
        for page in pages:
            page.reference = references.get(page.name, page.reference)
            page.client.get(page.url)  # warm caches and connections
            with CaptureQueriesContext(connection) as queries:
                response = page.client.get(page.url)
            if response.status_code != 200:
                raise CommandError(f"{page.name}: HTTP {response.status_code}")
            page.sql = [_readable(query["sql"]) for query in queries.captured_queries]
        self.stdout.write(f"Organisation {organisation.name}: {organisation.n} engagements; {runs} interleaved rounds")
        for _round in range(runs):
            for page in pages:
                page.times.append(_timed(lambda page=page: page.client.get(page.url)))
                page.sql_times.append(_timed(lambda page=page: self._replay(page.sql)))
        results: dict[str, Any] = {}
        self.stdout.write(f"{'scenario':40s} {'p50 ms':>8s} {'p95 ms':>8s} {'queries':>7s}   reference")
        for page in pages:
            p50, p95 = statistics.median(page.times), _p(page.times, 0.95)
            sql_p50 = statistics.median(page.sql_times)
            entry: dict[str, Any] = {
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "runs": runs,
                "url": page.url,
                "queries": len(page.sql),
                "sql_floor_p50_ms": round(sql_p50, 1),
                "page_per_sql": round(p50 / sql_p50, 2) if sql_p50 else None,
            }
            note = f"÷ SQL floor ({sql_p50:.1f} ms) = {p50 / sql_p50:.2f}" if sql_p50 else ""
            if page.reference and page.reference != "sql":
                reference = by_name[page.reference]
                ratio = p50 / statistics.median(reference.times)
                entry |= {"reference": reference.name, "ratio": round(ratio, 2)}
                note = f"÷ {reference.name} = {ratio:.2f}; " + note
            if page.name in targets:
                entry["target_p95_ms"] = targets[page.name]
                note += f"; target p95 ≤ {targets[page.name]:.0f} ms"
            results[page.name] = entry
            self.stdout.write(f"{page.name:40s} {p50:8.1f} {p95:8.1f} {len(page.sql):7d}   {note}")
        plans = self._plans(pages)
        if not no_reports:
            results.update(self.report_scenarios(runs=max(2, runs // 3)))
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        load = dict(zip(("1 min", "5 min", "15 min"), (round(value, 2) for value in os.getloadavg()), strict=True))
        self.stdout.write(f"Load average while measuring: {load}")
        Path(output).write_text(
            json.dumps(
                {"organisation": slug, "engagements": organisation.n, "load_average": load, "scenarios": results},
                indent=2,
            )
        )
        plans_path = Path(output).with_name(Path(output).stem + "-plans.txt")
        plans_path.write_text(plans)
        self.stdout.write(f"Written to {output} and {plans_path}")

    @staticmethod
    def _replay(statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue  # the floor is what the page reads; writes (e.g. the session) are left out
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    def _plans(self, pages: list[Page]) -> str:
        """EXPLAIN ANALYZE of each page's slowest query; the summary line and the indexes it used are printed."""
        if connection.vendor != "postgresql":
            return ""
        text = []
        self.stdout.write("Plans of each page's slowest query (EXPLAIN ANALYZE, in full in the plans file):")
        for page in pages:
            if page.name.startswith("admin"):
                continue
            slowest, slowest_ms = "", -1.0
            with connection.cursor() as cursor:
                for sql in page.sql:
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    took = _timed(lambda sql=sql: cursor.execute(sql))
                    if took > slowest_ms:
                        slowest, slowest_ms = sql, took
                if not slowest:
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest)
                plan = [row[0] for row in cursor.fetchall()]
            used = sorted({line.split(" on ")[0].split("using ")[-1].strip() for line in plan if " using " in line})
            total = next((line for line in plan if line.startswith("Execution Time")), "")
            self.stdout.write(f"  {page.name}: {total}; indexes: {', '.join(used) or 'none'}")
            text.append(f"== {page.name}\n{slowest}\n\n" + "\n".join(plan) + "\n")
        return "\n".join(text)

    def report_scenarios(self, *, runs: int) -> dict:
        """The yearly report per format, for the organisation with 40 units (3,000 engagements) and the largest."""
        from utblick.followup import reports

        chosen: list[Organisation] = []
        forty = (
            Organisation.objects.annotate(units_count=Count("units", distinct=True))
            .filter(units_count__gte=40)
            .order_by("-units_count")
            .first()
        )
        if forty is not None:
            chosen.append(forty)
        largest = Organisation.objects.annotate(n=Count("engagements")).order_by("-n").first()
        if largest is not None and largest not in chosen:
            chosen.append(largest)
        results: dict[str, Any] = {}
        for organisation in chosen:
            units, engagements = organisation.units.count(), organisation.engagements.count()
            times: dict[str, list[float]] = {"gather": [], "docx": [], "pdf": [], "xlsx": [], "docx+pdf": []}
            for _ in range(runs):
                started = time.perf_counter()
                report = reports.build_year_report(organisation=organisation, year=YEAR)
                gathered = (time.perf_counter() - started) * 1000
                docx = _timed(lambda report=report: reports.render(report, "docx"))
                pdf = _timed(lambda report=report: reports.render(report, "pdf"))
                times["gather"].append(gathered)
                times["docx"].append(docx)
                times["pdf"].append(pdf)
                times["docx+pdf"].append(gathered + docx + pdf)
                times["xlsx"].append(_timed(lambda report=report: reports.render(report, "xlsx")))
            for part, values in times.items():
                name = f"yearly report {part} ({units} units, {engagements} engagements)"
                p50, worst = statistics.median(values), max(values)
                results[name] = {"p50_ms": round(p50, 1), "p95_ms": round(worst, 1), "runs": runs}
                note = f"÷ 5 s budget = {worst / REPORT_BUDGET_MS:.2f} (slowest)" if part == "docx+pdf" else ""
                self.stdout.write(f"{name:62s} p50 {p50:8.1f} ms  max {worst:8.1f} ms  {note}")
        return results
