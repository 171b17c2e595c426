"""The partner network's feeds: the shared data for peer installations with a token, the published data for all."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from utblick.engagements.models import Engagement
from utblick.organisations.models import Organisation

from . import records
from .models import FeedToken, NetworkRecord


def bearer_token(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_valid(token: str) -> bool:
    found = FeedToken.objects.matching(token).first()
    if found is None:
        return False
    FeedToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return True


def _source(request: HttpRequest, name: str = "") -> dict[str, str]:
    return {
        "name": name or getattr(settings, "UTBLICK_OPERATOR_NAME", "") or "Utblick",
        "url": request.build_absolute_uri("/"),
    }


def shared_document(request: HttpRequest) -> dict:
    """Every local record of the organisations taking part: what the other organisations here see too."""
    rows = NetworkRecord.objects.visible().local().order_by("organisation_slug", "engagement_id")
    return records.document(
        [records.entry_of_record(row) for row in rows.iterator(chunk_size=2000)],
        source=_source(request),
        generated=timezone.now().isoformat(),
    )


def public_document(request: HttpRequest, organisation: Organisation) -> dict:
    """The organisation's published engagements, without names or e-mail addresses of people."""
    engagements = records.engagements_for_records(Engagement.objects.public().filter(organisation=organisation))
    return records.document(
        [records.entry(engagement, with_contact=False) for engagement in engagements.order_by("pk")],
        source=_source(request, organisation.name),
        generated=timezone.now().isoformat(),
    )


def response(document: dict) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")), content_type="application/json; charset=utf-8"
    )
