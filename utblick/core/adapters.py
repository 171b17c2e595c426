from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are given by an administrator; there is no public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.UTBLICK_OPEN_SIGNUP


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in people who already have an account with the same e-mail.

    A municipality's identity provider knows everyone on the payroll; only those an
    administrator gave access to may use Utblick, so sign-on never creates accounts.
    """

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return settings.UTBLICK_OPEN_SIGNUP
