"""Sign-in: e-mail and password, throttling, password reset, TOTP, single sign-on."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.test import Client, override_settings

from config.sso import providers_from_environment
from utblick.core.tests.factories import UserFactory

PASSWORD = "test-password-123"


@pytest.mark.django_db
def test_the_sign_in_page_is_swedish_by_default(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="sv"' in page
    assert "Logga in" in page and "Lösenord" in page


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_sign_in_page(client):
    response = client.get("/o/any/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="anna@kommun.example")
    response = client.post("/accounts/login/", {"login": "anna@kommun.example", "password": "fel"})
    assert response.status_code == 200
    assert "inte korrekt" in response.content.decode() or "felaktig" in response.content.decode().lower()


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/key"})
def test_repeated_failed_sign_ins_are_throttled_even_with_the_right_password(client):
    UserFactory(email="bo@kommun.example")
    for _ in range(3):
        client.post("/accounts/login/", {"login": "bo@kommun.example", "password": "fel"})
    response = client.post("/accounts/login/", {"login": "bo@kommun.example", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_an_email_with_a_link(client):
    UserFactory(email="cecilia@kommun.example")
    response = client.post("/accounts/password/reset/", {"email": "cecilia@kommun.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_nobody_can_sign_themselves_up(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "ny@kommun.example", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )
    from utblick.core.models import User

    assert not User.objects.filter(email="ny@kommun.example").exists()
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_a_user_with_totp_must_give_a_valid_code(client):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    user = UserFactory(email="dan@kommun.example")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    counter = next(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counter))
    right = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


class _IdentityProvider(BaseHTTPRequestHandler):
    """A minimal OpenID Connect provider on loopback: discovery, token and userinfo."""

    email = "eva@kommun.example"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _json(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path.startswith("/.well-known/openid-configuration"):
            self._json(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                    "token_endpoint_auth_methods_supported": ["client_secret_post"],
                }
            )
        elif self.path.startswith("/userinfo"):
            self._json({"sub": "idp-123", "email": self.email, "email_verified": True, "name": "Eva Ek"})
        else:
            self.send_error(404)

    def do_POST(self):
        if self.path.startswith("/token"):
            length = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(length).decode())
            assert form["code"] == ["the-code"]
            self._json({"access_token": "access-token", "token_type": "Bearer", "expires_in": 300})
        else:
            self.send_error(404)


@pytest.fixture
def identity_provider():
    server = HTTPServer(("127.0.0.1", 0), _IdentityProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _oidc_settings(server_url):
    return providers_from_environment(
        {
            "UTBLICK_OIDC_SERVER_URL": server_url,
            "UTBLICK_OIDC_CLIENT_ID": "utblick",
            "UTBLICK_OIDC_CLIENT_SECRET": "secret",
            "UTBLICK_OIDC_ID": "kommun",
        }
    )


def _sso_round_trip(client: Client):
    start = client.post("/accounts/oidc/kommun/login/")
    assert start.status_code == 302
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    return client.get("/accounts/oidc/kommun/login/callback/", {"code": "the-code", "state": state})


@pytest.mark.django_db
def test_single_sign_on_signs_in_a_user_who_has_an_account(client, identity_provider):
    user = UserFactory(email="eva@kommun.example")
    with override_settings(SOCIALACCOUNT_PROVIDERS=_oidc_settings(identity_provider)):
        assert "Kommunens inloggning" in client.get("/accounts/login/").content.decode()
        response = _sso_round_trip(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_single_sign_on_creates_no_account_for_strangers(client, identity_provider):
    from utblick.core.models import User

    with override_settings(SOCIALACCOUNT_PROVIDERS=_oidc_settings(identity_provider)):
        _sso_round_trip(client)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="eva@kommun.example").exists()


@pytest.mark.django_db
def test_saml_sign_on_is_configured_from_the_environment(client):
    providers = providers_from_environment(
        {
            "UTBLICK_SAML_IDP_ENTITY_ID": "https://idp.kommun.example/saml",
            "UTBLICK_SAML_IDP_SSO_URL": "https://idp.kommun.example/sso",
            "UTBLICK_SAML_IDP_X509CERT": "MIIB",
            "UTBLICK_SAML_ID": "kommun-saml",
        }
    )
    host = {"HTTP_HOST": "utblick.kommun.example"}  # the SAML toolkit wants a real-looking host
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers, ALLOWED_HOSTS=["utblick.kommun.example"]):
        metadata = client.get("/accounts/saml/kommun-saml/metadata/", **host)
        assert metadata.status_code == 200 and b"EntityDescriptor" in metadata.content
        start = client.post("/accounts/saml/kommun-saml/login/", **host)
        assert start.status_code == 302 and start["Location"].startswith("https://idp.kommun.example/sso?SAMLRequest=")
