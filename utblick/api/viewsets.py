"""Base classes of every API view: the permission choke point, audit, concurrency (X-6).

Apps build their viewsets from these, so each endpoint answers like the pages do: outside the
user's organisations 404, too low a role 403, a stale version 409, and every write goes through
the app's services with the token's name in the history.
"""

import re
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from utblick.core.permissions import get_object_for_user, require_permission
from utblick.organisations.models import Organisation
from utblick.organisations.permissions import ScopedQuerySet

from . import audit

# The rules action checked for each viewset action; custom actions name theirs with ``permission_action``.
ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class ApiViewMixin:
    """What every API view does around a request."""

    request: Request

    @classmethod
    def as_view(cls, *args: Any, **kwargs: Any) -> Any:
        view = super().as_view(*args, **kwargs)  # type: ignore[misc]
        # DRF answers unauthenticated calls with 401 itself; the site's sign-in redirect is for pages.
        view.login_required = False
        return view

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with audit.api_request():
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method not in SAFE_METHODS and request.user.is_authenticated:
            audit.set_reason(audit.reason_for(request.auth))

    def perform_authentication(self, request: Request) -> None:
        # DRF throttles after the permission check, so a request without credentials (401) or with a
        # wrong token was never counted. Count it here: a failed authentication against its address.
        try:
            super().perform_authentication(request)  # type: ignore[misc]
        except exceptions.AuthenticationFailed:
            self.check_throttles(request)
            raise
        self.check_throttles(request)

    def check_throttles(self, request: Request) -> None:
        if getattr(request, "_utblick_throttled", False):
            return  # counted once per request, before the permission check
        request._utblick_throttled = True
        super().check_throttles(request)  # type: ignore[misc]


class OrganisationMixin(ApiViewMixin):
    """Resources under ``/organisations/{organisation_slug}/``: members only, others get 404."""

    organisation: Organisation
    organisation_kwarg = "organisation_slug"
    kwargs: dict[str, Any]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.organisation = get_object_for_user(
            request.user, Organisation.objects.member_of(request.user), slug=self.kwargs[self.organisation_kwarg]
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["organisation"] = getattr(self, "organisation", None)
        return context

    @property
    def schema_only(self) -> bool:
        """drf-spectacular instantiates views without a request to read their serializers."""
        return getattr(self, "swagger_fake_view", False)


class ScopedViewSetMixin(OrganisationMixin):
    """Querysets through ``visible_to``; single objects through ``get_object_for_user``."""

    model: type[models.Model]
    lookup_value_regex = r"[0-9]+"
    permission_action: str | None = None

    def base_queryset(self) -> models.QuerySet:
        """The rows of this organisation, before the user's visibility; subclasses add joins."""
        return self.model._default_manager.in_organisation(self.organisation)  # type: ignore[attr-defined]

    def get_queryset(self) -> models.QuerySet:
        if self.schema_only:
            return self.model._default_manager.none()
        queryset = self.base_queryset()
        if not isinstance(queryset, ScopedQuerySet):  # every resource is read through the choke point
            raise TypeError(f"{self.model.__name__} has no scoped queryset")
        return queryset.visible_to(self.request.user)

    def rules_action(self) -> str:
        return self.permission_action or ACTIONS.get(getattr(self, "action", "") or "", "view")

    def get_object(self) -> Any:
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]  # type: ignore[attr-defined]
        obj = get_object_for_user(self.request.user, self.get_queryset(), action=self.rules_action(), pk=int(lookup))
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj

    def require(self, obj: models.Model, action: str) -> None:
        """The same rule as the pages for an object about to be written (e.g. a new one)."""
        require_permission(self.request.user, obj, action)

    def refetch(self, obj: models.Model) -> Any:
        """The saved object with the joins its representation needs."""
        return self.base_queryset().get(pk=obj.pk)


class ReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class WritableViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Writes go through ``create_object`` / ``update_object`` / ``delete_object``: the app's services."""

    def create_object(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update_object(self, obj: models.Model, data: dict[str, Any], *, expected_version: int | None) -> models.Model:
        raise NotImplementedError

    def delete_object(self, obj: models.Model) -> None:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.refetch(self.create_object(serializer.validated_data))
        return Response(self.get_serializer(obj).data, status=201, headers=self.object_headers(obj))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = self.expected_version(request, data, obj)
        obj = self.refetch(self.update_object(obj, data, expected_version=expected))
        return Response(self.get_serializer(obj).data, headers=self.object_headers(obj))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.delete_object(self.get_object())
        return Response(status=204)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return Response(self.get_serializer(obj).data, headers=self.object_headers(obj))

    def object_headers(self, obj: models.Model) -> dict[str, str]:
        version = getattr(obj, "version", None)
        return {"ETag": f'"{version}"'} if isinstance(version, int) else {}

    def expected_version(self, request: Request, data: dict[str, Any], obj: models.Model) -> int | None:
        """The version the client read: ``version`` in the body or ``If-Match``; required for versioned rows."""
        version = data.pop("version", None)
        if version is None:
            version = parse_if_match(request.headers.get("If-Match", ""))
        if version is None and isinstance(getattr(obj, "version", None), int):
            raise exceptions.ValidationError(
                {
                    "version": [
                        _(
                            "Send the version you read (the field version or an If-Match header), "
                            "so that a change made meanwhile is not overwritten."
                        )
                    ]
                }
            )
        return version


def parse_if_match(value: str) -> int | None:
    found = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', value or "")
    return int(found.group(1)) if found else None
