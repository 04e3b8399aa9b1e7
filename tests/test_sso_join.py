"""Joining a cohort through a join link or an invitation by signing in with the institution, and
the switch that takes passwords away from participants."""

import html
import re

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.sso.services import pending_join_url
from sessions_app.models import Enrollment

from .factories import (
    DEFAULT_PASSWORD,
    CohortFactory,
    EnrollmentFactory,
    InvitationFactory,
    UserFactory,
)
from .test_sso_oidc import signed_in_user

pytestmark = pytest.mark.django_db


def sso_link(response) -> str:
    """The "Sign in with …" button's address on a page."""
    page = response.content.decode()
    found = re.search(r'<a class="[^"]*" href="([^"]+)">Sign in with Example University</a>', page)
    assert found, "no Sign in with… button"
    return html.unescape(found.group(1))


def through_oidc(client, provider, page_url, sub, **claims):
    """Open the page, press its button, sign in at the provider, come back: the last answer."""
    provider.set_person(sub, **claims)
    start = client.get(sso_link(client.get(page_url)))
    back = provider.approve(start["Location"], sub).removeprefix("http://testserver")
    callback = client.get(back)
    assert callback.status_code == 302, callback.content.decode()
    return client.get(callback["Location"])


def test_a_join_link_then_oidc_lands_enrolled(client, oidc_provider):
    cohort = CohortFactory()
    response = through_oidc(
        client,
        oidc_provider,
        cohort.get_join_url(),
        "sub-jo",
        email="jo@example.edu",
        email_verified=True,
        name="Jo March",
    )
    assert response.status_code == 302
    assert response["Location"] == cohort.get_absolute_url()
    enrollment = Enrollment.objects.get(cohort=cohort)
    assert enrollment.user.email == "jo@example.edu"
    assert enrollment.role == Enrollment.Role.PARTICIPANT


def test_a_join_link_then_saml_lands_enrolled(client, saml_idp):
    cohort = CohortFactory()
    start = client.get(sso_link(client.get(cohort.get_join_url())))
    request, relay_state = saml_idp.read_request(start["Location"])
    back = client.post(
        reverse("sso:saml_acs"),
        {"SAMLResponse": saml_idp.response(request), "RelayState": relay_state},
    )
    assert back.status_code == 302
    assert back["Location"].startswith("/accounts/sso/finish/")
    assert client.get(back["Location"])["Location"] == cohort.get_absolute_url()
    assert Enrollment.objects.get(cohort=cohort).user.email == "ada@example.edu"


def test_an_invitation_then_sign_in_accepts_it(client, oidc_provider):
    invitation = InvitationFactory(email="amy@example.edu")
    response = through_oidc(
        client,
        oidc_provider,
        invitation.get_absolute_url(),
        "sub-amy",
        email="amy@example.edu",
        email_verified=True,
    )
    assert response["Location"] == invitation.cohort.get_absolute_url()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert Enrollment.objects.filter(cohort=invitation.cohort, user__email="amy@example.edu")


def test_an_invitation_for_an_existing_account_offers_sign_in(client, oidc_provider):
    existing = UserFactory(email="beth@example.edu")
    invitation = InvitationFactory(email="beth@example.edu")
    response = through_oidc(
        client,
        oidc_provider,
        invitation.get_absolute_url(),
        "sub-beth",
        email="beth@example.edu",
        email_verified=True,
    )
    assert response["Location"] == invitation.cohort.get_absolute_url()
    assert Enrollment.objects.get(cohort=invitation.cohort).user == existing


def test_an_invitation_for_another_address_is_refused_with_a_message(client, oidc_provider):
    invitation = InvitationFactory(email="meg@example.edu")
    response = through_oidc(
        client,
        oidc_provider,
        invitation.get_absolute_url(),
        "sub-laurie",
        email="laurie@example.edu",
        email_verified=True,
    )
    assert response.status_code == 403
    assert "for another e-mail address" in response.content.decode()
    assert not Enrollment.objects.filter(cohort=invitation.cohort).exists()


def test_someone_removed_from_the_cohort_stays_out(client):
    enrollment = EnrollmentFactory()
    Enrollment.objects.filter(pk=enrollment.pk).update(removed_at=timezone.now())
    client.force_login(enrollment.user)
    response = client.get(pending_join_url(cohort=enrollment.cohort))
    assert response.status_code == 403
    assert "removed you from this cohort" in response.content.decode()


