"""The benchmark tools run end to end at a small scale, so `make bench` does not rot."""

import json

import pytest
from django.core.management import call_command

from utblick.engagements.models import Engagement, Partner
from utblick.network.models import NetworkRecord


@pytest.mark.django_db
def test_synthetic_data_is_reproducible_and_the_bench_reports_p50_and_p95(tmp_path):
    call_command("generate_synthetic", organisations=3, engagements=120, seed=7, verbosity=0)
    first = list(Engagement.objects.order_by("pk").values_list("kind", "starts_on"))
    assert len(first) == 120 and Engagement.history.count() == 120
    call_command("generate_synthetic", organisations=3, engagements=120, seed=7, verbosity=0)
    second = list(Engagement.objects.order_by("pk").values_list("kind", "starts_on"))[120:]
    assert second == first  # the same seed gives the same data
    output = tmp_path / "bench.json"
    call_command("bench", runs=2, output=str(output), verbosity=0)
    report = json.loads(output.read_text())
    assert set(report["scenarios"]) >= {"organisation dashboard", "engagement list, filtered"}
    # The partner network at scale: its search against the 150 ms target, the map of the most partners.
    search = report["scenarios"]["partner search, country and kind"]
    assert search["target_p95_ms"] == 150.0 and report["scenarios"]["partner search, words"]["target_p95_ms"] == 150
    assert any(name.startswith("partner map, ") for name in report["scenarios"])
    assert NetworkRecord.objects.exists()  # organisations take part and share part of their work
    assert Partner.objects.exclude(latitude=None).count() == Partner.objects.count()  # every partner placed
    for figures in report["scenarios"].values():
        assert figures["p50_ms"] > 0 and figures["p95_ms"] >= figures["p50_ms"]
