"""Signing in with SAML 2.0 against a local identity provider made of pysaml2's server classes."""

import base64
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from saml2 import BINDING_HTTP_REDIRECT

from accounts.models import ExternalIdentity, User
from accounts.sso.config import saml_config

from .factories import UserFactory
from .saml_idp import IDP, OTHER_SP, SITE, SP_ENTITY

pytestmark = pytest.mark.django_db


def start(client, idp, next_url=""):
    url = reverse("sso:saml_login") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302, response.content
    return idp.read_request(response["Location"])


def post_answer(client, answer, relay_state=""):
    return client.post(reverse("sso:saml_acs"), {"SAMLResponse": answer, "RelayState": relay_state})


def sign_in(client, idp, next_url="", **answer):
    request, relay_state = start(client, idp, next_url)
    return post_answer(client, idp.response(request, **answer), relay_state)


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def refusal(response) -> str:
    assert response.status_code in (400, 403), response.status_code
    return response.content.decode()


def test_saml_pages_are_not_there_while_it_is_off(client):
    assert client.get(reverse("sso:saml_login")).status_code == 404
    assert client.get(reverse("sso:saml_metadata")).status_code == 404
    assert client.post(reverse("sso:saml_acs")).status_code == 404


def test_the_service_provider_metadata_names_the_urls_to_register(client, saml_idp):
    response = client.get(reverse("sso:saml_metadata"))
    assert response.status_code == 200
    xml = response.content.decode()
    assert f'entityID="{SP_ENTITY}"' in xml
    assert 'Location="http://testserver/accounts/sso/saml/acs/"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert "X509Certificate" in xml


def test_first_sign_in_creates_an_account_with_the_stable_identifier(client, saml_idp):
    response = sign_in(client, saml_idp, email="Ada@Example.edu", eppn="ada@example.edu")
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_app:home")
    user = signed_in_user(client)
    assert (user.email, user.display_name) == ("ada@example.edu", "Ada Lovelace")
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.provider, identity.subject) == (f"saml:{IDP}", "ada@example.edu")


def test_without_eppn_the_persistent_name_id_is_the_identifier(client, saml_idp):
    sign_in(client, saml_idp, eppn="", name_id="opaque-1234", email="bo@example.edu")
    assert ExternalIdentity.objects.get().subject == "opaque-1234"


def test_a_later_sign_in_matches_by_identifier_not_by_email(client, saml_idp):
    sign_in(client, saml_idp, eppn="cy@example.edu", email="cy@example.edu")
    first = signed_in_user(client)
    client.logout()
    sign_in(client, saml_idp, eppn="cy@example.edu", email="cy.married@example.edu")
    assert signed_in_user(client) == first
    assert User.objects.count() == 1


def test_first_sign_in_links_the_account_with_the_same_email(client, saml_idp):
    existing = UserFactory(email="di@example.edu")
    sign_in(client, saml_idp, eppn="di@example.edu", email="di@example.edu")
    assert signed_in_user(client) == existing


def test_a_tampered_assertion_is_refused(client, saml_idp):
    request, relay_state = start(client, saml_idp)
    xml = base64.b64decode(saml_idp.response(request, email="eve@example.edu")).decode()
    assert "eve@example.edu" in xml
    tampered = base64.b64encode(xml.replace("eve@example.edu", "boss@example.edu").encode())
    page = refusal(post_answer(client, tampered.decode(), relay_state))
    assert "signature did not check out" in page
    assert signed_in_user(client) is None
    assert not User.objects.exists()


@pytest.mark.parametrize("sign_response", [False, True])
def test_an_unsigned_assertion_is_refused(client, saml_idp, sign_response):
    request, relay_state = start(client, saml_idp)
    answer = saml_idp.response(request, sign_assertion=False, sign_response=sign_response)
    page = refusal(post_answer(client, answer, relay_state))
    assert "The sign-in did not work" in page
    assert signed_in_user(client) is None


def test_an_expired_assertion_is_refused(client, saml_idp):
    request, relay_state = start(client, saml_idp)
    expired = saml_idp.server_with(lifetime={"minutes": -10})
    page = refusal(post_answer(client, saml_idp.response(request, server=expired), relay_state))
    assert "had expired" in page
    assert signed_in_user(client) is None


def test_an_assertion_for_another_audience_is_refused(client, saml_idp):
    request, relay_state = start(client, saml_idp)
    answer = saml_idp.response(request, audience=OTHER_SP)
    page = refusal(post_answer(client, answer, relay_state))
    assert "meant for another application" in page
    assert signed_in_user(client) is None


def test_an_assertion_for_another_recipient_is_refused(client, saml_idp):
    request, relay_state = start(client, saml_idp)
    answer = saml_idp.response(request, destination="https://other-app.example.edu/acs")
    refusal(post_answer(client, answer, relay_state))
    assert signed_in_user(client) is None


def test_a_replayed_assertion_is_refused(client, saml_idp):
    request, relay_state = start(client, saml_idp)
    answer = saml_idp.response(request)
    assert post_answer(client, answer, relay_state).status_code == 302
    client.logout()
    page = refusal(post_answer(client, answer, relay_state))
    assert "does not belong to a sign-in started here" in page
    assert signed_in_user(client) is None


