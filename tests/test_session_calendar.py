"""Participants see when and where each session meets, and take it into their own calendar."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions_app.models import Module

from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

STARTS = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)


@pytest.fixture
def scheduled(enrollment):
    """Sessions 1 and 2 are dated, 1 in a room and 2 on a video call; the rest have no date."""
    schedule = enrollment.cohort.schedule
    schedule.filter(session__number=1).update(starts_at=STARTS, location="Room 2.14, Life Sciences")
    schedule.filter(session__number=2).update(
        starts_at=STARTS.replace(day=19), location="https://video.example.edu/j/123"
    )
    return enrollment


def test_the_cohort_home_says_when_and_where_each_session_meets(participant_client, scheduled):
    html = participant_client.get(scheduled.cohort.get_absolute_url()).content.decode()
    assert 'datetime="2027-01-12T14:00:00+00:00"' in html
    assert "Room 2.14, Life Sciences" in html
    assert '<a href="https://video.example.edu/j/123"' in html  # a video link is a link
    assert reverse("sessions_app:session_calendar", args=[scheduled.cohort_id, 1]) in html
    assert reverse("sessions_app:calendar", args=[scheduled.cohort_id]) in html


def test_the_module_page_says_when_its_session_meets(participant_client, scheduled):
    module = Module.objects.in_course_order().filter(session__number=1).first()
    url = reverse("worksheets:module", args=[scheduled.cohort_id, module.slug])
    html = participant_client.get(url).content.decode()
    assert 'datetime="2027-01-12T14:00:00+00:00"' in html
    assert "Room 2.14, Life Sciences" in html
    assert "Add to your calendar" in html


def test_the_calendar_file_holds_every_dated_session_with_its_place_and_page(
    participant_client, scheduled
):
    response = participant_client.get(reverse("sessions_app:calendar", args=[scheduled.cohort_id]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [event.decoded("dtstart") for event in events] == [STARTS, STARTS.replace(day=19)]
    assert str(events[0]["location"]) == "Room 2.14, Life Sciences"
    first_module = Module.objects.in_course_order().filter(session__number=1).first()
    assert str(events[0]["url"]).endswith(
        reverse("worksheets:module", args=[scheduled.cohort_id, first_module.slug])
    )


def test_one_sessions_calendar_file_holds_that_session_only(participant_client, scheduled):
    url = reverse("sessions_app:session_calendar", args=[scheduled.cohort_id, 2])
    events = Calendar.from_ical(participant_client.get(url).content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["location"]) == "https://video.example.edu/j/123"


def test_a_session_without_a_date_has_no_calendar_file(participant_client, scheduled):
    url = reverse("sessions_app:session_calendar", args=[scheduled.cohort_id, 3])
    assert participant_client.get(url).status_code == 404


def test_a_location_that_is_not_a_web_address_is_never_made_a_link(participant_client, scheduled):
    scheduled.cohort.schedule.filter(session__number=1).update(location="javascript:alert(1)")
    html = participant_client.get(scheduled.cohort.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as the plain text it is


def test_another_cohorts_participant_gets_no_calendar_of_this_cohort(client, scheduled):
    stranger = EnrollmentFactory()
    client.force_login(stranger.user)
    url = reverse("sessions_app:calendar", args=[scheduled.cohort_id])
    assert client.get(url).status_code == 404
