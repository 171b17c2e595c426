"""Test settings: the database comes from DATABASE_URL (SQLite in var/ by default)."""

from .base import *  # noqa: F403
from .base import TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS["default"] = {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
DEBUG = False
# Sign-in throttling stays on in tests that check it; everywhere else it must not
# make an innocent test fail because many tests sign in from the same address.
ACCOUNT_RATE_LIMITS = {"login_failed": "1000/m/ip,1000/m/key", "reset_password": "1000/m/ip"}

import tempfile  # noqa: E402 - test-only: uploads go to a throw-away folder
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="utblick-media-"))
UTBLICK_ARCHIVE_DIR = Path(tempfile.mkdtemp(prefix="utblick-archive-"))

# Tests make many API calls in a row with one token; the throttle test sets its own low rate.
UTBLICK_API_RATES = {"token": "100000/min", "session": "100000/min", "anonymous": "100000/min"}
