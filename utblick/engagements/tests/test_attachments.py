"""Attachments: limited in size and type, served only through the permission check."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches

from utblick.engagements.models import Attachment

from .factories import EngagementFactory


def _post(client, world, engagement, upload):
    return client.post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/attachments/add/", {"title": "Beslut", "file": upload}
    )


def test_a_pdf_is_attached_and_downloaded_by_members_only(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a)
    response = _post(client_for("editor_a"), world, engagement, SimpleUploadedFile("beslut.pdf", b"%PDF-1.4 test"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    url = f"/o/{world.org_a.slug}/attachments/{attachment.pk}/"
    assert b"".join(client_for("reader_a").get(url).streaming_content) == b"%PDF-1.4 test"
    assert client_for("coordinator_b").get(url).status_code == 404


def test_a_program_file_is_refused_with_a_swedish_message_and_nothing_is_stored(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a)
    response = _post(client_for("editor_a"), world, engagement, SimpleUploadedFile("virus.exe", b"MZ"))
    assert response.status_code == 200
    assert "Filer av den här typen kan inte bifogas" in response.content.decode()
    assert not Attachment.objects.exists()


@override_settings(UTBLICK_MAX_UPLOAD_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a)
    response = _post(client_for("editor_a"), world, engagement, SimpleUploadedFile("stor.pdf", b"x" * 2048))
    assert response.status_code == 200 and "större än" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.requirement("X-1")
@pytest.mark.parametrize("debug", [True, False], ids=["development", "production"])
def test_uploads_are_never_served_as_media_files_not_even_in_development(world, client_for, debug):
    """Issue 14.8e: with DEBUG on, /media/ served any organisation's attachments to anyone signed in."""
    import config.urls

    engagement = EngagementFactory(owner_unit=world.unit_a)
    _post(client_for("editor_a"), world, engagement, SimpleUploadedFile("beslut.pdf", b"%PDF-1.4 hemligt"))
    attachment = Attachment.objects.get()
    try:
        with override_settings(DEBUG=debug):
            importlib.reload(config.urls)  # the URLs are built once, under the settings of the process
            clear_url_caches()
            for persona in ("coordinator_b", "coordinator_a", "anonymous"):
                response = client_for(persona).get(f"/media/{attachment.file.name}")
                assert response.status_code in (302, 404), persona
                assert b"hemligt" not in b"".join(getattr(response, "streaming_content", [response.content]))
            url = f"/o/{world.org_a.slug}/attachments/{attachment.pk}/"
            assert client_for("coordinator_b").get(url).status_code == 404
            assert b"".join(client_for("coordinator_a").get(url).streaming_content) == b"%PDF-1.4 hemligt"
    finally:
        importlib.reload(config.urls)
        clear_url_caches()
