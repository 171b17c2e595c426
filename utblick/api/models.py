"""Personal API tokens: a user's named, expiring, revocable credentials for other systems (X-6)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel

# What a token looks like: "utb_" + an 8-character lookup prefix + "_" + the secret.
TOKEN_PREFIX = "utb_"
LOOKUP_LENGTH = 8


def hash_secret(secret: str) -> str:
    """SHA-256 is enough for a 256-bit random secret: it cannot be guessed, only stolen."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh token and its lookup prefix; the full token is shown once and never stored."""
    lookup = secrets.token_hex(LOOKUP_LENGTH // 2)
    return f"{TOKEN_PREFIX}{lookup}_{secrets.token_urlsafe(32)}", lookup


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> "ApiTokenQuerySet":
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__gte=today, user__is_active=True)


class ApiToken(AuditedModel):
    """A personal API token. Only its SHA-256 hash is kept; the prefix identifies it in lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'Power BI' or 'diarium'.")
    )
    prefix = models.CharField(_("token starts with"), max_length=LOOKUP_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField(_("valid until"), help_text=_("The last day the token works."))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_prefix(self) -> str:
        return f"{TOKEN_PREFIX}{self.prefix}_…"

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def matches(self, secret: str) -> bool:
        return secrets.compare_digest(self.key_hash, hash_secret(secret))
