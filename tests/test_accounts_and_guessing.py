"""Issue 14, section 3: accounts and guessing.

E-mails are one address whatever their case; guess limits live in the shared cache, per kind;
sign-up tells nobody whether an address has an account; invitation tokens are stored hashed and
no token reaches the log; removed participants stay out until restored; mail and board posts have
a cap."""

import datetime
import io
import logging
import re
import runpy
import sqlite3

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from mentoring.access_log import RouteOnlyFilter
from mentoring.tokens import token_digest
from sessions_app.boards.services import board_for
from sessions_app.models import Invitation, Post, Section
from worksheets.mentor.services import mentor_link_create

from .commands import ROOT, manage
from .factories import DEFAULT_PASSWORD, CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


# Guess limits: shared, per kind, every miss counted.


def test_guess_limits_are_kept_in_the_database_cache_every_process_shares(client):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    client.get("/join/not-a-code/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("guess-misses:join-code:" in key for key in keys)


def test_guess_limits_use_redis_when_redis_url_is_set():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default'];"
        "print(c['BACKEND'], c['LOCATION'])",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache redis://cache.internal:6379/0" in (
        result.stdout
    )


def test_migrate_makes_the_cache_table(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    result = manage("migrate", "--verbosity", "0", SQLITE_PATH=str(database), DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "django_cache" in tables


@override_settings(JOIN_ATTEMPTS_PER_HOUR=4)
@pytest.mark.parametrize(
    "malformed",
    ["/join/a%20b/", "/join/x/y/z/", "/join/" + "x" * 300 + "/", "/join/%C3%A9t%C3%A9/"],
)
def test_malformed_join_codes_count_as_misses(client, malformed):
    for _ in range(4):
        assert client.get(malformed).status_code == 404
    assert client.get(CohortFactory().get_join_url()).status_code == 429


@override_settings(JOIN_ATTEMPTS_PER_HOUR=3)
def test_malformed_invitation_and_mentor_links_count_as_misses(client):
    for n in range(3):
        assert client.get(f"/invite/bad token {n}/").status_code == 404
        assert client.get(f"/mentor/bad/token/{n}/").status_code == 404
    assert client.get("/invite/anything/").status_code == 429
    assert client.get("/mentor/anything/").status_code == 429


def test_a_join_code_is_always_one_the_throttle_accepts_as_well_formed():
    with pytest.raises(ValidationError, match="only letters, digits"):
        CohortFactory.build(join_code="spring.2026").full_clean()
    CohortFactory.build(join_code="Spring_2026-b").full_clean()


@override_settings(JOIN_ATTEMPTS_PER_HOUR=3)
def test_misses_on_join_codes_never_block_a_valid_mentor_link(client, enrollment):
    _, url = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Park")
    for n in range(5):
        client.get(f"/join/guess-{n}/")
    assert client.get("/join/another-guess/").status_code == 429
    assert client.get(url).status_code == 200
    assert client.get("/invite/never-issued/").status_code == 404  # its own count too


@override_settings(JOIN_ATTEMPTS_PER_HOUR=3)
def test_misses_on_mentor_links_never_block_a_valid_join_code(client):
    cohort = CohortFactory()
    for n in range(5):
        client.get(f"/mentor/guess-{n}/")
    assert client.get("/mentor/another-guess/").status_code == 429
    assert client.get(cohort.get_join_url()).status_code == 200


# E-mails: one address whatever its case.

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


def logged_in(client):
    return "_auth_user_id" in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_login_lockout_counts_case_variants_of_one_address_together(client):
    UserFactory(email="ana@example.edu")
    for typed in ["ana@example.edu", "ANA@example.edu", " Ana@Example.EDU "]:
        client.post(LOGIN, {"username": typed, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    for typed in ["ana@example.edu", "ANA@EXAMPLE.EDU"]:
        locked = client.post(
            LOGIN, {"username": typed, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.1"
        )
        assert locked.status_code == 429
        assert "Too many wrong passwords" in locked.content.decode()
        assert not logged_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_locked_account_cannot_log_in_with_its_address_in_capitals(client):
    UserFactory(email="ana@example.edu")
    for _ in range(3):
        client.post(LOGIN, {"username": "ana@example.edu", "password": "wrong"})
    response = client.post(LOGIN, {"username": "ANA@EXAMPLE.EDU", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert not logged_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_admin_login_has_the_same_lockout_whatever_the_case(client):
    UserFactory(email="staff@example.edu", is_staff=True, is_superuser=True)
    for typed in ["staff@example.edu", "STAFF@example.edu", "Staff@Example.edu"]:
        client.post(ADMIN_LOGIN, {"username": typed, "password": "wrong"})
    response = client.post(
        ADMIN_LOGIN, {"username": "STAFF@EXAMPLE.EDU", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    assert not logged_in(client)
    # The lockout on the admin is the same count as on the login page.
    assert (
        client.post(
            LOGIN, {"username": "staff@example.edu", "password": DEFAULT_PASSWORD}
        ).status_code
        == 429
    )


@override_settings(AXES_ENABLED=True)
def test_logging_in_ignores_the_case_of_the_address_on_the_login_page_and_the_admin(client):
    UserFactory(email="staff@example.edu", is_staff=True)
    response = client.post(LOGIN, {"username": "STAFF@Example.EDU", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(
        ADMIN_LOGIN, {"username": "Staff@EXAMPLE.edu", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in(client)


def test_one_account_per_address_whatever_its_case_also_in_the_database():
    UserFactory(email="Ana@Example.edu")
    other = UserFactory(email="ben@example.edu")
    assert get_user_model().objects.get(pk=other.pk - 1).email == "ana@example.edu"
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.filter(pk=other.pk).update(email="ANA@example.edu")


def test_the_admin_refuses_a_second_account_under_a_case_variant(client):
    UserFactory(email="ana@example.edu")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "ANA@Example.edu",
            "display_name": "Another Ana",
            "password1": "a-long-unusual-pass",
            "password2": "a-long-unusual-pass",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="ana@example.edu").count() == 1


def test_a_password_reset_finds_the_account_whatever_the_case(client):
    UserFactory(email="ana@example.edu")
    client.post(reverse("accounts:password_reset"), {"email": "ANA@Example.EDU"})
    assert [m.to for m in mail.outbox] == [["ana@example.edu"]]


def test_invitations_match_members_and_pending_invitations_whatever_the_case(client):
    facilitator = EnrollmentFactory(role="facilitator")
    cohort = facilitator.cohort
    EnrollmentFactory(cohort=cohort, user=UserFactory(email="member@example.edu"))
    client.force_login(facilitator.user)
    invite = reverse("facilitator:invite", args=[cohort.pk])
    response = client.post(
        invite, {"emails": "MEMBER@example.edu\nNew.Person@Example.edu"}, follow=True
    )
    notes = " ".join(str(m) for m in response.context["messages"])
    assert "Already in the cohort: member@example.edu" in notes
    client.post(invite, {"emails": "NEW.PERSON@EXAMPLE.EDU"})
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new.person@example.edu"]


# Invitation tokens: stored hashed; no token in the log.


def invite(client, facilitator, emails):
    client.force_login(facilitator.user)
    return client.post(
        reverse("facilitator:invite", args=[facilitator.cohort.pk]), {"emails": emails}, follow=True
    )


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_invitation_tokens_are_stored_hashed_like_mentor_tokens(client):
    facilitator = EnrollmentFactory(role="facilitator")
    invite(client, facilitator, "new@example.edu")
    link = link_in(mail.outbox[0])
    token = token_of(link)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_digest(token)
    assert token not in str(list(Invitation.objects.values()))
    client.logout()
    assert client.get(link).status_code == 200
    assert client.get(link.replace(token, token[:-1] + "x")).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_existing_invitation_tokens():
    before = [("sessions_app", "0006_session_opened_and_closed_at")]
    after = [("sessions_app", "0007_invitation_token_hash")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        cohort = old.get_model("sessions_app", "Cohort").objects.create(name="Old", join_code="old")
        old.get_model("sessions_app", "Invitation").objects.create(
            cohort=cohort,
            email="old@example.edu",
            token="an-old-token-from-before",
            expires_at=timezone.now() + datetime.timedelta(days=3),
        )
        MigrationExecutor(connection).migrate(after)
        token = "an-old-token-from-before"
        assert Invitation.objects.for_token(token).get().email == "old@example.edu"
    finally:  # every later migration back, so the tests after this one find today's schema
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def log_output():
    """What the app's log handler writes, with its own filters, as text and as JSON lines."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RouteOnlyFilter) for f in h.filters)
    )
    buffer = io.StringIO()
    stream, formatter, level = handler.stream, handler.formatter, logging.getLogger().level
    handler.setStream(buffer)
    logging.getLogger().setLevel(logging.INFO)
    outputs = []

    def read(make_requests):
        for new_formatter in [formatter, JsonFormatter("%(message)s")]:
            handler.setFormatter(new_formatter)
            make_requests()
            outputs.append(buffer.getvalue())
        return "\n".join(outputs)

    yield read
    handler.setStream(stream)
    handler.setFormatter(formatter)
    logging.getLogger().setLevel(level)


def test_no_token_appears_in_the_request_log_only_the_route_name(client, enrollment, log_output):
    invitation = Invitation.objects.create(
        cohort=enrollment.cohort,
        email="new@example.edu",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    spent = Invitation.objects.create(
        cohort=enrollment.cohort,
        email="late@example.edu",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    _, mentor_url = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Park")
    tokens = [invitation.token, spent.token, token_of(mentor_url), "guessed-token-123"]

    def requests():
        assert client.get(invitation.get_absolute_url()).status_code == 200
        assert client.get(spent.get_absolute_url()).status_code == 410  # logged as a warning
        assert client.get(mentor_url).status_code == 200
        assert client.get(mentor_url + "agreement/").status_code == 200
        assert client.get("/invite/guessed-token-123/").status_code == 404
        assert client.get("/mentor/guessed-token-123/x/").status_code == 404

    written = log_output(requests)
    for token in tokens:
        assert token not in written
    assert "GET accounts:invitation 200" in written
    assert "Gone: accounts:invitation" in written
    assert "GET mentor:agreement 200" in written
    assert "GET bad_mentor 404" in written


def test_gunicorn_writes_no_access_log_of_its_own():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["accesslog"] is None


# Removed participants stay out until restored; invitations only for the invited address.


def test_a_removed_participant_cannot_rejoin_through_the_join_link(client):
    facilitator = EnrollmentFactory(role="facilitator")
    cohort = facilitator.cohort
    participant = EnrollmentFactory(cohort=cohort)
    client.force_login(facilitator.user)
    client.post(reverse("facilitator:participant_remove", args=[cohort.pk, participant.pk]))
    client.force_login(participant.user)
    for response in [client.get(cohort.get_join_url()), client.post(cohort.get_join_url())]:
        assert response.status_code == 403
        assert "ask a facilitator to restore you" in response.content.decode()
    participant.refresh_from_db()
    assert participant.removed_at is not None
    assert client.get(cohort.get_absolute_url()).status_code == 404


def test_a_removed_participant_is_back_once_the_facilitator_restores_them(client):
    facilitator = EnrollmentFactory(role="facilitator")
    cohort = facilitator.cohort
    participant = EnrollmentFactory(cohort=cohort, removed_at=timezone.now())
    client.force_login(facilitator.user)
    page = client.get(reverse("facilitator:cohort", args=[cohort.pk])).content.decode()
    assert "Restore" in page
    client.post(
        reverse("facilitator:participant_remove", args=[cohort.pk, participant.pk]),
        {"restore": "1"},
    )
    client.force_login(participant.user)
    assert client.get(cohort.get_absolute_url()).status_code == 200


def test_a_removed_participant_is_not_invited_back_nor_let_in_by_an_invitation(client):
    facilitator = EnrollmentFactory(role="facilitator")
    cohort = facilitator.cohort
    participant = EnrollmentFactory(
        cohort=cohort, user=UserFactory(email="gone@example.edu"), removed_at=timezone.now()
    )
    response = invite(client, facilitator, "Gone@Example.edu")
    notes = " ".join(str(m) for m in response.context["messages"])
    assert "Removed from the cohort, nothing sent: gone@example.edu" in notes
    assert not mail.outbox
    invitation = Invitation.objects.create(
        cohort=cohort,
        email="gone@example.edu",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(participant.user)
    assert client.post(invitation.get_absolute_url()).status_code == 403
    participant.refresh_from_db()
    assert participant.removed_at is not None


def test_an_invitation_is_accepted_only_by_the_invited_address(client):
    cohort = CohortFactory()
    invitation = Invitation.objects.create(
        cohort=cohort,
        email="Invited@Example.edu",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(UserFactory(email="someone.else@example.edu"))
    for response in [
        client.get(invitation.get_absolute_url()),
        client.post(invitation.get_absolute_url()),
    ]:
        assert response.status_code == 403
        assert "for another address" in response.content.decode()
    assert not cohort.enrollments.exists()
    invited = UserFactory(email="invited@example.edu")
    client.force_login(invited)  # the same address in another case
    assert client.post(invitation.get_absolute_url())["Location"] == cohort.get_absolute_url()
    assert cohort.enrollments.get().user == invited


# Outgoing mail per person and hour; board posts per person.


@override_settings(MAILS_PER_HOUR=2)
def test_mentor_link_mails_are_limited_per_person_and_hour(participant_client, enrollment):
    url = reverse("mentor:links", args=[enrollment.cohort_id])
    for n in range(2):
        participant_client.post(url, {"mentor_name": f"Prof. {n}", "mentor_email": f"m{n}@x.edu"})
    response = participant_client.post(url, {"mentor_name": "Prof. 3", "mentor_email": "m3@x.edu"})
    assert response.status_code == 200
    assert "as many e-mails as allowed in one hour (2)" in response.content.decode()
    assert len(mail.outbox) == 2
    assert enrollment.mentor_links.count() == 2
    participant_client.post(url, {"mentor_name": "Prof. 3", "mentor_email": ""})  # no mail
    assert enrollment.mentor_links.count() == 3


@override_settings(MAILS_PER_HOUR=2)
def test_password_reset_mails_are_limited_per_address_and_hour_telling_nothing(client):
    UserFactory(email="ana@example.edu")
    reset = reverse("accounts:password_reset")
    for address in ["ana@example.edu", "nobody@example.edu"]:
        for typed in [address, address.upper()]:
            assert client.post(reset, {"email": typed}).status_code == 302
        response = client.post(reset, {"email": address})
        assert response.status_code == 200
        assert "as many e-mails as allowed in one hour (2)" in response.content.decode()
    assert len(mail.outbox) == 2


@override_settings(MAILS_PER_HOUR=3)
def test_invitation_mails_are_limited_per_facilitator_and_hour_whole_lists_or_none(client):
    facilitator = EnrollmentFactory(role="facilitator")
    invite(client, facilitator, "a@example.edu, b@example.edu")
    response = invite(client, facilitator, "c@example.edu, d@example.edu")
    notes = " ".join(str(m) for m in response.context["messages"])
    assert "as many e-mails as allowed in one hour (3)" in notes
    assert len(mail.outbox) == 2  # the second list is not sent halfway
    assert not Invitation.objects.filter(email="c@example.edu").exists()
    invitation = Invitation.objects.get(email="a@example.edu")
    resend = reverse(
        "facilitator:invitation", args=[facilitator.cohort.pk, invitation.pk, "resend"]
    )
    client.post(resend)
    response = client.post(resend, follow=True)
    notes = " ".join(str(m) for m in response.context["messages"])
    assert "as many e-mails as allowed in one hour (3)" in notes
    assert len(mail.outbox) == 3


@override_settings(BOARD_POSTS_PER_PERSON=2)
def test_board_posts_per_person_have_a_cap_with_a_clear_message(participant_client, enrollment):
    board = board_for(
        cohort=enrollment.cohort, section=Section.objects.get(spec__board="introductions")
    )
    url = reverse("boards:board", args=[board.cohort_id, board.pk])
    for n in range(2):
        participant_client.post(url, {f"board-{board.pk}-text": f"Post {n}"})
    response = participant_client.post(url, {f"board-{board.pk}-text": "One too many"})
    html = response.content.decode()
    assert "You have written 2 posts on this board, the most one person may" in html
    assert "One too many" in html  # the text stays in the box
    assert Post.objects.filter(enrollment=enrollment).count() == 2
    classmate = EnrollmentFactory(cohort=enrollment.cohort)
    participant_client.force_login(classmate.user)
    participant_client.post(url, {f"board-{board.pk}-text": "Hello"})
    assert Post.objects.filter(enrollment=classmate).count() == 1


# Sign-up tells nobody whether an address has an account.


def sign_up(client, cohort, email, password="a-long-unusual-pass", name="Dr. Sam Chen"):
    return client.post(
        cohort.get_join_url(),
        {"display_name": name, "email": email, "password1": password, "password2": password},
    )


def test_sign_up_gives_the_same_answer_whether_or_not_the_address_has_an_account(client):
    existing = UserFactory(email="ana@example.edu")
    cohort = CohortFactory()
    known = sign_up(client, cohort, "ANA@Example.edu")
    unknown = sign_up(client, cohort, "SAM@Example.edu")
    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().replace("ana@", "X@") == unknown.content.decode().replace(
        "sam@", "X@"
    )
    assert "already exists" not in known.content.decode()
    # The mails tell, to the address only.
    to_ana, to_sam = mail.outbox
    assert to_ana.to == ["ana@example.edu"]
    assert "You already have" in to_ana.body
    assert reverse("accounts:password_reset") in to_ana.body
    assert to_sam.to == ["sam@example.edu"]
    assert "finish your account" in to_sam.body
    # Nothing changed for the existing account; nobody is signed in.
    assert get_user_model().objects.filter(email="ana@example.edu").count() == 1
    existing.refresh_from_db()
    assert existing.check_password(DEFAULT_PASSWORD)
    assert not cohort.enrollments.exists()
    assert not logged_in(client)


def test_a_pending_sign_up_cannot_be_logged_in_to_nor_squat_the_address(client):
    cohort = CohortFactory()
    sign_up(client, cohort, "sam@example.edu", password="squatters-password")
    squatters_link = link_in(mail.outbox[0])
    assert client.post(LOGIN, {"username": "sam@example.edu", "password": "squatters-password"})
    assert not logged_in(client)
    sign_up(client, cohort, "sam@example.edu", password="the-real-sams-password")
    assert client.post(squatters_link).status_code == 404  # the earlier link stops working
    assert client.post(link_in(mail.outbox[1])).status_code == 302
    client.logout()
    assert client.login(username="sam@example.edu", password="the-real-sams-password")


def test_an_invitation_finishes_a_pending_sign_up_of_the_invited_address(client):
    cohort = CohortFactory()
    sign_up(client, CohortFactory(), "new@example.edu")
    invitation = Invitation.objects.create(
        cohort=cohort,
        email="new@example.edu",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Create my account" in page
    response = client.post(
        invitation.get_absolute_url(),
        {
            "display_name": "Dr. New",
            "password1": "a-long-unusual-pass",
            "password2": "a-long-unusual-pass",
        },
    )
    assert response["Location"] == cohort.get_absolute_url()
    user = get_user_model().objects.get(email="new@example.edu")
    assert user.is_active
    assert cohort.enrollments.get().user == user


@override_settings(MAILS_PER_HOUR=1)
def test_sign_up_mails_are_limited_per_address_and_hour_telling_nothing(client):
    UserFactory(email="ana@example.edu")
    cohort = CohortFactory()
    for address in ["ana@example.edu", "sam@example.edu"]:
        assert "Check your e-mail" in sign_up(client, cohort, address).content.decode()
        again = sign_up(client, cohort, address).content.decode()
        assert "as many e-mails as allowed in one hour (1)" in again
    assert len(mail.outbox) == 2


@override_settings(MENTOR_LINKS_PER_PERSON=2)
def test_working_mentor_links_per_person_have_a_cap_with_a_clear_message(
    participant_client, enrollment
):
    url = reverse("mentor:links", args=[enrollment.cohort_id])
    for n in range(2):
        participant_client.post(url, {"mentor_name": f"Prof. {n}"})
    response = participant_client.post(url, {"mentor_name": "Dr. One Too Many"})
    html = response.content.decode()
    assert "You have 2 working mentor links, the most one person may" in html
    assert 'value="Dr. One Too Many"' in html  # the typed name stays in the box
    assert enrollment.mentor_links.count() == 2
    first = enrollment.mentor_links.earliest("created_at")
    participant_client.post(reverse("mentor:revoke", args=[enrollment.cohort_id, first.pk]))
    participant_client.post(url, {"mentor_name": "Dr. One Too Many"})
    assert enrollment.mentor_links.filter(mentor_name="Dr. One Too Many").exists()


def test_a_mentor_link_whose_mail_fails_is_kept_and_shown_to_copy(
    participant_client, enrollment, monkeypatch
):
    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("worksheets.mentor.services.send_mail", mail_server_down)
    url = reverse("mentor:links", args=[enrollment.cohort_id])
    response = participant_client.post(
        url, {"mentor_name": "Prof. Park", "mentor_email": "park@example.edu"}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "could not be sent. Copy the link below and send it yourself." in html
    assert 'id="new-link"' in html
    assert enrollment.mentor_links.get().mentor_email == "park@example.edu"
