"""Attachments: limited in size and type, served only through the permission check."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

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
