"""The one choke point for object access.

Querysets are scoped by ``Model.objects.visible_to(user)`` / ``editable_by(user)``
(see ``utblick.organisations.permissions``); single objects are fetched through
``get_object_for_user``: not visible answers 404 (nothing leaks that it exists),
visible but not permitted answers 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import User, Visitor


def permission_name(model: type[models.Model], action: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def get_object_for_user(
    user: Visitor, queryset_or_model: type[models.Model] | models.QuerySet, *, action: str = "view", **lookup: Any
) -> Any:
    queryset: Any = (
        queryset_or_model
        if isinstance(queryset_or_model, models.QuerySet)
        else queryset_or_model._default_manager.all()
    )
    if not hasattr(queryset, "visible_to"):
        raise TypeError(f"{queryset.model.__name__} has no scoped queryset; it cannot be fetched for a user.")
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    require_permission(user, obj, action)
    return obj


def require_permission(user: Visitor, obj: models.Model, action: str) -> None:
    if action == "view":
        return
    if not user.has_perm(permission_name(type(obj), action), obj):
        if not user.is_authenticated:
            raise Http404
        raise PermissionDenied


class ObjectPermissionMixin:
    """For detail and edit views: ``get_object`` goes through the choke point."""

    permission_action = "view"
    model: type[models.Model]
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_lookup(self) -> dict[str, Any]:
        return {"pk": self.kwargs["pk"]}

    def get_object(self, queryset: models.QuerySet | None = None) -> Any:
        return get_object_for_user(
            self.request.user,
            queryset if queryset is not None else self.get_queryset(),  # type: ignore[attr-defined]
            action=self.permission_action,
            **self.get_lookup(),
        )


def signed_in(request: HttpRequest) -> User:
    """The user of a page for signed-in users only (``LoginRequiredMiddleware`` keeps the others out)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
