"""The admin: signed in to only through the site's sign-in (two-factor codes, limits), and no back door.

Issue 14.2: ``/admin/login/`` signed in with the password alone although TOTP was on, and was never
throttled. Issue 16.2: the admin saved the register's records past the services.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client, override_settings

from utblick.core.tests.factories import UserFactory

PASSWORD = "test-password-123"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def administrator(db):
    """The system administrator, with TOTP two-factor sign-in switched on."""
    user = UserFactory(email="admin@kommun.example", is_superuser=True, is_staff=True)
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


@pytest.fixture
def confidential(world):
    from utblick.engagements.tests.factories import EngagementFactory

    return EngagementFactory(
        owner_unit=world.unit_a, title="Hemligt samarbete", confidentiality="confidential", confidentiality_ground="OSL"
    )


def _code(user) -> str:
    return format_hotp_value(hotp_value(user.totp_secret, next(yield_hotp_counters_from_time())))


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.requirement("X-3")
def test_the_admins_own_password_form_is_gone(client, administrator, confidential):
    response = client.post(
        "/admin/login/?next=/admin/engagements/engagement/",
        {"username": administrator.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/engagements/engagement/"
    assert not _signed_in(client)
    change = f"/admin/engagements/engagement/{confidential.pk}/change/"
    assert client.get(change)["Location"] == f"/accounts/login/?next={change}"
    assert "Hemligt samarbete" not in client.get(change, follow=True).content.decode()


@pytest.mark.requirement("X-3")
def test_the_admin_asks_for_the_second_factor_like_every_page(client, administrator, confidential):
    change = f"/admin/engagements/engagement/{confidential.pk}/change/"
    response = client.post(f"/accounts/login/?next={change}", {"login": administrator.email, "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]
    assert not _signed_in(client) and client.get(change).status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": _code(administrator)})
    assert response.status_code == 302 and response["Location"] == change
    page = client.get(change)
    assert page.status_code == 200 and "Hemligt samarbete" in page.content.decode()


@pytest.mark.requirement("X-3")
@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/5m/key"})
def test_wrong_passwords_at_the_admin_door_are_throttled(client, administrator):
    cache.clear()
    admin_door = [
        client.post("/admin/login/", {"username": administrator.email, "password": f"fel-{n}"}).status_code
        for n in range(100)
    ]
    assert set(admin_door) == {302} and not _signed_in(client)  # never a form that checks a password
    for n in range(5):
        client.post("/accounts/login/?next=/admin/", {"login": administrator.email, "password": f"fel-{n}"})
    right = client.post("/accounts/login/?next=/admin/", {"login": administrator.email, "password": PASSWORD})
    assert right.status_code in (200, 429) and "För många misslyckade inloggningsförsök" in right.content.decode()
    assert not _signed_in(client) and client.get("/admin/").status_code == 302
    cache.clear()


def test_a_signed_in_member_cannot_switch_to_the_administrator_at_the_admin_door(world, client_for, administrator):
    reader = client_for("reader_a")
    response = reader.post("/admin/login/", {"username": administrator.email, "password": PASSWORD})
    assert response.status_code == 403
    assert reader.session["_auth_user_id"] == str(world.user("reader_a").pk)


def test_the_admin_door_is_the_same_under_production_settings(tmp_path):
    """Run in a process of its own with the production settings, as a deployment would."""
    script = (
        "import django; django.setup()\n"
        "from django.contrib import admin\n"
        "from django.test import Client\n"
        "response = Client().post('/admin/login/?next=/admin/', {'username': 'a@b.se', 'password': 'x'}, secure=True)\n"
        "print(admin.site.__class__.__module__, response.status_code, response['Location'])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["utblick.core.admin_site", "302", "/accounts/login/?next=/admin/"]


# -- No back door (issue 16.2) --------------------------------------------------------------------------


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.user("administrator"))
    return client


@pytest.mark.requirement("X-4")
def test_the_register_is_shown_in_the_admin_but_written_only_through_its_services(world, admin_client, confidential):
    base = "/admin/engagements/engagement/"
    page = admin_client.get(f"{base}{confidential.pk}/change/")
    assert page.status_code == 200 and "Hemligt samarbete" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(f"{base}{confidential.pk}/change/", {"title": "Ändrat"}).status_code == 403
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{confidential.pk}/delete/", {"post": "yes"}).status_code == 403
    history_id = confidential.history.latest().history_id
    reverted = admin_client.post(f"{base}{confidential.pk}/history/{history_id}/", {"title": "Återställt"})
    assert reverted.status_code == 403
    confidential.refresh_from_db()
    assert confidential.title == "Hemligt samarbete" and confidential.version == 1
    for path in (
        "organisations/unit",
        "organisations/person",
        "engagements/partner",
        "watch/item",
        "watch/watchprofile",
    ):
        assert admin_client.get(f"/admin/{path}/add/").status_code == 403, path


@pytest.mark.requirement("X-4")
def test_what_the_administrator_keeps_in_the_admin_is_saved_through_the_services(world, admin_client):
    organisation = world.org_b
    url = f"/admin/organisations/organisation/{organisation.pk}/change/"
    form = admin_client.get(url).content.decode()
    assert 'name="version" value="1"' in form
    data = {
        "name": "Kommun B med nytt namn",
        "slug": organisation.slug,
        "kind": organisation.kind,
        "report_language": "sv",
        "version": "1",
    }
    assert admin_client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Kommun B med nytt namn" and organisation.version == 2
    latest = organisation.history.latest()
    assert latest.history_change_reason == "Ändrad i administrationen"
    assert latest.history_user == world.user("administrator")
    stale = admin_client.post(url, {**data, "name": "Ett gammalt formulär"}, follow=True)
    assert "Någon annan sparade" in stale.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Kommun B med nytt namn" and organisation.version == 2
