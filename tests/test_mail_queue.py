"""Mail goes through the task queue (outbox/): stored, then delivered by a task once, retried
with back-off when the mail server refuses it, and reported when it could not be delivered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from outbox.models import OutgoingMail
from outbox.tasks import deliver_mail
from sessions_app.models import Enrollment
from sessions_app.services import invitations_send

from .factories import EnrollmentFactory

QUEUE = "outbox.backend.QueuedEmailBackend"
REFUSING = "tests.test_mail_queue.RefusingBackend"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every mail."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def cohort_and_facilitator():
    enrollment = EnrollmentFactory(role=Enrollment.Role.FACILITATOR)
    return enrollment.cohort, enrollment.user


@pytest.fixture
def queued_tasks():
    """The dummy task backend: what was queued is kept, not run."""
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()
        yield default_task_backend.results


@override_settings(EMAIL_BACKEND=QUEUE)
def test_a_mail_sent_through_the_queue_arrives_once_even_when_its_task_runs_again():
    send_mail("Hello", "A line of text.", None, ["ana@example.edu"])

    assert len(mail.outbox) == 1  # the immediate backend ran the task at once
    assert mail.outbox[0].subject == "Hello"
    assert mail.outbox[0].to == ["ana@example.edu"]
    stored = OutgoingMail.objects.get()
    assert (stored.state, stored.attempts) == ("sent", 1)
    assert stored.message == {}  # the text (it may hold a token) is not kept once delivered

    assert deliver_mail.call(stored.pk) == "already handled"
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND=QUEUE)
def test_a_mail_is_only_queued_in_the_request_with_its_text_attachments_and_headers(
    queued_tasks,
):
    message = EmailMessage("Tomorrow", "See you.", None, ["ana@example.edu"], headers={"X-A": "1"})
    message.attach("session.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.send()

    assert mail.outbox == []
    assert [result.task.func.__name__ for result in queued_tasks] == ["deliver_mail"]
    stored = OutgoingMail.objects.get()
    assert stored.state == "queued"
    rebuilt = stored.as_message()
    assert rebuilt.extra_headers == {"X-A": "1"}
    assert rebuilt.attachments[0][0] == "session.ics"
    assert "BEGIN:VCALENDAR" in rebuilt.message().as_string()

    deliver_mail.call(stored.pk)
    assert [m.subject for m in mail.outbox] == ["Tomorrow"]
    assert "BEGIN:VCALENDAR" in mail.outbox[0].message().as_string()


@override_settings(EMAIL_BACKEND=QUEUE)
def test_a_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(queued_tasks):
    def send_then_fail():
        with transaction.atomic():
            send_mail("Never", "Rolled back.", None, ["ana@example.edu"])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        send_then_fail()

    assert not OutgoingMail.objects.exists()
    # With the database backend the task row rolls back too; any other finds no mail to send.
    assert deliver_mail.call(*queued_tasks[0].args) == "already handled"
    assert mail.outbox == []


@override_settings(
    EMAIL_BACKEND=QUEUE,
    MAIL_DELIVERY_BACKEND=REFUSING,
    MAIL_ATTEMPTS=3,
    MAIL_RETRY_SECONDS=60,
)
def test_a_refused_mail_is_tried_again_later_each_wait_twice_as_long_then_given_up(
    queued_tasks,
):
    send_mail("Hello", "Text.", None, ["ana@example.edu"])
    stored = OutgoingMail.objects.get()

    waits = []
    for _ in range(2):
        before = timezone.now()
        assert deliver_mail.call(stored.pk) == "retry"
        stored.refresh_from_db()
        assert stored.state == "queued"
        assert "the mail server is down" in stored.last_error
        waits.append(stored.next_attempt_at - before)
        assert queued_tasks[-1].task.run_after == stored.next_attempt_at
    assert timedelta(seconds=59) < waits[0] <= timedelta(seconds=61)
    assert timedelta(seconds=119) < waits[1] <= timedelta(seconds=121)

    assert deliver_mail.call(stored.pk) == "failed"
    stored.refresh_from_db()
    assert (stored.state, stored.attempts) == ("failed", 3)
    assert stored.message == {}
    assert len(queued_tasks) == 3  # the first delivery and two retries, no more
    assert deliver_mail.call(stored.pk) == "already handled"


@override_settings(EMAIL_BACKEND=QUEUE, MAIL_DELIVERY_BACKEND=REFUSING)
def test_the_facilitator_sees_the_invitations_that_could_not_be_delivered(client):
    cohort, facilitator = cohort_and_facilitator()
    report = invitations_send(
        cohort=cohort,
        text="ana@example.edu, ben@example.edu",
        invited_by=facilitator,
        site_url="http://testserver",
    )
    assert report.sent == ["ana@example.edu", "ben@example.edu"]  # handed to the queue
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {"failed"}

    client.force_login(facilitator)
    html = client.get(reverse("facilitator:cohort", args=[cohort.pk])).content.decode()
    assert "2 invitations could not be delivered: ana@example.edu, ben@example.edu." in html
    assert html.count("The e-mail could not be delivered. Check the address, then re-send.") == 2
    assert "the mail server is down" in html


@override_settings(EMAIL_BACKEND=QUEUE)
def test_an_invitation_delivered_after_an_earlier_failure_is_no_longer_marked(client):
    cohort, facilitator = cohort_and_facilitator()
    with override_settings(MAIL_DELIVERY_BACKEND=REFUSING):
        invitations_send(
            cohort=cohort,
            text="ana@example.edu",
            invited_by=facilitator,
            site_url="http://testserver",
        )
    invitation = cohort.invitations.get()
    client.force_login(facilitator)
    resend = reverse("facilitator:invitation", args=[cohort.pk, invitation.pk, "resend"])
    client.post(resend)

    html = client.get(reverse("facilitator:cohort", args=[cohort.pk])).content.decode()
    assert "could not be delivered" not in html
    assert [m.to for m in mail.outbox] == [["ana@example.edu"]]
