"""Time pages in-process over several runs and report p50/p95 per scenario (make bench).

Run on PostgreSQL with synthetic data (generate_synthetic). The timings include the whole
Django request: middleware, permission checks, queries and template rendering.
"""

import json
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test import Client

from utblick.organisations.choices import Role
from utblick.organisations.models import Membership, Organisation


class Command(BaseCommand):
    help = "Benchmark the main pages and print p50/p95 per scenario; writes var/bench.json."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench.json"))

    def handle(self, *args, runs: int, output: str, **options):
        from django.contrib.auth import get_user_model

        organisation = Organisation.objects.annotate(n=Count("engagements")).order_by("-n").first()
        if organisation is None or organisation.n == 0:
            raise CommandError("No engagements; run generate_synthetic first.")
        User = get_user_model()
        user, _ = User.objects.get_or_create(
            email="bench@utblick.example", defaults={"is_staff": True, "is_superuser": False}
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Role.COORDINATOR})
        admin, _ = User.objects.get_or_create(
            email="bench-admin@utblick.example", defaults={"is_staff": True, "is_superuser": True}
        )
        client, admin_client = Client(), Client()
        client.force_login(user)
        admin_client.force_login(admin)
        slug = organisation.slug
        scenarios = {
            "organisation dashboard": (client, f"/o/{slug}/followup/"),
            "engagement list, filtered": (client, f"/o/{slug}/engagements/?kind=project&status=ongoing&year=2025"),
            "engagement list, text search": (client, f"/o/{slug}/engagements/?q=Projekt"),
            "admin changelist, same filter (reference)": (
                admin_client,
                f"/admin/engagements/engagement/?kind__exact=project&status__exact=ongoing&organisation__id__exact={organisation.pk}",
            ),
        }
        extra = getattr(self, "extra_scenarios", {})
        scenarios.update(extra)
        results = {}
        self.stdout.write(f"Organisation {organisation.name}: {organisation.n} engagements; {runs} runs each")
        for name, (who, url) in scenarios.items():
            who.get(url)  # warm caches and connections
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                response = who.get(url)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{name}: HTTP {response.status_code}")
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            results[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "runs": runs, "url": url}
            self.stdout.write(f"{name:45s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
        results.update(self.report_scenario(runs=max(2, runs // 3)))
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(
            json.dumps({"organisation": slug, "engagements": organisation.n, "scenarios": results}, indent=2)
        )
        self.stdout.write(f"Written to {output}")

    def report_scenario(self, *, runs: int) -> dict:
        """The yearly report of the organisation with the most units (40 in `make bench`), as DOCX and PDF."""
        from django.db.models import Count

        from utblick.followup import reports

        organisation = (
            Organisation.objects.annotate(units_count=Count("units", distinct=True))
            .filter(units_count__gte=40)
            .order_by("-units_count")
            .first()
        )
        if organisation is None:
            return {}
        engagements = organisation.engagements.count()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            report = reports.build_year_report(organisation=organisation, year=2025)
            reports.render(report, "docx")
            reports.render(report, "pdf")
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        name = f"yearly report DOCX+PDF ({organisation.units.count()} units, {engagements} engagements)"
        p50, p95 = statistics.median(times), times[-1]
        self.stdout.write(f"{name:45s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
        return {name: {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "runs": runs}}
