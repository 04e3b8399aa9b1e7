"""The enrollment every module page and autosave starts from is read in one SQL statement
(`Enrollment.objects.participant_in_session`); it must agree with the ORM's definition of a
participant (`participants()`) and with the cohort's schedule, in every case."""

import pytest
from django.utils import timezone

from sessions_app.models import CohortSession, Enrollment, Session

from .factories import CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(curriculum):
    return Session.objects.order_by("number").first()


def read(enrollment, session, *, user=None, cohort=None):
    return Enrollment.objects.participant_in_session(
        user_id=(user or enrollment.user).pk,
        cohort_id=(cohort or enrollment.cohort).pk,
        session_id=session.pk,
    )


def schedule(enrollment, session, **state):
    return CohortSession.objects.create(cohort=enrollment.cohort, session=session, **state)


def test_a_participant_of_an_open_session_is_found_with_the_session_open(session):
    enrollment = EnrollmentFactory()
    schedule(enrollment, session, is_open=True)

    found = read(enrollment, session)

    assert found == enrollment
    assert found.session_is_open is True
    assert found.session_was_opened is True
    assert (found.cohort_id, found.user_id, found.joined_at) == (
        enrollment.cohort_id,
        enrollment.user_id,
        enrollment.joined_at,
    )


def test_a_session_without_a_schedule_row_is_closed_and_never_opened(session):
    enrollment = EnrollmentFactory()

    found = read(enrollment, session)

    assert found == enrollment
    assert (found.session_is_open, found.session_was_opened) == (False, False)


def test_a_scheduled_session_not_yet_opened_is_closed_and_never_opened(session):
    enrollment = EnrollmentFactory()
    schedule(enrollment, session, is_open=False, starts_at=timezone.now())

    found = read(enrollment, session)

    assert (found.session_is_open, found.session_was_opened) == (False, False)


def test_a_session_opened_then_closed_is_closed_but_was_opened(session):
    enrollment = EnrollmentFactory()
    entry = schedule(enrollment, session, is_open=True)
    entry.is_open = False
    entry.save()

    found = read(enrollment, session)

    assert (found.session_is_open, found.session_was_opened) == (False, True)


def test_the_state_is_that_of_the_asked_session_of_the_persons_own_cohort(session):
    enrollment = EnrollmentFactory()
    other_session = Session.objects.exclude(pk=session.pk).first()
    schedule(enrollment, other_session, is_open=True)
    neighbour = EnrollmentFactory()
    CohortSession.objects.create(cohort=neighbour.cohort, session=session, is_open=True)

    found = read(enrollment, session)

    assert found.session_is_open is False


@pytest.mark.parametrize(
    "case",
    ["facilitator", "removed", "another person", "another cohort", "nobody"],
)
def test_anyone_but_an_active_participant_of_that_cohort_is_not_found(session, case):
    enrollment = EnrollmentFactory()
    schedule(enrollment, session, is_open=True)
    kwargs = {}
    if case == "facilitator":
        Enrollment.objects.filter(pk=enrollment.pk).update(role=Enrollment.Role.FACILITATOR)
    elif case == "removed":
        Enrollment.objects.filter(pk=enrollment.pk).update(removed_at=timezone.now())
    elif case == "another person":
        kwargs["user"] = UserFactory()
    elif case == "another cohort":
        kwargs["cohort"] = CohortFactory()
    elif case == "nobody":
        kwargs["user"] = UserFactory.build(pk=None)

    assert read(enrollment, session, **kwargs) is None
    expected = Enrollment.objects.participants().filter(
        user_id=kwargs.get("user", enrollment.user).pk,
        cohort_id=kwargs.get("cohort", enrollment.cohort).pk,
    )
    assert not expected.exists()


def test_it_agrees_with_the_orm_for_every_enrollment_and_session(curriculum):
    """Every pair of enrollment in any state with every session in any state."""
    sessions = list(Session.objects.order_by("number")[:3])
    people = [EnrollmentFactory() for _ in range(3)]
    Enrollment.objects.filter(pk=people[1].pk).update(role=Enrollment.Role.FACILITATOR)
    Enrollment.objects.filter(pk=people[2].pk).update(removed_at=timezone.now())
    for enrollment in people:
        schedule(enrollment, sessions[0], is_open=True)
        closed = schedule(enrollment, sessions[1], is_open=True)
        closed.is_open = False
        closed.save()

    for enrollment in people:
        for session in sessions:
            found = read(enrollment, session)
            orm = (
                Enrollment.objects.participants()
                .filter(user=enrollment.user, cohort=enrollment.cohort)
                .first()
            )
            entry = CohortSession.objects.filter(cohort=enrollment.cohort, session=session).first()
            assert found == orm
            if found is not None:
                assert found.session_is_open == bool(entry and entry.is_open)
                assert found.session_was_opened == bool(entry and entry.opened_at)
