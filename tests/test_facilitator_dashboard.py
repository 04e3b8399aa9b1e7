"""The facilitator's way in: where they land, the progress grid, a participant's shared answers
and the cohort list with its counts.

Who may reach each URL is in tests/test_access_matrix.py."""

import pytest
from django.urls import reverse

from .factories import CohortFactory, EnrollmentFactory, UserFactory

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
