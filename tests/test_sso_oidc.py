"""Signing in with OpenID Connect against a local provider the tests start themselves."""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import ExternalIdentity, User
from accounts.sso.oidc import OIDCBackend

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def start(client, next_url=""):
    url = reverse("sso:oidc_login") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, sub, next_url="", **claims):
    """The whole round trip: the workbook sends the person to the provider, they sign in there as
    `sub`, and the provider sends them back to the callback."""
    if claims:
        provider.set_person(sub, **claims)
    back = provider.approve(start(client, next_url), sub)
    assert back.startswith("http://testserver/")
    return client.get(back.removeprefix("http://testserver"))


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_password_pages_do_not_offer_oidc_while_it_is_off(client):
    assert client.get(reverse("sso:oidc_login")).status_code == 404
    assert client.get(reverse("sso:oidc_callback")).status_code == 404


def test_authorisation_request_uses_pkce_and_a_nonce(client, oidc_provider):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["nonce"]
    assert query["state"]
    assert query["client_id"] == ["workbook"]


def test_first_sign_in_creates_an_account_and_remembers_the_subject(client, oidc_provider):
    response = sign_in(
        client,
        oidc_provider,
        "sub-ada",
        email="Ada@Example.edu",
        email_verified=True,
        name="Ada Lovelace",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_app:home")
    user = signed_in_user(client)
    assert (user.email, user.display_name) == ("ada@example.edu", "Ada Lovelace")
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.provider, identity.subject) == (f"oidc:{oidc_provider.url}", "sub-ada")


def test_later_sign_in_finds_the_account_by_subject_not_by_email(client, oidc_provider):
    sign_in(client, oidc_provider, "sub-bo", email="bo@example.edu", email_verified=True)
    first = signed_in_user(client)
    client.logout()
    sign_in(client, oidc_provider, "sub-bo", email="bo.new@example.edu", email_verified=True)
    assert signed_in_user(client) == first
    assert User.objects.count() == 1


def test_first_sign_in_links_the_account_with_the_same_verified_email(client, oidc_provider):
    existing = UserFactory(email="cy@example.edu")
    sign_in(client, oidc_provider, "sub-cy", email="CY@example.edu", email_verified=True)
    assert signed_in_user(client) == existing
    assert ExternalIdentity.objects.get(subject="sub-cy").user == existing
    existing.refresh_from_db()
    assert existing.has_usable_password()  # the password still works as a fallback


def test_a_provider_not_trusted_for_addresses_does_not_take_over_an_account(client, oidc_provider):
    UserFactory(email="di@example.edu")
    with override_settings(OIDC_TRUST_EMAIL=False):
        response = sign_in(client, oidc_provider, "sub-di", email="di@example.edu")
    assert response.status_code == 403
    assert "Log in with your password instead" in response.content.decode()
    assert signed_in_user(client) is None
    assert not ExternalIdentity.objects.exists()


def test_an_unverified_address_is_not_trusted_even_from_a_trusted_provider(client, oidc_provider):
    UserFactory(email="ed@example.edu")
    response = sign_in(
        client, oidc_provider, "sub-ed", email="ed@example.edu", email_verified=False
    )
    assert response.status_code == 403
    assert signed_in_user(client) is None


def test_an_id_token_for_another_audience_is_refused(client, oidc_provider, monkeypatch):
    # Another application's sign-in (its code, its token, signed by the real provider) brought to
    # our callback: the token is genuine but its audience is "other-app".
    with override_settings(OIDC_RP_CLIENT_ID="other-app"):
        back = oidc_provider.approve(start(client), "sub-eve")
    original = OIDCBackend.get_token

    def as_other_app(self, payload):
        return original(self, {**payload, "client_id": "other-app"})

    monkeypatch.setattr(OIDCBackend, "get_token", as_other_app)
    oidc_provider.set_person("sub-eve", email="eve@example.edu", email_verified=True)
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 403
    assert "meant for another application" in response.content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.exists()


