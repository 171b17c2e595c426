import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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

    def render_directions(self, record):
        return ", ".join(direction.name for direction in record.directions.all())


class PartnerTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True)

    class Meta:
        model = Partner
        fields = ["name", "kind", "country", "region_group"]
        attrs = {"class": "table"}
