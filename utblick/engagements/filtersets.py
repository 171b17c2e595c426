"""One FilterSet per listing: the list pages, the exports and the API filter the same way."""

import functools
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from utblick.organisations.models import Unit

from .choices import Kind, RegionGroup, Status
from .forms import current_directions
from .models import Engagement, Partner
from .search import engagement_search


class EngagementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All"))
    owner_unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=None, empty_label=_("All units"))
    direction = django_filters.ModelChoiceFilter(
        label=_("Direction"), field_name="directions", queryset=None, empty_label=_("All directions")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=None, empty_label=_("All themes")
    )
    # Bounded: a year outside the calendar's range (e.g. 0) cannot be compared with a date.
    year = django_filters.NumberFilter(label=_("Year"), method="in_year", min_value=1900, max_value=2200)
    country = django_filters.CharFilter(label=_("Country"), method="in_country")
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), field_name="partners", queryset=None, empty_label=_("All partners")
    )
    published = django_filters.ChoiceFilter(
        label=_("Public pages"),
        choices=[("yes", _("published")), ("no", _("internal"))],
        empty_label=_("All"),
        method="by_publication",
    )

    class Meta:
        model = Engagement
        fields = ["q", "kind", "status", "owner_unit", "direction", "theme", "year", "country", "partner", "published"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)

        directions, themes = current_directions(organisation)
        self.filters["owner_unit"].queryset = Unit.objects.filter(organisation=organisation).order_by("name")
        self.filters["direction"].queryset = directions
        self.filters["theme"].queryset = themes
        self.filters["partner"].queryset = Partner.objects.filter(organisation=organisation).order_by("name")

    def search(self, queryset, name, value):
        # Full text, both languages' stems, ranked (search_rank); the list shows the best first.
        return engagement_search(queryset, value)

    def by_publication(self, queryset, name, value):
        published = queryset.published()  # the public pages' rule, one definition
        return published if value == "yes" else queryset.exclude(pk__in=published.values("pk"))

    def in_year(self, queryset, name, value):
        # The year as reports and indicators count it (cancelled work left out), unless the reader asks
        # for the cancelled ones with the status filter.
        if self.data.get("status") == Status.CANCELLED:
            return queryset.active_in(int(value))
        return queryset.counted_in(int(value))

    def in_country(self, queryset, name, value):
        code = value.strip().upper()
        # JSON containment is not on SQLite; a quoted code is unambiguous in the stored list.
        return queryset.filter(countries__icontains=f'"{code}"')

    @property
    def form(self):
        form = super().form
        partner = form.fields.get("partner")
        if partner is not None and not getattr(partner, "light_choices", False):
            # The options as (id, name) pairs, read when the form is drawn: an organisation may have
            # hundreds of partners, and a model object per option cost more than the list's rows.
            # Choosing still checks the value against the queryset.
            queryset, empty_label = partner.queryset, partner.empty_label

            @functools.cache  # read once, however often the widget goes through its options
            def options() -> list[tuple[Any, str]]:
                return [("", empty_label), *queryset.values_list("pk", "name")]

            partner.widget.choices = options
            partner.light_choices = True
        return form

    @property
    def qs(self):
        # Filters on many-to-many rows may repeat an engagement.
        queryset = super().qs
        if any(self.data.get(key) for key in ("direction", "theme", "partner")):
            queryset = queryset.distinct()
        return queryset


class PartnerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Partner._meta.get_field("kind").choices, empty_label=_("All kinds")
    )
    region_group = django_filters.ChoiceFilter(
        label=_("Region"), choices=RegionGroup.choices, empty_label=_("All regions")
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "region_group"]


class PartnerMapFilterSet(EngagementFilterSet):
    """The engagements whose partners a map shows: by status, direction and year, as the register filters them."""

    FIELDS = ("status", "direction", "year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.filters):
            if name not in self.FIELDS:
                del self.filters[name]

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and self.form.is_valid() and any(self.form.cleaned_data.get(name) for name in self.FIELDS)
