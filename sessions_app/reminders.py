"""Reminder e-mails the day before a session, each with an .ics file; never sent twice."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from mentoring.mail import header_text

from .models import CohortSession

SESSION_LENGTH = timedelta(hours=2)


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
    module = entry.session.modules.active().order_by("position").first()
    link = site_url.rstrip("/") + (
        reverse("worksheets:module", args=[entry.cohort_id, module.slug])
        if module
        else entry.cohort.get_absolute_url()
    )
    calendar = session_calendar(entry, link)
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


def session_calendar(entry, link) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Mentoring Up workbook//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"cohort-session-{entry.pk}@mentoring-up")
    event.add("summary", f"{entry.cohort.name}: {entry.session.title}")
    event.add("dtstart", entry.starts_at)
    event.add("dtend", entry.starts_at + SESSION_LENGTH)
    event.add("dtstamp", timezone.now())
    if entry.location:
        event.add("location", entry.location)
    event.add("description", f"Your workbook for this session: {link}")
    event.add("url", link)
    calendar.add_component(event)
    return calendar.to_ical()
