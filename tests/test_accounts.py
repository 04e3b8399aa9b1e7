"""Logging in, joining a cohort by its link, and managing a password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from sessions_app.models import Enrollment

from .factories import (
    DEFAULT_PASSWORD,
    AnswerFactory,
    CohortFactory,
    EnrollmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def join_url(cohort):
    return reverse("accounts:join", args=[cohort.join_code])


def sign_up_data(**overrides):
    data = {
        "display_name": "Dr. Sam Chen",
        "email": "Sam.Chen@Example.edu",
        "password1": "a-long-unusual-pass",
        "password2": "a-long-unusual-pass",
    }
    return {**data, **overrides}


def test_logging_in_with_email_and_password(client):
    user = UserFactory(email="ana@example.edu")
    response = client.post(LOGIN, {"username": "ANA@example.edu", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_email(client):
    UserFactory(email="ana@example.edu")
    response = client.post(LOGIN, {"username": "ana@example.edu", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "do not match an account" in html
    assert 'value="ana@example.edu"' in html
    assert "_auth_user_id" not in client.session


def test_signing_up_through_a_join_link_enrols_a_participant(client):
    cohort = CohortFactory()
    response = client.post(join_url(cohort), sign_up_data())
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert mail.outbox[0].to == ["sam.chen@example.edu"]
    assert "Finish joining" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == cohort.get_absolute_url()
    user = get_user_model().objects.get(email="sam.chen@example.edu")
    assert user.display_name == "Dr. Sam Chen"
    assert user.is_active
    assert Enrollment.objects.get(user=user, cohort=cohort).role == "participant"
    assert int(client.session["_auth_user_id"]) == user.pk
    client.logout()
    assert client.post(link).status_code == 404  # the link works once


def test_mismatched_or_weak_passwords_are_refused_next_to_the_field(client):
    cohort = CohortFactory()
    response = client.post(join_url(cohort), sign_up_data(password2="something-else"))
    assert "two passwords differ" in response.content.decode()
    response = client.post(join_url(cohort), sign_up_data(password1="123", password2="123"))
    assert "too short" in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("code", ["no-such-code", "x"])
def test_an_unknown_join_code_gets_a_clear_404(client, code):
    response = client.get(reverse("accounts:join", args=[code]))
    assert response.status_code == 404
    assert "join link does not work" in response.content.decode()


def test_an_archived_cohort_cannot_be_joined(client):
    cohort = CohortFactory(is_archived=True)
    assert client.get(join_url(cohort)).status_code == 404


def test_a_logged_in_person_confirms_before_joining(client):
    user = UserFactory()
    cohort = CohortFactory()
    client.force_login(user)
    response = client.get(join_url(cohort))
    assert response.status_code == 200
    assert not Enrollment.objects.filter(user=user).exists()
    client.post(join_url(cohort))
    assert Enrollment.objects.filter(user=user, cohort=cohort, role="participant").exists()


def test_joining_twice_keeps_one_enrollment_and_its_role(client):
    user = UserFactory()
    cohort = CohortFactory()
    EnrollmentFactory(user=user, cohort=cohort, role="facilitator")
    client.force_login(user)
    client.post(join_url(cohort))
    assert Enrollment.objects.get(user=user, cohort=cohort).role == "facilitator"


def test_logging_out_needs_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_changing_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "fresh-unusual-words",
            "new_password2": "fresh-unusual-words",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("fresh-unusual-words")


def test_resetting_a_forgotten_password_by_email(client):
    user = UserFactory(email="lost@example.edu")
    response = client.post(reverse("accounts:password_reset"), {"email": "lost@example.edu"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-words", "new_password2": "brand-new-secret-words"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-words")


def test_a_person_downloads_everything_they_wrote_as_json(participant_client, enrollment):
    from sessions_app.models import Prompt

    AnswerFactory(
        enrollment=enrollment, prompt=Prompt.objects.active().first(), text="Mine, all mine"
    )
    response = participant_client.get(reverse("accounts:data_download"))
    data = response.json()
    assert data["account"]["email"] == enrollment.user.email
    assert data["cohorts"][0]["answers"][0]["answer"] == "Mine, all mine"
    assert "attachment" in response["Content-Disposition"]


def test_deleting_the_account_needs_the_password_and_removes_everything(
    participant_client, enrollment
):
    from sessions_app.models import Prompt
    from worksheets.models import Answer

    AnswerFactory(enrollment=enrollment, prompt=Prompt.objects.active().first(), text="x")
    url = reverse("accounts:delete")
    response = participant_client.post(url, {"password": "wrong"})
    assert "nothing was deleted" in response.content.decode()
    assert get_user_model().objects.filter(pk=enrollment.user.pk).exists()

    response = participant_client.post(url, {"password": DEFAULT_PASSWORD})
    assert "is deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=enrollment.user.pk).exists()
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert not Answer.objects.exists()
