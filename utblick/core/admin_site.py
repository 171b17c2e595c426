"""The admin site, signed in to through the site's own sign-in (issue 14.2).

Django's admin has a password form of its own, which knows nothing of two-factor codes or of the
sign-in limits. This site never shows nor accepts it: ``/admin/login/`` sends the visitor to the
django-allauth sign-in (TOTP, rate limits, single sign-on) and back to the admin page they asked for.
``config.settings.base`` installs it for every settings module (``config.apps.AdminConfig``).
"""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


class AdminSite(admin.AdminSite):
    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get(REDIRECT_FIELD_NAME) or index
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = index
        if not request.user.is_authenticated:
            return redirect_to_login(target, resolve_url(settings.LOGIN_URL))
        if not self.has_permission(request):
            raise PermissionDenied  # signed in, but not someone who may use the admin
        return HttpResponseRedirect(target)
