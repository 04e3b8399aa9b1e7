"""Attendance: the facilitator ticks who attended each session in one grid; only what changed
on the page is written; participants see their own."""

import pytest
from django.urls import reverse

from evaluation.attendance import course_sessions
from evaluation.models import Attendance

from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_people(enrollment):
    cohort = enrollment.cohort
    classmate = EnrollmentFactory(cohort=cohort)
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    return enrollment, classmate, facilitator


def grid_url(cohort, session=None):
    address = reverse("evaluation:attendance", args=[cohort.pk])
    return f"{address}?session={session.pk}" if session else address


def shown(rows_present, people, sessions):
    """What an untouched grid page posts: each cell's shown state, and the ticked boxes."""
    data = {}
    for person in people:
        for session in sessions:
            name = f"a-{person.pk}-{session.pk}"
            present = (person.pk, session.pk) in rows_present
            data[f"shown-{name}"] = "1" if present else "0"
            if present:
                data[name] = "1"
    return data


def test_the_facilitator_marks_attendance_and_the_participant_sees_their_own(client, cohort_people):
    participant, classmate, facilitator = cohort_people
    first, second = course_sessions()[:2]
    client.force_login(facilitator.user)
    page = client.get(grid_url(participant.cohort))
    assert page.status_code == 200
    assert f'name="a-{participant.pk}-{first.pk}"' in page.content.decode()
    data = shown(set(), [participant, classmate], course_sessions())
    data[f"a-{participant.pk}-{first.pk}"] = "1"
    data[f"a-{classmate.pk}-{first.pk}"] = "1"
    data[f"a-{classmate.pk}-{second.pk}"] = "1"
    response = client.post(grid_url(participant.cohort), data)
    assert response.status_code == 302
    present = set(
        Attendance.objects.filter(attended=True).values_list("enrollment_id", "session_id")
    )
    assert present == {
        (participant.pk, first.pk),
        (classmate.pk, first.pk),
        (classmate.pk, second.pk),
    }

    client.force_login(participant.user)
    record = client.get(reverse("evaluation:record", args=[participant.cohort_id]))
    rows = record.context["attendance"]
    states = {row["session"].pk: row["attended"] for row in rows}
    assert states[first.pk] is True
    assert states[second.pk] is False  # taken (the classmate was there), not present
    assert states[course_sessions()[2].pk] is None  # not taken yet
    assert "Missed" in record.content.decode()


def test_only_cells_changed_on_the_page_are_written(client, cohort_people):
    participant, classmate, facilitator = cohort_people
    first = course_sessions()[0]
    client.force_login(facilitator.user)
    stale_page = shown(set(), [participant, classmate], [first])
    # Another facilitator marks the classmate present meanwhile.
    Attendance.objects.create(enrollment=classmate, session=first, attended=True)
    stale_page[f"a-{participant.pk}-{first.pk}"] = "1"
    client.post(grid_url(participant.cohort, first), stale_page)
    assert Attendance.objects.get(enrollment=classmate, session=first).attended is True
    assert Attendance.objects.get(enrollment=participant, session=first).attended is True
    # Unticking writes "not present".
    page = shown({(participant.pk, first.pk), (classmate.pk, first.pk)}, [participant], [first])
    page.pop(f"a-{participant.pk}-{first.pk}")
    client.post(grid_url(participant.cohort, first), page)
    assert Attendance.objects.get(enrollment=participant, session=first).attended is False


def test_cells_of_another_cohort_are_ignored(client, cohort_people):
    participant, _classmate, facilitator = cohort_people
    stranger = EnrollmentFactory()
    first = course_sessions()[0]
    client.force_login(facilitator.user)
    name = f"a-{stranger.pk}-{first.pk}"
    client.post(grid_url(participant.cohort), {f"shown-{name}": "0", name: "1"})
    assert not Attendance.objects.filter(enrollment=stranger).exists()


def test_one_session_at_a_time_for_a_phone(client, cohort_people):
    participant, _classmate, facilitator = cohort_people
    first, second = course_sessions()[:2]
    client.force_login(facilitator.user)
    page = client.get(grid_url(participant.cohort, second)).content.decode()
    assert f'name="a-{participant.pk}-{second.pk}"' in page
    assert f'name="a-{participant.pk}-{first.pk}"' not in page


def test_the_grid_takes_a_constant_number_of_queries(
    client, cohort_people, django_assert_max_num_queries
):
    participant, _classmate, facilitator = cohort_people
    for _ in range(8):
        EnrollmentFactory(cohort=participant.cohort)
    client.force_login(facilitator.user)
    with django_assert_max_num_queries(12):
        assert client.get(grid_url(participant.cohort)).status_code == 200
