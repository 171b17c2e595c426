"""The demo register: a year and a half of believable work for each of the five seed organisations."""

import datetime
import tomllib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from utblick.engagements.choices import Confidentiality, Kind, ProjectStage, Status
from utblick.engagements.demo import DATA, ORGANISATIONS, DemoDataError
from utblick.engagements.demo.builder import OrganisationDemo
from utblick.engagements.models import (
    AgreementReview,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    Project,
    ProjectStageChange,
    TripLeg,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_each_organisation_has_a_year_and_a_half_of_every_kind_of_work(demo, slug):
    engagements = Engagement.objects.filter(organisation__slug=slug)
    assert engagements.count() >= 30
    assert set(engagements.values_list("kind", flat=True)) == set(Kind.values)
    stages = set(Project.objects.filter(engagement__organisation__slug=slug).values_list("stage", flat=True))
    assert stages == set(ProjectStage.values)  # every step of the pipeline has a project in it
    assert engagements.filter(confidentiality=Confidentiality.CONFIDENTIAL).count() >= 2
    published = engagements.filter(published_at__isnull=False)
    assert published.count() >= 20 and not published.filter(confidentiality=Confidentiality.CONFIDENTIAL).exists()
    assert engagements.public().count() == published.count()  # the public pages show what was published
    internal = engagements.filter(published_at__isnull=True, confidentiality=Confidentiality.OPEN)
    assert internal.exists()  # and some open work is still internal: applications, requests, ideas
    # Work spread over the last year and a half, not a single day: started, going on and finished.
    since = datetime.date(2025, 6, 1)
    assert engagements.filter(starts_on__gte=since).count() >= 15
    assert engagements.filter(status=Status.COMPLETED, ends_on__gte=since).count() >= 5
    assert engagements.filter(status=Status.PLANNED).exists() and engagements.filter(status=Status.ONGOING).exists()
    assert engagements.filter(partners__isnull=False).distinct().count() >= 15
    assert engagements.filter(responsible__isnull=False).count() >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_each_organisation_records_the_follow_up_of_its_work(demo, slug):
    org = {"organisation__slug": slug}
    assert Exchange.objects.filter(agreement__engagement__organisation__slug=slug).count() >= 3
    assert Evaluation.objects.filter(membership__engagement__organisation__slug=slug).count() >= 3
    assert TripLeg.objects.filter(trip__engagement__organisation__slug=slug).count() >= 3
    assert BudgetLine.objects.filter(engagement__organisation__slug=slug).count() >= 3
    assert ProjectStageChange.objects.filter(project__engagement__organisation__slug=slug).count() >= 10
    assert Engagement.objects.filter(**org).exclude(achieved_results="").count() >= 10
    if slug in ("kristianstad", "vaxjo", "stockholm"):
        assert AgreementReview.objects.filter(agreement__engagement__organisation__slug=slug).exists()
    years = (
        Engagement.objects.filter(**org, starts_on__year__gte=2025).values("starts_on__year").annotate(n=Count("id"))
    )
    assert {row["starts_on__year"] for row in years} >= {2025, 2026}  # trends have points in both years


def test_every_engagement_in_the_data_files_states_its_confidentiality_and_whether_it_is_published():
    for slug in ORGANISATIONS:
        data = tomllib.loads((DATA / f"{slug}.toml").read_text(encoding="utf-8"))
        for spec in data["engagement"]:
            assert spec.get("confidentiality") in {"open", "confidential"}, f"{slug}: {spec['title']}"
            assert isinstance(spec.get("published"), bool), f"{slug}: {spec['title']}"
            if spec["confidentiality"] == "confidential":
                assert spec.get("confidentiality_ground") and not spec["published"], spec["title"]


@pytest.mark.django_db
def test_an_entry_without_its_publication_is_refused(demo):
    spec = {
        "kind": "visit",
        "title": "Utan publiceringsbeslut",
        "unit": "klk",
        "confidentiality": "open",
        "detail": {"direction": "incoming"},
    }
    with pytest.raises(DemoDataError):
        OrganisationDemo("kristianstad").load({"engagement": [spec]})
    assert not Engagement.objects.filter(title="Utan publiceringsbeslut").exists()
