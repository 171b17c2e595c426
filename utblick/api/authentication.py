"""Personal API tokens in the ``Authorization: Bearer <token>`` header (X-6)."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import LOOKUP_LENGTH, TOKEN_PREFIX, ApiToken

KEYWORD = "Bearer"
# ``last_used`` is written at most this often, so reading does not mean writing on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Checks the token's hash, expiry, revocation and that its user is still active."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, with nothing else."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid API token.")) from None
        return self.authenticate_secret(secret)

    def authenticate_secret(self, secret: str) -> tuple[Any, ApiToken]:
        lookup = secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + LOOKUP_LENGTH]
        token = None
        if secret.startswith(TOKEN_PREFIX) and len(lookup) == LOOKUP_LENGTH:
            token = ApiToken.objects.select_related("user").filter(prefix=lookup).first()
        if token is None or not token.matches(secret) or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid API token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("This API token expired on %(date)s.") % {"date": date_format(token.expires_on)}
            )
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            # A plain UPDATE: using a token is not a change of it, so it writes no history.
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return f'{KEYWORD} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("A personal API token, created on your API tokens page. Send it as Bearer token."),
        }
