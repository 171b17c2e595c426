"""The admin: the system administrator's own records are written here, the domain's only shown.

- ``ServiceAdmin``: what only the administrator keeps (users, organisations, access, shared watch
  sources, emission factors). Saves and deletes go through ``core.services`` as on the pages: full
  validation, the version check (a stale form is refused), the change reason "Ändrad i
  administrationen" in the history and the follow-up's re-evaluation.
- ``ReadOnlyAdmin``: the register, the desk and the organisations' units and people. They are
  written on their pages and through the API, where the apps' services apply their rules; the admin
  shows them and their history, and refuses to add, change, delete or revert them (issue 16.2).
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import EditConflict
from .forms import VersionedModelForm
from .models import User, VersionedModel
from .services import model_delete, model_save

ADMIN_REASON = _("Changed in the admin")


class HistoryWithoutRevert:
    """simple-history saves an old version from its history page on POST; that would skip the services."""

    def history_form_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, *args, **kwargs)  # type: ignore[misc]


class ServiceAdmin(HistoryWithoutRevert, SimpleHistoryAdmin):
    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if issubclass(self.model, VersionedModel):
            # The form carries the version the page was loaded at, as a field of the form (the model's
            # own ``version`` is not editable).
            kwargs.setdefault("form", VersionedModelForm)
            if "fields" not in kwargs:
                kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
            if kwargs["fields"] is not None:
                kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        expected = getattr(form, "expected_version", None) if change else None
        model_save(obj, user=request.user, expected_version=expected, reason=str(ADMIN_REASON))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        model_delete(obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            model_delete(obj, user=request.user)

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except EditConflict as conflict:
            messages.error(request, str(conflict.message))
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(HistoryWithoutRevert, SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise PermissionDenied

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied


@admin.register(User)
class UserAdmin(ServiceAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_superuser"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name",)}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
