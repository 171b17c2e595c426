"""Production settings: secure cookies, HTTPS, hashed static files.

Required: DJANGO_SECRET_KEY (50+ random characters), DJANGO_ALLOWED_HOSTS, DATABASE_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env_bool, mailers_from_environment

DEBUG = False
if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
# Cookies only over HTTPS. DJANGO_SECURE_COOKIES=false is for make load alone, which talks plain HTTP
# to gunicorn on the loopback address (no proxy in between to terminate TLS).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
MAILERS = mailers_from_environment("django.core.mail.backends.smtp.EmailBackend")

# Sign-in attempts and the API's request rates are counted in the cache, and indicator figures kept
# there (ADR 0027); in the database every web process shares them (`manage.py createcachetable` creates
# the table). Room for every organisation's figures: at Django's default of 300 entries the figures of a
# national installation would push each other out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": os.environ.get("UTBLICK_CACHE_TABLE", "utblick_cache"),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("UTBLICK_CACHE_MAX_ENTRIES", "50000"))},
    }
}

# Persistent database connections: a request no longer pays for connecting (measured with make load:
# p50 160 -> 95-130 ms, PostgreSQL's CPU -35 %). Django checks a kept connection before reusing it, so a
# restarted database or a dropped connection costs one reconnect, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Static files carry a hash of their content in the name (CompressedManifestStaticFilesStorage), so
# WhiteNoise sends them with a one-year, immutable Cache-Control; the rest (favicon and the like) for a day.
WHITENOISE_MAX_AGE = int(os.environ.get("UTBLICK_STATIC_MAX_AGE", 60 * 60 * 24))
