"""One FilterSet per listing: the deviation list page and the API filter the same way."""

import django_filters
from django.utils.translation import gettext_lazy as _

from utblick.organisations.models import Unit

from .models import Deviation


class DeviationFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=None, empty_label=_("All units"))
    rule = django_filters.CharFilter(label=_("Rule"), field_name="rule_key")
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("open", _("open")), ("resolved", _("resolved")), ("all", _("all"))],
        method="in_state",
        empty_label=None,
        help_text=_("Open deviations unless asked otherwise."),
    )

    class Meta:
        model = Deviation
        fields = ["unit", "rule", "state"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)

        self.filters["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by("name")

    def in_state(self, queryset, name, value):
        if value == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.filter(resolved_at__isnull=True)

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("state"):
            queryset = queryset.filter(resolved_at__isnull=True)
        return queryset
