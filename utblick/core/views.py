"""Pages that belong to no app in particular, and the generic views every app builds on."""

import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import CreateView, DetailView, UpdateView

from . import conflicts
from .concurrency import EditConflict
from .history import history_entries
from .permissions import ObjectPermissionMixin


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


FAVICON = settings.BASE_DIR / "utblick" / "static" / "utblick" / "favicon.ico"


@login_not_required
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; the pages link the SVG as well."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


@login_not_required
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Digg's model statement, with the operator's assessment and dates from the settings."""
    contact = settings.UTBLICK_OPERATOR_CONTACT
    return render(
        request,
        "core/accessibility.html",
        {
            "operator_name": settings.UTBLICK_OPERATOR_NAME,
            "operator_contact": contact,
            "contact_is_email": "@" in contact and "://" not in contact and " " not in contact.strip(),
            "contact_is_url": contact.startswith(("https://", "http://")),
            "compliance": settings.UTBLICK_ACCESSIBILITY_COMPLIANCE,
            "made_on": settings.UTBLICK_ACCESSIBILITY_STATEMENT_DATE,
            "reviewed_on": settings.UTBLICK_ACCESSIBILITY_REVIEWED_DATE
            or settings.UTBLICK_ACCESSIBILITY_STATEMENT_DATE,
        },
    )


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {"operator_name": settings.UTBLICK_OPERATOR_NAME, "operator_contact": settings.UTBLICK_OPERATOR_CONTACT},
    )


# -- Error pages: inside the site's layout, in the reader's language, with a way back -----------------


def _back(request: HttpRequest) -> str | None:
    """The page the reader came from, when it is one of ours and not this one."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer.endswith(request.get_full_path()):
        return None
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return None
    return referer


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"back": _back(request)}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Why the action was refused and whom to ask: the context processor of the organisations app
    adds the reader's role and the organisation's coordinators when the page is one organisation's."""
    reason = str(exception or "")
    return render(request, "403.html", {"back": _back(request), "reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"back": _back(request)}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the context processors: they read the database, which may be why this page is shown."""
    return HttpResponseServerError(loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()}))


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: most often a page left open past the session or
    cookies switched off. Django's own page is English and technical."""
    context = {"back": _back(request), "no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)


class HistoryView(ObjectPermissionMixin, DetailView):
    """The "Historik" tab: who changed what and when, field by field (X-4)."""

    template_name = "core/history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        return context


class ConflictMixin:
    """Saves through a service; a stale edit answers with the conflict page (409) instead."""

    conflict_template_name = "core/conflict.html"

    def save(self, form) -> Any:
        raise NotImplementedError

    def success_message(self) -> str:
        return _("Saved.")

    def form_valid(self, form) -> HttpResponse:
        try:
            self.object = self.save(form)
        except EditConflict as conflict:
            return self.render_conflict(form, conflict.current)
        except ValidationError as error:
            # The service's full_clean found what the form could not see (a city looked up again,
            # a rule across records); its transaction wrote nothing, and the form says why.
            add_form_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, self.success_message())  # type: ignore[attr-defined]
        return redirect(self.get_success_url())  # type: ignore[attr-defined]

    def render_conflict(self, form, current) -> HttpResponse:
        """The conflict page: both versions field by field, and a form holding the user's values, the other
        person's where only they changed something, and the version saved meanwhile (ADR 0026)."""
        resolution = conflicts.resolve(
            self.conflict_parts(form, current),
            self.request.POST,  # type: ignore[attr-defined]
            version=current.edit_version,
        )
        pages = self.conflict_forms(resolution.data, current)
        context = self.get_context_data(  # type: ignore[attr-defined]
            form=pages[0][1], conflict_forms=pages, resolution=resolution, current=current
        )
        return render(self.request, self.conflict_template_name, context, status=409)  # type: ignore[attr-defined]

    def conflict_parts(self, form, current) -> list[conflicts.Part]:
        """The forms of the page and the rows they edit; a page with several forms lists them all."""
        base = conflicts.base_of(current, form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None)
        return [conflicts.Part(form=form, make=self.unbound_form, current=current, base=base)]

    def conflict_forms(self, data: Any, current: Any) -> list[tuple[str, Any]]:
        """The conflict page's form(s), bound to the resolved data: (legend, form)."""
        return [("", self.get_form_class()(data=data, instance=current, **self.get_form_extra_kwargs()))]  # type: ignore[attr-defined]

    def unbound_form(self, instance: Any) -> Any:
        return self.get_form_class()(instance=instance, **self.get_form_extra_kwargs())  # type: ignore[attr-defined]

    def posted_data(self) -> Any:
        """The posted data, with the other person's values where the conflict page's choice says so."""
        current = getattr(self, "object", None)
        if current is None or current.pk is None:
            return self.request.POST  # type: ignore[attr-defined]
        return conflicts.apply_choices(self.request.POST, [(self.unbound_form, current)])  # type: ignore[attr-defined]

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        """Arguments the form needs besides the data (the organisation, the unit …), also for the conflict page."""
        return {}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), **self.get_form_extra_kwargs()}  # type: ignore[misc]
        if "data" in kwargs:
            kwargs["data"] = self.posted_data()
        return kwargs


def paginate_table(request: HttpRequest, table: Any, per_page: int = 50) -> None:
    """The table's order and page from the address, in pages of ``per_page`` rows.

    The page size is never the address's: django-tables2 would take any ``?per_page=``, a negative
    one answering 500 and a huge one rendering the whole register in one page.
    """
    from django_tables2 import RequestConfig

    query = request.GET.copy()
    query.pop(table.prefixed_per_page_field, None)
    fixed = copy.copy(request)
    fixed.GET = query  # type: ignore[assignment]
    RequestConfig(fixed, paginate={"per_page": per_page}).configure(table)


def add_form_errors(form: Any, error: ValidationError) -> None:
    """A model's ValidationError on the form: on its fields where the form has them, above them otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ScopedCreateView(ConflictMixin, CreateView):
    template_name = "core/form.html"

    def success_message(self) -> str:
        return _("Created.")


class ScopedUpdateView(ConflictMixin, ObjectPermissionMixin, UpdateView):
    template_name = "core/form.html"
    permission_action = "change"
