"""Serving in production: persistent connections, gunicorn's settings, cached static files, and sign-in
throttling that counts people rather than the proxy in front of them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from utblick.core.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "test-password-123"


def test_production_keeps_database_connections_and_counts_clients_behind_the_configured_proxy():
    probe = (
        "import json; from config.settings import production as p; import runpy;"
        "g = runpy.run_path('config/gunicorn.py');"
        "print(json.dumps({'age': p.DATABASES['default']['CONN_MAX_AGE'],"
        " 'checks': p.DATABASES['default']['CONN_HEALTH_CHECKS'], 'static_age': p.WHITENOISE_MAX_AGE,"
        " 'worker': g['worker_class'], 'threads': g['threads'], 'timeout': g['timeout'],"
        " 'proxies': p.ALLAUTH_TRUSTED_PROXY_COUNT, 'api_proxies': p.REST_FRAMEWORK['NUM_PROXIES']}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://u:p@127.0.0.1/db",
        "UTBLICK_TRUSTED_PROXY_COUNT": "1",
    }
    environment.pop("DATABASE_CONN_MAX_AGE", None)
    found = json.loads(subprocess.check_output([sys.executable, "-c", probe], cwd=ROOT, env=environment))
    assert found["age"] >= 60 and found["checks"] is True
    assert found["worker"] == "gthread" and found["threads"] >= 2 and found["timeout"] <= 30
    assert found["proxies"] == found["api_proxies"] == 1  # sign-in and API limits look behind the same proxy


@pytest.mark.django_db
def test_hashed_static_files_are_cached_for_a_year(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, WHITENOISE_MAX_AGE=86400):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        hashed = staticfiles_storage.url("utblick/css/app.css")
        assert hashed != "/static/utblick/css/app.css"  # the content's hash is in the name
        response = Client().get(hashed)
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]


def _sign_in(client: Client, email: str, forwarded_for: str, password: str = PASSWORD) -> int:
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR="10.0.0.1",  # the proxy: every request comes from it
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip", "login_failed": "100/m/ip,100/m/key"})
def test_behind_a_proxy_the_sign_in_limit_counts_each_person_not_the_proxy():
    UserFactory(email="hamid@kommun.example")
    UserFactory(email="ingrid@kommun.example")
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        statuses = [_sign_in(Client(), "hamid@kommun.example", "198.51.100.7", "fel") for _ in range(4)]
        assert statuses[-1] == 429  # one person trying too often is stopped ...
        assert _sign_in(Client(), "ingrid@kommun.example", "198.51.100.8") == 302  # ... the next person is not
    # Without the proxy setting everyone behind it shares one address, and one person locks out the rest.
    statuses = [_sign_in(Client(), "hamid@kommun.example", "198.51.100.9", "fel") for _ in range(4)]
    assert statuses[-1] == 429
    assert _sign_in(Client(), "ingrid@kommun.example", "198.51.100.10") == 429
