"""In Chromium: the pages of an interrupted job and of a missing file pass axe and offer the way on."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

pytestmark = pytest.mark.browser


def test_interrupted_jobs_and_a_missing_file_are_explained_accessibly(page, sign_in, axe, world, settings, tmp_path):
    from utblick.engagements.models import Attachment, EngagementImport
    from utblick.engagements.tests.factories import EngagementFactory
    from utblick.followup.models import ReportBuild

    settings.MEDIA_ROOT = str(tmp_path)
    org = world.org_a.slug
    now = timezone.now()
    job = EngagementImport.objects.create(
        organisation=world.org_a, kind="training", filename="utbildningar.csv", state="failed", interrupted_at=now
    )
    build = ReportBuild.objects.create(
        organisation=world.org_a,
        parameters={"kind": "year", "year": "2026", "unit": "", "period": ""},
        file_format="pdf",
        state="failed",
        interrupted_at=now,
    )
    attachment = Attachment(engagement=EngagementFactory(owner_unit=world.unit_a), title="Beslut")
    attachment.file.save("beslut.pdf", ContentFile(b"%PDF-1.4"), save=True)
    (tmp_path / attachment.file.name).unlink()

    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{org}/engagements/imports/{job.pk}/")
    assert "avbröts eftersom bakgrundsprocessen stoppades" in page.locator("#import-status").inner_text()
    axe()
    page.goto(f"/o/{org}/reports/builds/{build.pk}/")
    axe()
    with page.expect_navigation():
        page.get_by_role("button", name="Skriv rapporten igen").click()
    assert page.url != f"/o/{org}/reports/builds/{build.pk}/" and "/reports/builds/" in page.url
    assert ReportBuild.objects.count() == 2  # the same report, asked for again

    response = page.goto(f"/o/{org}/attachments/{attachment.pk}/")
    assert response.status == 404 and page.get_by_role("heading", name="Filen saknas").is_visible()
    axe()
