"""Writes to API tokens. The token pages and the tests call these."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core.models import User
from utblick.core.services import model_save

from .models import ApiToken, hash_secret, new_secret

# A token lives at most a year: a forgotten one stops working by itself.
MAX_LIFETIME_DAYS = 366


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_on: datetime.date) -> CreatedToken:
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": _("The last day cannot be in the past.")})
    if expires_on > today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
        raise ValidationError({"expires_on": _("A token can be valid for at most a year.")})
    secret, lookup = new_secret()
    token = ApiToken(user=user, name=name.strip(), prefix=lookup, key_hash=hash_secret(secret), expires_on=expires_on)
    model_save(token, user=user, notify=False)
    return CreatedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        model_save(token, user=user, notify=False)
    return token
