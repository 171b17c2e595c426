"""With persistent connections, the first request after the database dropped them still answers (issue 14, 8d)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

APPLICATION = "utblick-restart-test"


def test_persistent_connections_are_checked_before_use():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _health(base: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/health/", timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_a_worker_answers_the_first_request_after_its_connection_was_terminated():
    """gunicorn keeps its connection (DATABASE_CONN_MAX_AGE); PostgreSQL ends it as a restart would."""
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server's connection needs PostgreSQL (DATABASE_URL=postgres://…)")
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}?application_name={APPLICATION}"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": "600",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _health(base) == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _health(base) == 200
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                [APPLICATION],
            )
            assert cursor.fetchall() == [(True,)]  # the worker's one kept connection
        assert _health(base) == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
