"""Delivering the stored mails: one task per mail, retried with back-off.

A mail is claimed (QUEUED → SENDING) in one conditional UPDATE before it is handed to the mail
server, so a task that runs twice, or two workers that take the same mail, send it once. A mail
the server refuses is tried again after MAIL_RETRY_SECONDS, then twice as long each time, up
to MAIL_ATTEMPTS tries; then it is FAILED, and the pages that sent it say so (an invitation
that could not be delivered shows on the facilitator's cohort page)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import default_task_backend, task

from .models import OutgoingMail

logger = logging.getLogger(__name__)

State = OutgoingMail.State
MAIL_PRIORITY = 20  # before PDF renders: a mail is short, and someone may be waiting for it
KEEP_SENT_DAYS = 30


def queue_delivery(mail: OutgoingMail, run_after=None) -> None:
    job = deliver_mail
    if run_after is not None:
        job = job.using(run_after=run_after)
    job.enqueue(mail.pk)


@task(priority=MAIL_PRIORITY)
def deliver_mail(mail_id: int) -> str:
    claimed = OutgoingMail.objects.filter(pk=mail_id, state=State.QUEUED).update(
        state=State.SENDING, next_attempt_at=None
    )
    if not claimed:
        return "already handled"  # sent, given up, or being sent by another task
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        connection = get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False)
        connection.send_messages([mail.as_message()])
    except Exception as exc:  # whatever the mail server or the network raised
        return _failed(mail, exc)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        state=State.SENT, sent_at=timezone.now(), attempts=mail.attempts + 1, message={}
    )
    _forget_old_mails()
    return "sent"


def _failed(mail: OutgoingMail, exc: Exception) -> str:
    attempts = mail.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:500]
    logger.warning("Mail %s to %s failed (try %d): %s", mail.pk, mail.to_address, attempts, error)
    if attempts >= settings.MAIL_ATTEMPTS or not default_task_backend.supports_defer:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            state=State.FAILED, attempts=attempts, last_error=error, message={}
        )
        return "failed"
    wait = timedelta(seconds=settings.MAIL_RETRY_SECONDS * 2 ** (attempts - 1))
    next_attempt = timezone.now() + wait
    OutgoingMail.objects.filter(pk=mail.pk).update(
        state=State.QUEUED, attempts=attempts, last_error=error, next_attempt_at=next_attempt
    )
    queue_delivery(mail, run_after=next_attempt)
    return "retry"


def _forget_old_mails() -> None:
    """Delivered mails are kept a month (who, what, when: no content), for questions like "did
    my invitation go out?"."""
    cutoff = timezone.now() - timedelta(days=KEEP_SENT_DAYS)
    OutgoingMail.objects.filter(state=State.SENT, sent_at__lt=cutoff).delete()
