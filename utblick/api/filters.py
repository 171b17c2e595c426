"""List filters: the apps' FilterSets (the same the list pages use) and an explicit ordering whitelist."""

import inspect
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, giving organisation-bound FilterSets their organisation."""

    def get_filterset_kwargs(self, request: Any, queryset: Any, view: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and "organisation" in inspect.signature(filterset_class.__init__).parameters:
            kwargs["organisation"] = view.organisation
        return kwargs


class Ordering(OrderingFilter):
    """``?ordering=title,-starts_on`` over the view's ``ordering_fields`` only; ties broken by id."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if "pk" not in ordering and "id" not in ordering and "-pk" not in ordering and "-id" not in ordering:
            ordering.append("pk")
        return ordering
