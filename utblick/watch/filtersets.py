"""One FilterSet per listing: the item list page and the API filter items the same way; profiles by unit."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core import fulltext
from utblick.organisations.models import Unit

from . import programmes, text
from .choices import ItemKind, ItemStatus
from .models import Item, ItemTerms, Source, WatchProfile
from .search import TERMS_INDEX, expanded_query
from .selectors import glossary


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Swedish or English; the units' keyword pairs translate between the two."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ItemKind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ItemStatus.choices, empty_label=_("All"))
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), choices=programmes.programme_choices, empty_label=_("All programmes")
    )
    source = django_filters.ModelChoiceFilter(label=_("Source"), queryset=None, empty_label=_("All sources"))
    # Bounded: a number of days past the calendar's end cannot be added to today.
    deadline_within = django_filters.NumberFilter(
        label=_("Deadline within (days)"),
        method="deadline_soon",
        min_value=1,
        max_value=730,
        widget=forms.NumberInput(attrs={"min": 1, "max": 730}),
    )
    open_only = django_filters.BooleanFilter(
        label=_("Only calls one can still apply to"), method="still_open", widget=forms.CheckboxInput
    )

    class Meta:
        model = Item
        fields = ["q", "kind", "status", "programme", "source", "deadline_within", "open_only"]

    def __init__(self, *args, organisation, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The pages pass the user; the API's filter backend passes the request.
        user = user if user is not None else self.request.user
        self.organisation = organisation
        self.filters["source"].queryset = Source.objects.visible_to(user).in_organisation(organisation).order_by("name")

    def search(self, queryset, name, value):
        """Items sharing a stem with the words searched (widened by the keyword pairs), or the identifier."""

        if self.glossary is None:
            self.glossary = glossary(organisation=self.organisation)
        query = expanded_query(value, self.glossary)
        stems = " ".join(sorted(query.all_stems()))
        matching = fulltext.search(ItemTerms.objects.all(), TERMS_INDEX, stems).values("item_id")
        self.search_query = query
        return queryset.filter(Q(pk__in=matching) | Q(identifier__icontains=value.strip()))

    def deadline_soon(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=int(value)))

    def still_open(self, queryset, name, value):
        return queryset.open_on(timezone.localdate()) if value else queryset

    # The keyword pairs that translate a search; read from the organisation's profiles when first needed.
    glossary: list[str] | None = None
    search_query = None


class WatchProfileFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=None, empty_label=_("All units"))

    class Meta:
        model = WatchProfile
        fields = ["unit"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)

        self.filters["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by("name")


def words_searched(value: str) -> list[str]:
    return text.words(value)
