"""Public pages and open data (X-5): the strategy and the non-confidential engagements with their results.

Only organisations that publish (``public_pages_enabled``) are shown, and of their engagements only
those somebody published (``Engagement.objects.public()``); confidential engagements and personal data
never appear — the pages name units, not people.
"""

import io
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from utblick.core import fulltext
from utblick.core.spreadsheets import CsvWriter
from utblick.engagements.models import Engagement, country_name
from utblick.engagements.search import engagement_search
from utblick.organisations.models import Organisation
from utblick.strategies import selectors as strategy_selectors

OPEN_DATA_COLUMNS = [
    "id", "organisation", "kind", "title", "unit", "status", "starts_on", "ends_on", "directions",
    "countries", "description", "expected_results", "achieved_results", "case_number", "published_at",
]  # fmt: skip


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.public(), slug=slug)


def _engagements(organisation: Organisation):
    return (
        Engagement.objects.public()
        .filter(organisation=organisation)
        .select_related("owner_unit", "organisation")
        .prefetch_related("directions", "partners")
        .order_by("-starts_on", "title")
    )


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"organisations": Organisation.objects.public()})


@login_not_required
def organisation_page(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    engagements = _engagements(organisation)
    query = request.GET.get("q", "").strip()
    this_year = timezone.localdate().year
    years = list(range(this_year - 5, this_year + 2))
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    if year in years:
        engagements = engagements.counted_in(year)  # the year as every report and indicator counts it
    if query:
        engagements = fulltext.ranked(engagement_search(engagements, query))
    page = Paginator(engagements, 25).get_page(request.GET.get("page"))
    strategy = strategy_selectors.strategy_get_current(organisation=organisation)
    context: dict[str, Any] = {
        "public_organisation": organisation,
        "page_obj": page,
        "query": query,
        "years": years,
        "year": year,
    }
    if strategy is not None:
        context.update(strategy_selectors.strategy_page_context(strategy=strategy, organisation=organisation))
    return render(request, "public/organisation.html", context)


@login_not_required
def partner_map(request: HttpRequest, org: str) -> HttpResponse:
    """The partners of the published engagements on a map, with the same partners in a table (X-5)."""
    from utblick.engagements import partner_maps
    from utblick.engagements import selectors as engagement_selectors
    from utblick.engagements.models import Partner

    organisation = _organisation(org)
    engagements = Engagement.objects.public().filter(organisation=organisation)
    mapped = engagement_selectors.partner_map(
        partners=Partner.objects.filter(organisation=organisation), engagements=engagements, linked_only=True
    )
    titles = dict(engagements.values_list("pk", "title"))

    def first_engagement(item: Any) -> str:
        return reverse("public:engagement", kwargs={"org": organisation.slug, "pk": min(item.engagements)})

    rows = [(item, sorted(((pk, titles[pk]) for pk in item.engagements), key=lambda row: row[1])) for item in mapped]
    context = partner_maps.map_context(request, mapped, url_for=first_engagement)
    return render(request, "public/partner_map.html", {"public_organisation": organisation, "rows": rows, **context})


@login_not_required
def engagement_page(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organisation = _organisation(org)
    engagement = get_object_or_404(_engagements(organisation), pk=pk)
    countries = [country_name(code) for code in engagement.countries or []]
    return render(
        request,
        "public/engagement.html",
        {"public_organisation": organisation, "engagement": engagement, "countries": countries},
    )


def _row(engagement: Engagement) -> dict[str, Any]:
    return {
        "id": engagement.pk,
        "organisation": engagement.organisation.slug,
        "kind": engagement.kind,
        "title": engagement.title,
        "unit": engagement.owner_unit.name,
        "status": engagement.status,
        "starts_on": engagement.starts_on.isoformat() if engagement.starts_on else "",
        "ends_on": engagement.ends_on.isoformat() if engagement.ends_on else "",
        "directions": "; ".join(d.name for d in engagement.directions.all()),
        "countries": ",".join(engagement.countries or []),
        "description": engagement.description,
        "expected_results": engagement.expected_results,
        "achieved_results": engagement.achieved_results,
        "case_number": engagement.case_number,
        "published_at": engagement.published_at.isoformat() if engagement.published_at else "",
    }


@login_not_required
def open_data(request: HttpRequest, org: str, file_format: str) -> HttpResponse:
    organisation = _organisation(org)
    rows = [_row(engagement) for engagement in _engagements(organisation)]
    if file_format == "json":
        response: HttpResponse = JsonResponse(
            {"organisation": organisation.name, "columns": OPEN_DATA_COLUMNS, "engagements": rows},
            json_dumps_params={"ensure_ascii": False},
        )
    elif file_format == "csv":
        buffer = io.StringIO()
        writer = CsvWriter(buffer)
        writer.writerow(OPEN_DATA_COLUMNS)
        writer.writerows([row[column] for column in OPEN_DATA_COLUMNS] for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="utblick-{organisation.slug}.{file_format}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data may be read by any site
    return response


DECIDIM_STATUS = {
    "idea": "Ej påbörjad",
    "planned": "Ej påbörjad",
    "ongoing": "Pågår",
    "completed": "Genomförd",
    "cancelled": "Avbruten",
}
DECIDIM_PROGRESS = {"idea": 0, "planned": 0, "ongoing": 50, "completed": 100, "cancelled": 0}


@login_not_required
def decidim_results(request: HttpRequest, org: str) -> HttpResponse:
    """Results in the layout of Decidim's accountability import, for a participation platform (ST-13)."""
    organisation = _organisation(org)
    buffer = io.StringIO()
    columns = [
        "id",
        "parent_id",
        "title/sv",
        "description/sv",
        "start_date",
        "end_date",
        "status",
        "progress",
        "external_id",
    ]
    writer = CsvWriter(buffer, delimiter=";")
    writer.writerow(columns)
    with translation.override("sv"):  # the columns are the Swedish ones ("description/sv")
        labels = (_("Expected results"), _("Achieved results"))
    for engagement in _engagements(organisation):
        results = [
            f"{label}: {text}"
            for label, text in zip(labels, (engagement.expected_results, engagement.achieved_results), strict=True)
            if text
        ]
        writer.writerow(
            [
                "",
                "",
                engagement.title,
                "\n\n".join([engagement.description, *results]).strip(),
                engagement.starts_on.isoformat() if engagement.starts_on else "",
                engagement.ends_on.isoformat() if engagement.ends_on else "",
                DECIDIM_STATUS.get(engagement.status, ""),
                DECIDIM_PROGRESS.get(engagement.status, 0),
                f"utblick-{engagement.pk}",
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="decidim-resultat-{organisation.slug}.csv"'
    return response
