"""A cohort's sessions as calendar events (.ics): attached to the reminder mails and offered on
the participant's pages, so a session lands in their own calendar with its time and place."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

SESSION_LENGTH = timedelta(hours=2)


def calendar_of(entries, link_for) -> bytes:
    """An .ics file with one event per scheduled entry; `link_for(entry)` is the absolute URL
    of that session's workbook page. Entries without a start time are left out."""
    calendar = Calendar()
    calendar.add("prodid", "-//Mentoring Up workbook//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for entry in entries:
        if entry.starts_at:
            calendar.add_component(_event(entry, link_for(entry)))
    return calendar.to_ical()


def _event(entry, link) -> Event:
    event = Event()
    # The same uid in every file, so a calendar that imports it twice updates the event.
    event.add("uid", f"cohort-session-{entry.pk}@mentoring-up")
    event.add("summary", f"{entry.cohort.name}: {entry.session.title}")
    event.add("dtstart", entry.starts_at)
    event.add("dtend", entry.starts_at + SESSION_LENGTH)
    event.add("dtstamp", timezone.now())
    if entry.location:
        event.add("location", entry.location)
    event.add("description", f"Your workbook for this session: {link}")
    event.add("url", link)
    return event


def location_is_link(location: str) -> bool:
    return location.startswith(("https://", "http://"))


def workbook_path(entry) -> str:
    """The page a session's participants work on: its first module, else the cohort's home."""
    module = first_module(entry)
    if module is None:
        return entry.cohort.get_absolute_url()
    return reverse("worksheets:module", args=[entry.cohort_id, module.slug])


def first_module(entry):
    return entry.session.modules.active().order_by("position").first()