def test_a_changed_note_gets_a_page(client):
    client.force_login(UserFactory())
    forged = signing.dumps({"join": CohortFactory().join_code}, salt="another-salt")
    response = client.get(reverse("sso:finish", args=[forged]))
    assert response.status_code == 403
    assert "has expired or was changed" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_an_expired_note_gets_a_page(client, monkeypatch):
    client.force_login(UserFactory())
    cohort = CohortFactory()
    url = pending_join_url(cohort=cohort)
    monkeypatch.setattr("accounts.sso.services.PENDING_MAX_AGE", -1)
    response = client.get(url)
    assert response.status_code == 403
    assert "has expired or was changed" in response.content.decode()
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_login_page_without_sso_has_only_the_password_form(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'type="password"' in page
    assert "Sign in with" not in page


def test_login_page_with_sso_offers_both(client, oidc_provider):
    page = client.get(reverse("accounts:login") + "?next=/cohorts/1/").content.decode()
    assert "Sign in with Example University" in page
    assert f'href="{reverse("sso:oidc_login")}?next=/cohorts/1/"' in html.unescape(page)
    assert 'type="password"' in page


@pytest.fixture
def passwords_off(oidc_provider):
    with override_settings(SSO_PASSWORD_LOGIN=False):
        yield oidc_provider


@pytest.mark.usefixtures("passwords_off")
class TestPasswordLoginOff:
    def test_the_login_page_hides_the_password_form(self, client):
        page = client.get(reverse("accounts:login")).content.decode()
        assert "Sign in with Example University" in page
        assert 'type="password"' not in page
        assert "Facilitators and staff: log in with a password" in page

    def test_the_fallback_shows_the_form(self, client):
        page = client.get(reverse("accounts:login") + "?password=1").content.decode()
        assert 'type="password"' in page

    def test_a_participant_cannot_log_in_with_a_password(self, client):
        participant = EnrollmentFactory().user
        response = client.post(
            reverse("accounts:login"),
            {"username": participant.email, "password": DEFAULT_PASSWORD},
        )
        assert response.status_code == 200
        assert "Participants sign in with Example University" in response.content.decode()
        assert signed_in_user(client) is None

    @pytest.mark.parametrize("who", ["facilitator", "staff"])
    def test_facilitators_and_staff_keep_their_password(self, client, who):
        if who == "staff":
            person = UserFactory(is_staff=True)
        else:
            person = EnrollmentFactory(role=Enrollment.Role.FACILITATOR).user
        response = client.post(
            reverse("accounts:login"), {"username": person.email, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        assert signed_in_user(client) == person

    def test_the_join_page_offers_only_the_institution(self, client):
        cohort = CohortFactory()
        page = client.get(cohort.get_join_url()).content.decode()
        assert "Sign in with Example University" in page
        assert 'type="password"' not in page
        client.post(
            cohort.get_join_url(),
            {
                "display_name": "Sneaky",
                "email": "sneaky@example.edu",
                "password1": "a-long-password-1",
                "password2": "a-long-password-1",
            },
        )
        assert not Enrollment.objects.filter(cohort=cohort).exists()
        assert not User.objects.filter(email="sneaky@example.edu").exists()


def test_an_account_without_password_is_deleted_after_typing_the_address(client, oidc_provider):
    through_oidc(
        client,
        oidc_provider,
        reverse("accounts:login"),
        "sub-del",
        email="del@example.edu",
        email_verified=True,
    )
    user = signed_in_user(client)
    assert not user.has_usable_password()
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "Your e-mail address, to confirm" in page
    assert client.post(reverse("accounts:delete"), {"password": "x@example.edu"}).status_code == 200
    client.post(reverse("accounts:delete"), {"password": "DEL@example.edu"})
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.fixture
def untrusted(oidc_provider):
    with override_settings(OIDC_TRUST_EMAIL=False):
        yield oidc_provider


def test_an_untrusted_provider_alone_opens_no_account(client, untrusted):
    cohort = CohortFactory()
    untrusted.set_person("sub-ivy", email="ivy@example.edu")
    start = client.get(sso_link(client.get(cohort.get_join_url())))
    back = untrusted.approve(start["Location"], "sub-ivy").removeprefix("http://testserver")
    response = client.get(back)
    assert response.status_code == 403
    assert "not trusted to prove e-mail addresses" in response.content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="ivy@example.edu").exists()


def test_an_opened_invitation_proves_the_address_for_an_untrusted_provider(client, untrusted):
    invitation = InvitationFactory(email="kay@example.edu")
    response = through_oidc(
        client, untrusted, invitation.get_absolute_url(), "sub-kay", email="Kay@example.edu"
    )
    assert response["Location"] == invitation.cohort.get_absolute_url()
    assert Enrollment.objects.get(cohort=invitation.cohort).user.email == "kay@example.edu"


def test_an_invitation_for_another_address_proves_nothing(client, untrusted):
    invitation = InvitationFactory(email="lea@example.edu")
    untrusted.set_person("sub-max", email="max@example.edu")
    start = client.get(sso_link(client.get(invitation.get_absolute_url())))
    back = untrusted.approve(start["Location"], "sub-max").removeprefix("http://testserver")
    response = client.get(back)
    assert response.status_code == 403
    assert not User.objects.filter(email="max@example.edu").exists()
