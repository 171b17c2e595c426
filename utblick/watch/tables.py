import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Item


class ItemTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), empty_values=(), order_by=("title",))
    programme = tables.Column(verbose_name=_("Programme"), accessor="programme_name", order_by=("programme_name",))
    status = tables.Column(verbose_name=_("Status"))
    closes_on = tables.Column(verbose_name=_("Next deadline"), empty_values=())
    source = tables.Column(verbose_name=_("Source"), accessor="source__name", order_by=("source__name",))
    why = tables.Column(verbose_name=_("Why it was found"), empty_values=(), orderable=False)

    class Meta:
        model = Item
        fields = ["title", "programme", "status", "closes_on", "source", "why"]
        attrs = {"class": "table"}
        order_by = ("closes_on",)

    def __init__(self, *args, organisation, explanations=None, **kwargs):
        self.organisation = organisation
        self.explanations = explanations or {}
        if not explanations:
            kwargs.setdefault("exclude", ["why"])
        super().__init__(*args, **kwargs)

    def render_title(self, record):
        record.viewed_in = self.organisation
        return format_html(
            '<a href="{}">{}</a> <span class="muted">{}</span>',
            record.get_absolute_url(),
            record.title,
            record.identifier,
        )

    def render_closes_on(self, record):
        """The next deadline (the list is ordered by the last one, so calls open longest come last)."""
        upcoming = record.next_deadline()
        later = [day for day in record.deadline_dates if upcoming and day > upcoming]
        if upcoming is None:
            return "—"
        return f"{upcoming:%Y-%m-%d}" + (f" (+{len(later)})" if later else "")

    def render_why(self, record):
        return self.explanations.get(record.pk, "")
