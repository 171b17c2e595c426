"""View mixins for pages inside one organisation (``/o/<org>/...``)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from utblick.core.models import Visitor
from utblick.core.permissions import get_object_for_user, require_permission

from .models import Organisation


class OrganisationMixin:
    """Resolves ``self.organisation`` from the ``org`` URL argument through the choke point.

    ``organisation_permission`` (e.g. ``"organisations.add_unit"``) is checked against the
    organisation before the view runs, for pages that create things.
    """

    organisation_permission: str | None = None
    organisation: Organisation
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Internal pages are for members only; public pages have their own views.
        self.organisation = get_object_for_user(
            request.user, Organisation.objects.member_of(request.user), slug=kwargs["org"]
        )
        request.organisation = self.organisation  # type: ignore[attr-defined]
        if self.organisation_permission:
            require_permission_name(request.user, self.organisation, self.organisation_permission)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_queryset(self):
        return super().get_queryset().in_organisation(self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["organisation"] = self.organisation
        return context


def require_permission_name(user: Visitor, obj: Any, permission: str) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


__all__ = ["OrganisationMixin", "get_object_for_user", "require_permission", "require_permission_name"]
