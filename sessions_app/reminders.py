"""Reminder e-mails the day before a session, each with an .ics file; never sent twice."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring.mail import header_text

from .calendar import calendar_of, first_module, workbook_path
from .models import CohortSession


def due_for_reminder(now=None):
    """Sessions starting tomorrow (in the site's time zone) whose reminder has not gone out."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return CohortSession.objects.filter(
        reminder_sent_at__isnull=True,
        starts_at__date=tomorrow,
        cohort__is_archived=False,
    ).select_related("cohort", "session")


def reminders_send(*, site_url: str, now=None) -> dict[int, int]:
    """Send the due reminders; returns {cohort session id: e-mails sent}."""
    sent = {}
    for entry in due_for_reminder(now):
        with transaction.atomic():
            claimed = CohortSession.objects.filter(
                pk=entry.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())
            if not claimed:  # another run took it
                continue
            sent[entry.pk] = _send_for(entry, site_url)
    return sent


def _send_for(entry, site_url) -> int:
    module = first_module(entry)
    link = site_url.rstrip("/") + workbook_path(entry)
    calendar = calendar_of([entry], lambda _entry: link)
    participants = entry.cohort.enrollments.participants().select_related("user")
    for enrollment in participants:
        message = EmailMessage(
            subject=header_text(f"Tomorrow: {entry.session.title} of {entry.cohort.name}"),
            body=render_to_string(
                "emails/session_reminder.txt",
                {"entry": entry, "user": enrollment.user, "link": link, "module": module},
            ),
            to=[enrollment.user.email],
        )
        message.attach("session.ics", calendar, "text/calendar")
        message.send()
    return len(participants)
