"""Uploads against the database after a restore: ``media_check`` and a missing file's page (issue 14.9)."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """An uploads folder of this test's own (the session's is shared by every test), and an archive
    folder of its own for the retention runs' packages, which ``media_check`` checks too."""
    from django.core.files.storage import FileSystemStorage

    from utblick.privacy.models import RetentionRun

    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = RetentionRun._meta.get_field("archive")
    monkeypatch.setattr(archive, "storage", FileSystemStorage(location=tmp_path / "archive"))
    return tmp_path / "media"


def _attachment(world, name="beslut.pdf", content=b"%PDF-1.4 beslut"):
    from utblick.engagements.models import Attachment
    from utblick.engagements.tests.factories import EngagementFactory

    attachment = Attachment(engagement=EngagementFactory(owner_unit=world.unit_a), title="Beslut")
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


def _orphan(media: Path, name: str, *, hours_old: float) -> Path:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"kvar efter en krasch")
    then = time.time() - hours_old * 3600
    os.utime(path, (then, then))
    return path


def _check(*options: str) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("media_check", *options, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_media_check_is_quiet_and_succeeds_when_database_and_uploads_agree(world, media):
    _attachment(world)
    out, error = _check()
    assert error is None
    assert out == "referenced 1, stored 1, missing 0, orphaned 0\n"


def test_media_check_names_missing_and_orphaned_files_and_fails(world, media):
    kept = _attachment(world, "ansokan.pdf")
    lost = _attachment(world, "beslut.pdf")
    Path(lost.file.path).unlink()  # restored database, uploads from an older backup
    orphan = _orphan(media, "imports/2026/utbildningar.csv", hours_old=3)
    _orphan(media, "imports/2026/pagaende.csv", hours_old=0)  # an upload on its way in: not judged

    out, error = _check()
    assert f"missing: engagements.Attachment {lost.pk} file: {lost.file.name}\n" in out
    assert "orphan: imports/2026/utbildningar.csv\n" in out
    assert "pagaende" not in out and kept.file.name not in out
    assert error == "referenced 2, stored 3, missing 1, orphaned 1, too recent to judge 1"
    assert orphan.exists()  # only reported


def test_media_check_deletes_orphans_when_asked_and_still_fails_on_a_missing_file(world, media):
    lost = _attachment(world)
    Path(lost.file.path).unlink()
    orphan = _orphan(media, "watch-imports/2026/utlysningar.xlsx", hours_old=2)

    out, error = _check("--delete-orphans")
    assert "orphan deleted: watch-imports/2026/utlysningar.xlsx\n" in out and not orphan.exists()
    assert error == "referenced 1, stored 1, missing 1, orphaned 1 (deleted)"

    _attachment(world, "nytt.pdf")
    lost.delete()
    out, error = _check("--delete-orphans")
    assert error is None and out.endswith("referenced 1, stored 1, missing 0, orphaned 0\n")


def test_a_missing_attachment_answers_a_page_that_says_so_instead_of_a_server_error(world, media, client_for):
    attachment = _attachment(world)
    url = f"/o/{world.org_a.slug}/attachments/{attachment.pk}/"
    assert b"".join(client_for("reader_a").get(url).streaming_content) == b"%PDF-1.4 beslut"

    Path(attachment.file.path).unlink()
    response = client_for("reader_a").get(url)
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Filen saknas</h1>" in page and "beslut.pdf" in page and "säkerhetskopian" in page
    assert f'href="{attachment.engagement.get_absolute_url()}#attachments-heading"' in page
    assert client_for("coordinator_b").get(url).status_code == 404  # outside the organisation: no page at all
    assert "Filen saknas" not in client_for("coordinator_b").get(url).content.decode()
