"""Pages of the API: the user's tokens (account area) and the documentation page (X-6)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from utblick.core.permissions import signed_in
from utblick.core.views import page_not_found

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


class TokenListView(View):
    """List, create and revoke one's own API tokens; the secret is shown once, right after creation."""

    template_name = "api/tokens.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {"tokens": ApiToken.objects.filter(user=signed_in(request)), "form": ApiTokenForm(), **extra}

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                created = services.api_token_create(
                    user=signed_in(request), name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Rendered, not redirected: the secret is never stored, not even in the session.
                return render(request, self.template_name, self.context(request, created=created))
        return render(request, self.template_name, self.context(request, form=form), status=400)


class TokenRevokeView(View):
    template_name = "api/token_revoke.html"

    def get_token(self, request: HttpRequest, pk: int) -> ApiToken:
        # Tokens are personal: another user's token answers 404, whoever asks.
        return get_object_or_404(ApiToken, user=request.user, pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"token": self.get_token(request, pk)})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = services.api_token_revoke(token=self.get_token(request, pk), user=signed_in(request))
        messages.success(request, _("The token %(name)s was revoked; it no longer works.") % {"name": token.name})
        return redirect("api_tokens:list")


_schema_cache: dict[str, dict[str, Any]] = {}


def schema_document(language: str) -> dict[str, Any]:
    """The OpenAPI document in one language; it only changes with the code, so it is made once."""
    if language not in _schema_cache:
        from drf_spectacular.generators import SchemaGenerator

        _schema_cache[language] = SchemaGenerator(api_version="1").get_schema(request=None, public=True)
    return _schema_cache[language]


METHODS = ("get", "post", "put", "patch", "delete")


@method_decorator(login_not_required, name="dispatch")
class ApiDocsView(TemplateView):
    """The API reference, rendered on the server; the interactive explorer enhances it where scripts run."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        schema = schema_document(get_language() or "sv")
        groups: dict[str, list[dict[str, Any]]] = {}
        for path, item in schema.get("paths", {}).items():
            for method in METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                tag = (operation.get("tags") or ["api"])[0]
                groups.setdefault(tag, []).append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary") or "",
                        "description": operation.get("description") or "",
                        "parameters": [
                            {
                                "name": parameter["name"],
                                "in": parameter["in"],
                                "description": parameter.get("description", ""),
                                "required": parameter.get("required", False),
                            }
                            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]
                        ],
                        "anchor": operation.get("operationId", ""),
                    }
                )
        return super().get_context_data(groups=sorted(groups.items()), info=schema.get("info", {}), **kwargs)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for addresses no route knows: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)
