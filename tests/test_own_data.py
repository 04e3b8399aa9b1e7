"""A person's own data, all of it: the JSON download holds everything they wrote or that was
written for them, and deleting the account removes all of it."""

import pytest
from axes.models import AccessAttempt
from django.core.mail import send_mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingMail
from sessions_app.boards.services import board_for, post_create
from sessions_app.models import Enrollment, Invitation, Post, Section
from worksheets.mentor.services import mentor_link_create, mentor_ratings_save
from worksheets.models import (
    Answer,
    FourWayView,
    MentorLink,
    MentorLinkEvent,
    MentorRating,
    RenderedWorkbook,
)

from .factories import DEFAULT_PASSWORD, AnswerFactory, FourWayViewFactory, InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(enrollment):
    """One participant with a row of every kind the app keeps about a person."""
    email = enrollment.user.email
    AnswerFactory(enrollment=enrollment, text="My own answer")
    FourWayViewFactory(enrollment=enrollment, importance_work=60)
    activity = Section.objects.filter(kind="activity", spec__has_key="board").first()
    board = board_for(cohort=enrollment.cohort, section=activity)
    post_create(board=board, enrollment=enrollment, text="My board post", is_anonymous=True)
    link, _ = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Okafor")
    item = Section.objects.get(worksheet_type="questionnaire").spec["stages"][0]["items"][0]
    mentor_ratings_save(link=link, ratings={item["slug"]: 4})
    InvitationFactory(cohort=enrollment.cohort, email=email.upper())
    AccessAttempt.objects.create(
        username=email, ip_address="192.0.2.1", failures_since_start=2, attempt_time=timezone.now()
    )
    RenderedWorkbook.objects.create(enrollment=enrollment, fingerprint="f", content=b"%PDF")
    with override_settings(EMAIL_BACKEND="outbox.backend.QueuedEmailBackend"):
        send_mail("Your session tomorrow", "Text.", None, [email.upper()])
    return {"item": item["slug"]}


def test_the_json_download_holds_everything_written_by_or_for_the_person(
    participant_client, enrollment, everything
):
    data = participant_client.get(reverse("accounts:data_download")).json()

    cohort = data["cohorts"][0]
    assert cohort["answers"][0]["answer"] == "My own answer"
    assert any(w["values"].get("importance_work") == 60 for w in cohort["worksheets"])
    assert cohort["board_posts"][0]["text"] == "My board post"
    assert cohort["board_posts"][0]["anonymous_to_the_group"] is True
    link = cohort["mentor_links"][0]
    assert link["mentor_name"] == "Prof. Okafor"
    assert link["mentor_questionnaire_ratings"] == {everything["item"]: 4}
    assert link["what_the_mentor_did"][0]["action"].startswith("rated")
    assert cohort["stored_pdf"]["rendered_at"]
    assert data["invitations"][0]["cohort"] == enrollment.cohort.name
    assert data["failed_logins"][0]["failures"] == 2
    assert data["mails"][0]["subject"] == "Your session tomorrow"
    assert data["mails"][0]["state"] == "sent"
    assert "token" not in str(data).lower()  # no secret of a link is in the file


def test_deleting_the_account_removes_every_row_about_the_person(
    participant_client, enrollment, everything
):
    email = enrollment.user.email

    response = participant_client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})

    assert "is deleted" in response.content.decode()
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    for model in (Answer, FourWayView, Post, MentorLink, MentorRating, MentorLinkEvent):
        assert not model.objects.exists(), model.__name__
    assert not RenderedWorkbook.objects.filter(enrollment__isnull=False).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not AccessAttempt.objects.filter(username__iexact=email).exists()
    assert not OutgoingMail.objects.filter(to_address__iexact=email).exists()
