import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .choices import Kind, Status
from .models import Engagement, Partner


class EngagementTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    owner_unit = tables.Column(verbose_name=_("Unit"), accessor="owner_unit__name", order_by="owner_unit__name")
    status = tables.Column(verbose_name=_("Status"))
    starts_on = tables.DateColumn(verbose_name=_("Starts"), format="Y-m-d")
    ends_on = tables.DateColumn(verbose_name=_("Ends"), format="Y-m-d")
    directions = tables.Column(verbose_name=_("Directions"), empty_values=(), orderable=False)

    class Meta:
        model = Engagement
        fields = ["title", "kind", "owner_unit", "status", "starts_on", "ends_on", "directions"]
        attrs = {"class": "table"}
        order_by = ("-starts_on",)
        template_name = "engagements/engagement_table.html"  # rows without per-cell rendering (make bench)

    def rows_html(self) -> str:
        """The page's rows, written straight from the records (engagement_table.html).

        django-tables2 keeps the ordering links and the pagination; rendering each cell through it — a
        signature inspected and a template compiled per cell — cost more than the page's queries, and a
        template loop over fifty rows still more than the queries. The cells are the same.
        """
        kinds = {value: str(label) for value, label in Kind.choices}
        statuses = {value: str(label) for value, label in Status.choices}
        rows = (row.record for row in self.paginated_rows)
        return format_html_join(
            "\n",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("engagements:engagement", kwargs={"org": e.organisation.slug, "pk": e.pk}),
                    e.title,
                    kinds.get(e.kind, e.kind),
                    e.owner_unit.name,
                    statuses.get(e.status, e.status),
                    e.starts_on.isoformat() if e.starts_on else "—",
                    e.ends_on.isoformat() if e.ends_on else "—",
                    ", ".join(direction.name for direction in e.directions.all()),
                )
                for e in rows
            ),
        )

    def render_directions(self, record):
        return ", ".join(direction.name for direction in record.directions.all())


class PartnerTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True)

    class Meta:
        model = Partner
        fields = ["name", "kind", "country", "region_group"]
        attrs = {"class": "table"}