def test_a_replay_is_refused_even_where_unsolicited_answers_are_allowed(client, saml_idp):
    config = {**saml_idp.sp_config}
    config["service"] = {"sp": {**config["service"]["sp"], "allow_unsolicited": True}}
    with override_settings(SAML_CONFIG=config):
        request, relay_state = start(client, saml_idp)
        answer = saml_idp.response(request)
        assert post_answer(client, answer, relay_state).status_code == 302
        client.logout()
        page = refusal(post_answer(client, answer, relay_state))
    assert "has been used already" in page
    assert signed_in_user(client) is None


def test_an_answer_without_email_is_refused_with_a_message(client, saml_idp):
    page = refusal(sign_in(client, saml_idp, email="", eppn="nomail@example.edu"))
    assert "did not send your e-mail address" in page


def test_garbage_instead_of_an_answer_gets_a_page(client, saml_idp):
    start(client, saml_idp)
    page = refusal(post_answer(client, "bm90IFNBTUw="))
    assert "The sign-in did not work" in page


def test_logout_from_the_identity_provider_too(client, saml_idp):
    sign_in(client, saml_idp)
    assert client.session["sso_idp_logout"] is True
    response = client.post(reverse("sso:saml_logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{IDP}/slo?SAMLRequest=")
    assert signed_in_user(client) is None


def test_the_identity_providers_post_needs_no_csrf_token(saml_idp):
    browser_like = Client(enforce_csrf_checks=True)
    request, relay_state = start(browser_like, saml_idp)
    response = post_answer(browser_like, saml_idp.response(request), relay_state)
    assert response.status_code == 302
    assert signed_in_user(browser_like) is not None


def test_the_configuration_wants_both_key_and_certificate(tmp_path):
    with pytest.raises(ValueError, match="go together"):
        saml_config(site_url=SITE, idp_metadata_file="idp.xml", key_file="sp.key")
    with pytest.raises(ValueError, match="METADATA"):
        saml_config(site_url=SITE)


def test_saml_settings_from_the_environment(tmp_path, saml_idp_server):
    """The settings module switches SAML on from environment variables alone."""
    env = {
        **os.environ,
        "SAML_ENABLED": "1",
        "SITE_URL": "https://workbook.example.edu",
        "SAML_IDP_METADATA_FILE": str(saml_idp_server.folder / "idp-metadata.xml"),
        "SSO_INSTITUTION_NAME": "Example University",
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "sp = settings.SAML_CONFIG['service']['sp']; "
        "acs = sp['endpoints']['assertion_consumer_service'][0][0]; "
        "print(settings.SAML_CONFIG['entityid'], acs, "
        "sp['want_assertions_signed'], sp['allow_unsolicited'], "
        "'accounts.sso.saml.SAMLBackend' in settings.AUTHENTICATION_BACKENDS)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [
        "https://workbook.example.edu/accounts/sso/saml/metadata/",
        "https://workbook.example.edu/accounts/sso/saml/acs/",
        "True",
        "False",
        "True",
    ]


def test_the_identity_providers_logout_answer_comes_back_to_the_login_page(client, saml_idp):
    sign_in(client, saml_idp)
    to_idp = client.post(reverse("sso:saml_logout"))["Location"]
    query = parse_qs(urlsplit(to_idp).query)
    logout = saml_idp.server.parse_logout_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
    answer = saml_idp.server.create_logout_response(logout.message, [BINDING_HTTP_REDIRECT])
    info = saml_idp.server.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(answer),
        destination="http://testserver/accounts/sso/saml/ls/",
        relay_state=query.get("RelayState", [""])[0],
        response=True,
    )
    location = dict(info["headers"])["Location"].removeprefix("http://testserver")
    response = client.get(location)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/accounts/sso/saml/ls/?SAMLResponse=garbage", {}),
        ("get", "/accounts/sso/saml/ls/", {}),
        ("get", "/accounts/sso/saml/ls/?SAMLRequest=bm9wZQ", {}),
        ("post", "/accounts/sso/saml/ls/post/", {"SAMLResponse": "garbage"}),
        ("post", "/accounts/sso/saml/acs/", {}),
        ("get", "/accounts/sso/saml/login/?idp=https://unknown.example/", {}),
    ],
)
def test_broken_messages_get_a_page_of_the_site(client, saml_idp, method, url, data):
    response = getattr(client, method)(url, data)
    assert 400 <= response.status_code < 500
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Mentoring Up" in page  # the site's own page, not a library's


def test_unreachable_metadata_gets_a_page_not_an_error(client, saml_idp):
    config = {**saml_idp.sp_config, "metadata": {"remote": [{"url": "http://127.0.0.1:9/md"}]}}
    with override_settings(SAML_CONFIG=config):
        response = client.get(reverse("sso:saml_login"))
    assert response.status_code == 503
    assert "not available just now" in response.content.decode()


def test_metadata_from_a_url(client, saml_idp):
    metadata = (saml_idp.folder / "idp-metadata.xml").read_bytes()

    class Metadata(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()
            self.wfile.write(metadata)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/idp.xml"
        config = {**saml_idp.sp_config, "metadata": {"remote": [{"url": url}]}}
        with override_settings(SAML_CONFIG=config):
            assert sign_in(client, saml_idp).status_code == 302
    finally:
        server.shutdown()
    assert signed_in_user(client).email == "ada@example.edu"
