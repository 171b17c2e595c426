"""The reply to a visit request as a Word document, in Swedish or, for a foreign requester, English (ST-3)."""

import io
from typing import Any

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from docx import Document

from utblick.core.permissions import ObjectPermissionMixin
from utblick.organisations.mixins import OrganisationMixin

from .choices import Kind
from .models import Engagement

LANGUAGES = ("sv", "en")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def reply_document(engagement: Engagement, language: str) -> bytes:
    """The same reply the visit's page shows, in ``language``, as DOCX."""
    visit = engagement.visit
    with translation.override(language):
        text = render_to_string(
            "engagements/visit_reply.txt", {"detail": visit, "organisation": engagement.organisation}
        )
        document = Document()
        document.core_properties.language = language
        document.core_properties.title = _("Reply to your visit request")
        document.add_heading(_("Reply to your visit request"), 1)
        document.add_paragraph(" ".join(text.split()))
        document.add_paragraph(engagement.organisation.name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class VisitReplyView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    """GET ``?language=sv|en``: the decided request's reply as a download."""

    model = Engagement

    def get_queryset(self):
        return super().get_queryset().filter(kind=Kind.VISIT, visit__isnull=False).select_related("organisation")

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        language = self.request.GET.get("language", "sv")
        if language not in LANGUAGES or not self.object.visit.decision:
            raise Http404
        response = HttpResponse(reply_document(self.object, language), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="svar-{self.object.pk}-{language}.docx"'
        return response
