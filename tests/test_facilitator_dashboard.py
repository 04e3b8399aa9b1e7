"""The facilitator's way in: where they land, the progress grid, a participant's shared answers
and the cohort list with its counts.

Who may reach each URL is in tests/test_access_matrix.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import CohortSession, Prompt, Session

from .factories import (
    AnswerFactory,
    CohortFactory,
    EnrollmentFactory,
    FourWayViewFactory,
    SmartGoalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(curriculum):
    return CohortFactory(name="Spring cohort")


@pytest.fixture
def facilitator(cohort):
    return EnrollmentFactory(cohort=cohort, role="facilitator").user


def test_a_facilitator_lands_on_the_dashboard(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("sessions_app:home"))
    assert response["Location"] == reverse("facilitator:cohorts")


def test_staff_land_on_the_dashboard_with_the_admin_a_secondary_link(client, cohort):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("sessions_app:home"))["Location"] == reverse("facilitator:cohorts")
    html = client.get(reverse("facilitator:cohorts")).content.decode()
    navbar = html[html.index('id="main-nav"') : html.index("dropdown-menu")]
    assert "Dashboard" in navbar
    assert reverse("admin:index") not in navbar
    assert f'class="dropdown-item" href="{reverse("admin:index")}"' in html


def test_a_facilitator_of_archived_cohorts_only_still_lands_on_the_dashboard(client, cohort):
    user = EnrollmentFactory(cohort=CohortFactory(is_archived=True), role="facilitator").user
    client.force_login(user)
    assert client.get(reverse("sessions_app:home"))["Location"] == reverse("facilitator:cohorts")


def test_someone_who_both_takes_and_runs_a_course_chooses_on_the_home_page(client, facilitator):
    EnrollmentFactory(user=facilitator, cohort=CohortFactory(name="Course I take"))
    client.force_login(facilitator)
    response = client.get(reverse("sessions_app:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Course I take" in html
    assert reverse("facilitator:cohorts") in html
    assert reverse("admin:index") not in html


def test_a_participant_sees_no_dashboard_in_the_menu(client, cohort):
    participant = EnrollmentFactory(cohort=cohort)
    client.force_login(participant.user)
    html = client.get(reverse("sessions_app:cohort", args=[cohort.pk])).content.decode()
    assert reverse("facilitator:cohorts") not in html
    assert "My workbook" in html


@pytest.fixture
def sharing(cohort):
    return EnrollmentFactory(cohort=cohort, shares_answers=True, user__display_name="Ada Share")


@pytest.fixture
def private(cohort):
    return EnrollmentFactory(cohort=cohort, user__display_name="Bo Private")


def answers_url(enrollment):
    return reverse("facilitator:participant_answers", args=[enrollment.cohort_id, enrollment.pk])


def test_the_grid_shows_overall_progress_and_links_only_shared_workbooks(
    client, facilitator, sharing, private
):
    AnswerFactory(enrollment=sharing, text="Something")
    client.force_login(facilitator)
    response = client.get(reverse("facilitator:progress", args=[sharing.cohort_id]))
    html = response.content.decode()
    rows = {row["enrollment"]: row for row in response.context["rows"]}
    assert rows[sharing]["done"] == 1
    assert f'aria-valuenow="{rows[sharing]["percent"]}"' in html
    assert f'href="{answers_url(sharing)}"' in html
    assert answers_url(private) not in html
    assert "Bo Private" in html
    # One grid for laptops, one list for phones; each module in both.
    assert html.count('class="progress-module"') == len(response.context["modules"])
    assert 'class="list-unstyled d-lg-none progress-list"' in html


def test_a_shared_workbook_shows_the_persons_answers_and_worksheets_read_only(
    client, facilitator, sharing
):
    prompt = Prompt.objects.active().filter(row_label="").first()
    AnswerFactory(enrollment=sharing, prompt=prompt, text="My <b>own</b> words\nover two lines")
    SmartGoalFactory(enrollment=sharing, specific="Submit the grant by March")
    FourWayViewFactory(enrollment=sharing)
    client.force_login(facilitator)
    response = client.get(answers_url(sharing))
    html = response.content.decode()
    assert response.status_code == 200
    assert "My &lt;b&gt;own&lt;/b&gt; words\nover two lines" in html  # escaped, lines kept
    assert "Submit the grant by March" in html
    assert "<form" not in html.split('class="shared-work"', 1)[1]  # nothing to edit
    assert "<textarea" not in html
    assert "<img" not in html  # the PDF's charts are images only its renderer serves
    assert "no-store" in response["Cache-Control"]
    titles = [m["title"] for s in response.context["sessions"] for m in s["modules"]]
    assert "Introduction to Mentoring Up" in titles
    assert "Not answered yet" in html


def test_the_overview_links_to_the_work_of_those_who_share_it(
    client, facilitator, sharing, private
):
    client.force_login(facilitator)
    html = client.get(reverse("facilitator:cohort", args=[sharing.cohort_id])).content.decode()
    assert f'href="{answers_url(sharing)}"' in html
    assert answers_url(private) not in html


def test_a_workbook_that_is_not_shared_is_not_found(client, facilitator, sharing, private):
    client.force_login(facilitator)
    assert client.get(answers_url(private)).status_code == 404
    sharing.shares_answers = False
    sharing.save()
    assert client.get(answers_url(sharing)).status_code == 404


def test_a_shared_workbook_of_another_cohort_is_not_found(client, facilitator, cohort):
    elsewhere = EnrollmentFactory(shares_answers=True)
    client.force_login(facilitator)
    url = reverse("facilitator:participant_answers", args=[cohort.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_a_shared_workbook_is_read_in_a_constant_number_of_queries(
    client, facilitator, sharing, django_assert_max_num_queries
):
    client.force_login(facilitator)
    client.get(answers_url(sharing))  # this process's copy of the course
    with django_assert_max_num_queries(30) as counted:
        client.get(answers_url(sharing))
    before = len(counted)
    for prompt in Prompt.objects.active()[:40]:
        AnswerFactory(enrollment=sharing, prompt=prompt)
    SmartGoalFactory(enrollment=sharing)
    SmartGoalFactory(enrollment=sharing)
    with django_assert_max_num_queries(before):
        assert client.get(answers_url(sharing)).status_code == 200


def test_the_cohort_list_shows_people_the_next_session_and_recent_activity(
    client, cohort, facilitator, sharing, private
):
    soon = timezone.now() + datetime.timedelta(days=3)
    later = soon + datetime.timedelta(days=7)
    CohortSession.objects.create(
        cohort=cohort,
        session=Session.objects.get(number=1),
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    CohortSession.objects.create(
        cohort=cohort, session=Session.objects.get(number=3), starts_at=later
    )
    CohortSession.objects.create(
        cohort=cohort, session=Session.objects.get(number=2), starts_at=soon
    )
    AnswerFactory(enrollment=sharing)
    written = SmartGoalFactory(enrollment=private).updated_at
    EnrollmentFactory(cohort=cohort, removed_at=timezone.now())  # not counted
    quiet = CohortFactory(name="Quiet cohort")
    EnrollmentFactory(cohort=quiet, role="facilitator", user=facilitator)
    client.force_login(facilitator)
    response = client.get(reverse("facilitator:cohorts"))
    listed = {c.name: c for c in response.context["active"]}
    assert listed["Spring cohort"].participant_count == 2
    assert listed["Spring cohort"].next_session.session.number == 2
    assert listed["Spring cohort"].last_activity == written
    assert (listed["Quiet cohort"].participant_count, listed["Quiet cohort"].next_session) == (
        0,
        None,
    )
    html = response.content.decode()
    assert "2 participants" in html
    assert "Session 2" in html or Session.objects.get(number=2).title in html
    assert "no session scheduled ahead" in html
    assert "none yet" in html
