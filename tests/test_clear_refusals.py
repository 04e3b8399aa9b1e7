"""Bad input gets a clear message, never a 500 and never half a change (issue 14, §4)."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sessions_app import services
from sessions_app.models import CohortSession, Enrollment, Invitation, Session
from worksheets.models import MentorLink

from .factories import CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
TOO_LONG_EMAIL = "a" * 250 + "@example.org"  # a valid address, longer than the 254 kept
PASSWORD = "x8Hk2mPq!zz-long"


@pytest.fixture
def facilitator(curriculum):
    return EnrollmentFactory(role=Enrollment.Role.FACILITATOR)


def sign_up_data(**changes):
    return {
        "display_name": "Ana",
        "email": "ana@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }


# Control characters in the address, the query and the cookies.


@pytest.mark.parametrize(
    "url",
    [
        "/join/abc\x00def/",
        "/join/%00/",
        "/invite/token\x00/",
        "/mentor/token\x01x/",
        "/cohorts/1/modules/x\x7f/",
        "/?next=%00",
        "/accounts/login/?next=/\x00",
        "/health/?q%00=1",
    ],
)
def test_control_characters_in_the_address_get_a_clear_400(client, curriculum, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert "We could not read this request" in response.content.decode()


def test_a_control_character_in_a_cookie_gets_a_clear_400(client, curriculum):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnopqrstuvwxyz0123"
    response = client.get("/")
    assert response.status_code == 400
    assert "cookie" in response.content.decode()


def test_a_control_character_in_a_form_field_name_gets_a_400(client, curriculum):
    cohort = CohortFactory()
    response = client.post(cohort.get_join_url(), {**sign_up_data(), "x\x00": "1"})
    assert response.status_code == 400
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["display_name", "email", "password1"])
def test_nul_in_a_form_field_is_a_form_error_and_nothing_is_stored(client, curriculum, field):
    cohort = CohortFactory()
    response = client.post(cohort.get_join_url(), sign_up_data(**{field: "an\x00a"}))
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "url", ["/cohorts/99999999999999999999999/", "/facilitate/cohorts/9223372036854775808/"]
)
def test_an_id_larger_than_any_row_is_not_found(client, facilitator, url):
    client.force_login(facilitator.user)
    assert client.get(url).status_code == 404


# Form bodies in an unexpected character set.

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "windows-1252"])
def test_a_form_body_in_another_character_set_gets_a_clear_400(client, curriculum, charset):
    cohort = CohortFactory()
    body = "display_name=Jos\xe9&email=jose%40example.org".encode("latin-1")
    response = client.generic(
        "POST", cohort.get_join_url(), body, content_type=f"{FORM}; charset={charset}"
    )
    assert response.status_code == 400
    assert "We could not read this request" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"display_name=Jos\xe9&email=x%40example.org",  # raw Latin-1 bytes
        b"display_name=Jos%E9&email=x%40example.org",  # percent-encoded Latin-1
        b"display_name=%FF%FE&email=x%40example.org",
    ],
)
def test_form_bytes_that_are_not_utf8_get_a_clear_400(client, curriculum, body):
    cohort = CohortFactory()
    data = body + f"&password1={PASSWORD}&password2={PASSWORD}".encode()
    response = client.generic("POST", cohort.get_join_url(), data, content_type=FORM)
    assert response.status_code == 400
    assert "not sent as UTF-8" in response.content.decode()
    assert not User.objects.exists()


def test_a_form_in_utf8_with_accents_is_read_as_typed(client, curriculum):
    cohort = CohortFactory()
    response = client.post(
        cohort.get_join_url(), sign_up_data(display_name="Jos\u00e9 Nu\u00f1ez \u674e")
    )
    assert response.status_code == 200  # the same answer for every address: a mail goes out
    assert User.objects.get().display_name == "Jos\u00e9 Nu\u00f1ez \u674e"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"display_name=A&email=x%40example.org", f"{FORM}; charset=no-such-charset"),
        (b"display_name=\xff\xfe", "multipart/form-data; boundary=BB"),
        (
            b'--BB\r\nContent-Disposition: form-data; name="display_name"\r\n\r\n\xff\xfe\r\n'
            b"--BB--\r\n",
            "multipart/form-data; boundary=BB; charset=latin-1",
        ),
        (b"display_name=A", "text/plain; charset=utf-8"),
    ],
)
def test_an_unreadable_form_body_is_a_form_error_or_a_400(client, curriculum, body, content_type):
    cohort = CohortFactory()
    response = client.generic("POST", cohort.get_join_url(), body, content_type=content_type)
    assert response.status_code in {200, 400}
    assert not User.objects.exists()


def test_the_autosave_answers_a_body_in_another_character_set_with_a_400(
    participant_client, enrollment
):
    module = enrollment.cohort.schedule.first().session.modules.first()
    url = reverse("worksheets:autosave", args=[enrollment.cohort_id, module.slug])
    response = participant_client.generic(
        "POST", url, b"x=\xe9", content_type=f"{FORM}; charset=latin-1"
    )
    assert response.status_code == 400


# E-mail addresses longer than the model keeps.


def test_an_email_longer_than_the_model_allows_is_a_form_error_at_sign_up(client, curriculum):
    cohort = CohortFactory()
    response = client.post(cohort.get_join_url(), sign_up_data(email=TOO_LONG_EMAIL))
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not User.objects.exists()


def test_an_email_longer_than_the_model_allows_is_a_form_error_for_a_mentor_link(
    participant_client, enrollment
):
    response = participant_client.post(
        reverse("mentor:links", args=[enrollment.cohort_id]),
        {"mentor_name": "Prof. Park", "mentor_email": TOO_LONG_EMAIL},
    )
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not MentorLink.objects.exists()
    assert not mail.outbox


def test_an_email_longer_than_the_model_allows_is_reported_among_the_invitations(
    client, facilitator
):
    client.force_login(facilitator.user)
    response = client.post(
        reverse("facilitator:invite", args=[facilitator.cohort_id]),
        {"emails": f"ana@example.org\n{TOO_LONG_EMAIL}"},
        follow=True,
    )
    assert response.status_code == 200
    notes = " ".join(str(m) for m in response.context["messages"])
    assert TOO_LONG_EMAIL in notes
    assert "longer than 254 characters" in notes
    assert list(Invitation.objects.values_list("email", flat=True)) == ["ana@example.org"]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


# Line breaks in names that go into mail headers.


def test_line_breaks_in_a_cohort_name_never_break_the_invitation_mail(client, curriculum):
    facilitator = EnrollmentFactory(
        role=Enrollment.Role.FACILITATOR,
        cohort=CohortFactory(name="Spring\r\nBcc: everyone@example.org"),
    )
    client.force_login(facilitator.user)
    response = client.post(
        reverse("facilitator:invite", args=[facilitator.cohort_id]), {"emails": "ana@example.org"}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "You are invited to Spring Bcc: everyone@example.org"
    assert message.message()["Bcc"] is None


def test_line_breaks_in_a_display_name_never_break_the_mentor_link_mail(client, curriculum):
    enrollment = EnrollmentFactory(user=UserFactory(display_name="Ana\nBcc: x@example.org"))
    client.force_login(enrollment.user)
    response = client.post(
        reverse("mentor:links", args=[enrollment.cohort_id]),
        {"mentor_name": "Prof. Park", "mentor_email": "park@example.org"},
    )
    assert response.status_code == 200
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert message.message()["Bcc"] is None


def test_line_breaks_in_a_cohort_name_never_break_the_reminder(curriculum):
    cohort = CohortFactory(name="Spring\nCc: x@example.org")
    CohortSession.objects.create(
        cohort=cohort,
        session=Session.objects.get(number=3),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    EnrollmentFactory(cohort=cohort)
    call_command("send_session_reminders", "--site-url", "https://workbook.example.edu")
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert message.message()["Cc"] is None


# A pasted list of invitations.


def test_each_pasted_address_is_reported(client, facilitator):
    EnrollmentFactory(cohort=facilitator.cohort, user=UserFactory(email="member@example.org"))
    client.force_login(facilitator.user)
    response = client.post(
        reverse("facilitator:invite", args=[facilitator.cohort_id]),
        {"emails": "ana@example.org; member@example.org, not-an-address\nben@example.org"},
        follow=True,
    )
    notes = [str(m) for m in response.context["messages"]]
    assert "Invitations sent to 2: ana@example.org, ben@example.org." in notes
    assert "Already in the cohort: member@example.org." in notes
    assert any("nothing sent: not-an-address." in note for note in notes)


def test_a_pasted_list_that_fails_halfway_stores_and_mails_nothing(client, facilitator):
    real = services._invitation_renew
    calls = []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    client.raise_request_exception = False
    client.force_login(facilitator.user)
    with mock.patch.object(services, "_invitation_renew", side_effect=fail_on_the_third):
        response = client.post(
            reverse("facilitator:invite", args=[facilitator.cohort_id]),
            {"emails": "a@example.org\nb@example.org\nc@example.org\nd@example.org"},
        )
    assert response.status_code == 500  # the simulated failure, not the input
    assert len(calls) == 3
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_mail_that_cannot_be_sent_is_reported_and_the_others_go_out(client, facilitator):
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refuse_b(self, messages):
        if messages[0].to == ["b@example.org"]:
            raise ConnectionRefusedError("mail server down")
        return real(self, messages)

    client.force_login(facilitator.user)
    with mock.patch.object(EmailBackend, "send_messages", refuse_b):
        response = client.post(
            reverse("facilitator:invite", args=[facilitator.cohort_id]),
            {"emails": "a@example.org\nb@example.org\nc@example.org"},
            follow=True,
        )
    notes = [str(m) for m in response.context["messages"]]
    assert "Invitations sent to 2: a@example.org, c@example.org." in notes
    assert any("could not be sent" in note and "b@example.org" in note for note in notes)
    assert Invitation.objects.count() == 3  # b's is stored: Re-send mails it
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]


# CSV exports.


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        '  =HYPERLINK("http://evil.example")',
        "\n=1+1",
        "\r\n+cmd",
        " \t @x",
        "\u00a0=1",
        "\uff1d1+1",
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(text):
    from sessions_app.facilitator.csv import safe_cell

    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ana", "a = b", "3/5", "2026-01-31", " plain", "", "'=x"])
def test_csv_cells_without_a_formula_stay_as_they_are(text):
    from sessions_app.facilitator.csv import safe_cell

    assert safe_cell(text) == text


def test_the_progress_export_neutralises_a_formula_after_leading_spaces(client, facilitator):
    import csv
    import io

    EnrollmentFactory(
        cohort=facilitator.cohort,
        user=UserFactory(display_name='  \n=HYPERLINK("http://evil.example")'),
    )
    client.force_login(facilitator.user)
    response = client.get(reverse("facilitator:progress_csv", args=[facilitator.cohort_id]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert '\'  \n=HYPERLINK("http://evil.example")' in names


@override_settings(AXES_ENABLED=True)
def test_an_email_longer_than_the_model_allows_is_a_form_error_at_login(client, curriculum):
    from axes.models import AccessAttempt

    response = client.post(
        reverse("accounts:login"), {"username": TOO_LONG_EMAIL, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=TOO_LONG_EMAIL).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  \n ", "Paste at least one e-mail address."),
        ("ana@example.org\x00", "Null characters are not allowed."),
    ],
)
def test_an_unusable_invitation_list_is_refused_whole_with_its_reason(
    client, facilitator, text, message
):
    client.force_login(facilitator.user)
    response = client.post(
        reverse("facilitator:invite", args=[facilitator.cohort_id]), {"emails": text}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [message]
    assert not Invitation.objects.filter(email="ana@example.org").exists()
    assert not mail.outbox
