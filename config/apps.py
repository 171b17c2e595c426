"""Application configurations of the project itself."""

from django.contrib.admin import apps as admin_apps


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on Utblick's admin site: signed in to through the site's own sign-in (two-factor
    codes, the sign-in limits), never with a password form of its own (``utblick.core.admin_site``)."""

    default_site = "utblick.core.admin_site.AdminSite"
