"""Single sign-on providers from environment variables (OpenID Connect and SAML 2.0).

Kept apart from the settings module so tests can build the same configuration from a
dictionary. See README.md, "Single sign-on".
"""

from collections.abc import Mapping


def providers_from_environment(env: Mapping[str, str]) -> dict[str, dict]:
    providers: dict[str, dict] = {}
    if env.get("UTBLICK_OIDC_SERVER_URL"):
        providers["openid_connect"] = {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": env.get("UTBLICK_OIDC_ID", "kommun"),
                    "name": env.get("UTBLICK_OIDC_NAME", "Kommunens inloggning"),
                    "client_id": env.get("UTBLICK_OIDC_CLIENT_ID", ""),
                    "secret": env.get("UTBLICK_OIDC_CLIENT_SECRET", ""),
                    "settings": {"server_url": env["UTBLICK_OIDC_SERVER_URL"]},
                }
            ],
        }
    if env.get("UTBLICK_SAML_IDP_ENTITY_ID"):
        provider_id = env.get("UTBLICK_SAML_ID", "kommun-saml")
        providers["saml"] = {
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": env.get("UTBLICK_SAML_NAME", "Kommunens inloggning (SAML)"),
                    "client_id": provider_id,
                    "settings": {
                        "attribute_mapping": {
                            "uid": "urn:oid:0.9.2342.19200300.100.1.1",
                            "email": "urn:oid:0.9.2342.19200300.100.1.3",
                            "first_name": "urn:oid:2.5.4.42",
                            "last_name": "urn:oid:2.5.4.4",
                        },
                        "idp": {
                            "entity_id": env["UTBLICK_SAML_IDP_ENTITY_ID"],
                            "sso_url": env.get("UTBLICK_SAML_IDP_SSO_URL", ""),
                            "x509cert": env.get("UTBLICK_SAML_IDP_X509CERT", ""),
                        },
                    },
                }
            ]
        }
    return providers
