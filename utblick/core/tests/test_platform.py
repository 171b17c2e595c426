"""Health, security headers, production settings and translations."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_health_answers_ok_when_the_database_answers(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_pages_send_a_strict_content_security_policy(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_carry_no_inline_script_or_style(client, world):
    client.force_login(world.user("coordinator_a"))
    html = client.get(f"/o/{world.org_a.slug}/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> would be blocked by the CSP"
    assert " style=" not in html, "inline style attributes would be blocked by the CSP"


def _production(*command: str, database: Path) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-key-for-the-check-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "utblick.kommun.example",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_production_settings_pass_the_deployment_checks():
    _production("check", "--deploy", "--fail-level", "WARNING", database=ROOT / "var" / "deploy-check.sqlite3")


def test_in_production_every_web_process_counts_sign_ins_and_api_requests_in_one_place(tmp_path):
    database = tmp_path / "production.sqlite3"
    _production("createcachetable", database=database)
    _production("shell", "-c", "from django.core.cache import cache; cache.set('attempts', 4, 600)", database=database)
    seen = _production(
        "shell", "-c", "from django.core.cache import cache; print(cache.get('attempts'))", database=database
    )
    assert seen.stdout.strip().splitlines()[-1] == "4"  # written by one process, read by another


def test_the_shell_imports_every_model_including_the_histories():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "2", "-c", "print(HistoricalUser._meta.label)"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "could not be automatically imported" not in result.stdout + result.stderr
    assert result.stdout.strip().endswith("core.HistoricalUser")


@pytest.mark.requirement("X-2")
def test_every_swedish_translation_is_filled_in():
    problems = []
    for po in sorted(ROOT.glob("utblick/**/locale/sv/LC_MESSAGES/django.po")):
        text = po.read_text(encoding="utf-8")
        for block in text.split("\n\n")[1:]:
            if "#, fuzzy" in block:
                problems.append(f"{po.relative_to(ROOT)}: fuzzy: {block.splitlines()[-2:]}")
            if re.search(r'^msgstr(\[\d\])? ""\s*$', block, re.M) and not re.search(
                r'^msgstr(\[\d\])? ""\n"', block, re.M
            ):
                msgid = re.search(r'^msgid (".*")', block, re.M)
                problems.append(f"{po.relative_to(ROOT)}: untranslated {msgid.group(1) if msgid else block[:60]}")
    assert not problems, "\n".join(problems[:40])
