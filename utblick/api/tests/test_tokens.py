"""Personal API tokens: created, named, expiring and revoked by their user; stored hashed (X-6)."""

import datetime

import pytest
from django.utils import timezone

from utblick.api.models import ApiToken, hash_secret

pytestmark = pytest.mark.requirement("X-6")

TOKENS = "/accounts/api-tokens/"
API = "/api/v1/organisations/"


def test_a_token_is_shown_once_and_only_its_hash_is_kept(world, client_for):
    client = client_for("reader_a")
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    page = client.post(TOKENS, {"name": "Power BI", "expires_on": expires})
    assert page.status_code == 200
    secret = page.context["created"].secret
    assert secret in page.content.decode()
    token = ApiToken.objects.get(user=world.user("reader_a"))
    assert token.name == "Power BI" and token.key_hash == hash_secret(secret) and secret not in token.key_hash
    listing = client.get(TOKENS).content.decode()
    assert "Power BI" in listing and token.display_prefix in listing and secret not in listing


def test_the_token_page_refuses_a_past_or_too_distant_expiry(client_for):
    client = client_for("reader_a")
    for days in (-1, 400):
        expires = (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
        response = client.post(TOKENS, {"name": "Diarium", "expires_on": expires})
        assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_authenticates_as_its_user_and_records_its_use(world, api):
    response = api("reader_a").get(API)
    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["results"]] == [world.org_a.slug]
    assert ApiToken.objects.get().last_used is not None


def test_a_revoked_token_stops_working(world, client_for, token_for):
    from rest_framework.test import APIClient

    secret = token_for("reader_a")
    token = ApiToken.objects.get()
    page = client_for("reader_a")
    assert page.get(f"{TOKENS}{token.pk}/revoke/").status_code == 200
    assert page.post(f"{TOKENS}{token.pk}/revoke/").status_code == 302
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get(API)
    assert response.status_code == 401
    assert "återkall" in response.json()["detail"]


def test_an_expired_wrong_or_foreign_token_is_refused(world, token_for):
    from rest_framework.test import APIClient

    secret = token_for("reader_a")
    ApiToken.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    for credentials in (secret, secret[:-2] + "xx", "utb_00000000_nothing", "nonsense"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {credentials}")
        assert client.get(API).status_code == 401, credentials


def test_a_token_of_a_deactivated_user_is_refused(world, api):
    client = api("reader_a")
    world.user("reader_a").__class__.objects.filter(pk=world.user("reader_a").pk).update(is_active=False)
    assert client.get(API).status_code == 401


def test_nobody_revokes_another_users_token(world, client_for, token_for):
    token_for("reader_a")
    token = ApiToken.objects.get()
    assert client_for("coordinator_a").post(f"{TOKENS}{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_without_credentials_the_api_answers_401_not_the_sign_in_page(client):
    response = client.get(API)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_session_works_for_the_browsable_api_with_csrf(world, client_for):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("coordinator_a"))
    assert client.get(API, HTTP_ACCEPT="text/html").status_code == 200
    response = client.post(f"{API}{world.org_a.slug}/people/", {"name": "Utan CSRF"}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_the_administrator_revokes_a_leaked_token_in_the_admin(world, client_for, token_for):
    token_for("reader_a")
    token = ApiToken.objects.get()
    admin = client_for("administrator")
    listing = admin.get("/admin/api/apitoken/")
    assert listing.status_code == 200 and token.display_prefix in listing.content.decode()
    response = admin.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert client_for("coordinator_a").get("/admin/api/apitoken/").status_code == 302
