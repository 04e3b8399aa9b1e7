"""A local OpenID provider for the tests: oidc-provider-mock on a loopback port, behind a small
guard that makes it check PKCE as a real provider does (the mock itself does not) and counts the
fetches of its key set."""

import base64
import hashlib
import io
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import oidc_provider_mock
import pytest
import werkzeug.serving
from django.test import override_settings


class PKCEGuard:
    """WSGI middleware: remembers each authorisation's code challenge by the code it issues and
    refuses a token request whose code_verifier does not hash to it."""

    def __init__(self, app):
        self.app = app
        self.challenges = {}
        self.jwks_fetches = 0

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/jwks":
            self.jwks_fetches += 1
        if path == "/oauth2/authorize" and environ["REQUEST_METHOD"] == "POST":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            challenge = (query.get("code_challenge") or [""])[0]
            method = (query.get("code_challenge_method") or [""])[0]

            def remember(status, headers, *args):
                location = dict(headers).get("Location", "")
                code = parse_qs(urlsplit(location).query).get("code")
                if code:
                    self.challenges[code[0]] = (challenge, method)
                return start_response(status, headers, *args)

            return self.app(environ, remember)
        if path == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            form = parse_qs(body.decode())
            code = (form.get("code") or [""])[0]
            verifier = (form.get("code_verifier") or [""])[0]
            challenge, method = self.challenges.pop(code, ("", ""))
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if method != "S256" or not verifier or digest.rstrip(b"=").decode() != challenge:
                start_response("400 Bad Request", [("Content-Type", "application/json")])
                return [b'{"error": "invalid_grant", "error_description": "PKCE check failed"}']
        return self.app(environ, start_response)


class LocalOpenIDProvider:
    def __init__(self):
        self.guard = PKCEGuard(oidc_provider_mock.app())
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.guard, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def settings(self, **extra):
        return override_settings(
            OIDC_ENABLED=True,
            OIDC_OP_ISSUER=self.url,
            OIDC_OP_AUTHORIZATION_ENDPOINT=f"{self.url}/oauth2/authorize",
            OIDC_OP_TOKEN_ENDPOINT=f"{self.url}/oauth2/token",
            OIDC_OP_USER_ENDPOINT=f"{self.url}/userinfo",
            OIDC_OP_JWKS_ENDPOINT=f"{self.url}/jwks",
            OIDC_RP_CLIENT_ID="workbook",
            OIDC_RP_CLIENT_SECRET="workbook-test-secret",
            OIDC_TRUST_EMAIL=True,
            SSO_INSTITUTION_NAME="Example University",
            AUTHENTICATION_BACKENDS=[
                "django.contrib.auth.backends.ModelBackend",
                "accounts.sso.oidc.OIDCBackend",
            ],
            **extra,
        )

    def set_person(self, sub: str, **claims):
        response = httpx.put(f"{self.url}/users/{sub}", json=claims)
        response.raise_for_status()

    def approve(self, authorize_url: str, sub: str) -> str:
        """What the person does at the provider: sign in as `sub`; returns where it sends them."""
        response = httpx.post(authorize_url, data={"sub": sub})
        assert response.status_code == 302, response.text
        return response.headers["location"]


@pytest.fixture(scope="session")
def oidc_server():
    provider = LocalOpenIDProvider()
    provider.thread.start()
    yield provider
    provider.server.shutdown()
    provider.thread.join(2)


@pytest.fixture
def oidc_provider(oidc_server):
    with oidc_server.settings():
        yield oidc_server
