"""Rate limits per API token (and per user for the session, per address for anonymous calls).

Rates come from ``settings.UTBLICK_API_RATES`` (README: ``UTBLICK_API_RATE_TOKEN`` …) and are read
on every request, so tests and deployments can change them without re-importing DRF's settings.
Counts live in Django's default cache, like the sign-in limits.
"""

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # The scope is only known per request; ``allow_request`` sets it before asking.
        return None

    def allow_request(self, request: Any, view: Any) -> bool:
        if isinstance(request.auth, ApiToken):
            self.scope, ident = "token", f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope, ident = "session", f"user-{request.user.pk}"
        else:
            self.scope, ident = "anonymous", f"ip-{self.get_ident(request)}"
        self.rate = settings.UTBLICK_API_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def get_cache_key(self, request: Any, view: Any) -> str | None:  # pragma: no cover - allow_request builds it
        return None