def test_a_replayed_callback_is_refused(client, oidc_provider):
    oidc_provider.set_person("sub-fay", email="fay@example.edu", email_verified=True)
    back = oidc_provider.approve(start(client), "sub-fay").removeprefix("http://testserver")
    assert client.get(back).status_code == 302
    client.logout()
    start(client)  # a new sign-in is under way: the old answer still does not belong to it
    response = client.get(back)
    assert response.status_code == 403
    assert "does not belong to a sign-in started here" in response.content.decode()
    assert signed_in_user(client) is None


def test_the_providers_keys_are_fetched_once_and_cached(client, oidc_provider):
    before = oidc_provider.guard.jwks_fetches
    sign_in(client, oidc_provider, "sub-gil", email="gil@example.edu", email_verified=True)
    client.logout()
    sign_in(client, oidc_provider, "sub-gil")
    assert oidc_provider.guard.jwks_fetches == before + 1


def test_an_unreachable_provider_gets_a_page_not_an_error(client, oidc_provider):
    back = oidc_provider.approve(start(client), "sub-hal").removeprefix("http://testserver")
    with override_settings(OIDC_OP_TOKEN_ENDPOINT="http://127.0.0.1:9/oauth2/token"):
        response = client.get(back)
    assert response.status_code == 502
    assert "did not answer" in response.content.decode()


def test_a_denied_sign_in_shows_the_refusal_page(client, oidc_provider):
    start(client)
    response = client.get(reverse("sso:oidc_callback") + "?error=access_denied&state=x")
    assert response.status_code == 403
    assert "did not complete" in response.content.decode()


def test_an_untrusted_provider_still_signs_in_a_known_identifier(client, oidc_provider):
    user = UserFactory(email="ned@example.edu")
    ExternalIdentity.objects.create(
        provider=f"oidc:{oidc_provider.url}", subject="sub-ned", user=user
    )
    with override_settings(OIDC_TRUST_EMAIL=False):
        sign_in(client, oidc_provider, "sub-ned", email="someone.else@example.edu")
    assert signed_in_user(client) == user


def test_the_identifier_is_in_the_own_data_download(client, oidc_provider):
    sign_in(client, oidc_provider, "sub-own", email="own@example.edu", email_verified=True)
    data = client.get(reverse("accounts:data_download")).json()
    (identity,) = data["account"]["signs_in_with"]
    assert identity["provider"] == f"oidc:{oidc_provider.url}"
    assert identity["identifier"] == "sub-own"


@pytest.mark.parametrize("query", ["", "?code=x&state=y", "?error=server_error"])
def test_a_callback_without_a_sign_in_under_way_gets_a_page(client, oidc_provider, query):
    response = client.get(reverse("sso:oidc_callback") + query)
    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()


def settings_from(env: dict) -> subprocess.CompletedProcess:
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.OIDC_OP_ISSUER, settings.OIDC_USE_PKCE, "
        "'accounts.sso.oidc.OIDCBackend' in settings.AUTHENTICATION_BACKENDS)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "SAML_", "SSO_"))}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "mentoring.settings", **env}
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)


def test_oidc_settings_from_the_environment():
    base = "https://login.example.edu/realms/staff"
    done = settings_from(
        {
            "OIDC_ENABLED": "1",
            "OIDC_ISSUER": base,
            "OIDC_AUTHORIZATION_ENDPOINT": f"{base}/auth",
            "OIDC_TOKEN_ENDPOINT": f"{base}/token",
            "OIDC_USERINFO_ENDPOINT": f"{base}/userinfo",
            "OIDC_JWKS_ENDPOINT": f"{base}/certs",
            "OIDC_CLIENT_ID": "workbook",
        }
    )
    assert done.stdout.split() == [base, "True", "True"], done.stderr


def test_oidc_switched_on_without_its_endpoints_refuses_to_start():
    done = settings_from({"OIDC_ENABLED": "1", "OIDC_ISSUER": "https://login.example.edu"})
    assert done.returncode != 0
    assert "OIDC_ENABLED needs" in done.stderr


def test_oidc_is_off_by_default():
    done = settings_from({})
    assert done.stdout.split()[-1] == "False"
