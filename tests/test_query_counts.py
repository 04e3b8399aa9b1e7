"""The busiest requests of a live session stay within a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Module, Prompt

from .browser import autosave_url, module_url, page_data
from .factories import AnswerFactory, CohortSessionFactory, EnrollmentFactory, UserFactory

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    return Module.objects.in_course_order().first()


def test_a_save_of_the_whole_page_makes_at_most_7_queries(
    participant_client, enrollment, module, django_assert_max_num_queries
):
    """Session, user, curriculum stamp, enrollment with its session's state (one statement),
    the records of the page's worksheets (strategies, SMART goals), the one conditional update
    (the saved answers are read only for a refused value)."""
    prompt = Prompt.objects.active().filter(section__module=module).first()
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="Typed before")
    data = page_data(participant_client.get(module_url(enrollment, module)))
    data[f"s{prompt.section_id}-answers-p{prompt.pk}"] = "Typed, then a pause"

    with django_assert_max_num_queries(7):
        response = participant_client.post(autosave_url(enrollment, module), data)

    assert response["X-Autosave"] == "saved"


def test_an_autosave_of_one_answer_makes_at_most_5_queries(
    participant_client, enrollment, module, django_assert_max_num_queries
):
    """As the page sends it, only the edited section: session, user, curriculum stamp,
    enrollment with its session's state, the conditional update. No check of the session
    apart from the enrollment's, no transaction around one update, and no read of the saved
    answers, which only a refused value needs (workbook.SavedAnswers)."""
    prompt = Prompt.objects.active().filter(section__module=module).first()
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="Typed before")
    page = page_data(participant_client.get(module_url(enrollment, module)))
    section = f"s{prompt.section_id}-"
    data = {name: value for name, value in page.items() if name.startswith(section)}
    data[f"{section}answers-p{prompt.pk}"] = "Typed, then a pause"

    with django_assert_max_num_queries(5):
        response = participant_client.post(autosave_url(enrollment, module), data)

    assert response["X-Autosave"] == "saved"


def test_a_module_page_makes_at_most_9_queries(
    participant_client, enrollment, module, django_assert_max_num_queries
):
    """Session, user, curriculum stamp, enrollment with its session's state, the records of
    the page's kinds (answers, strategies, SMART goals), the schedule row with the cohort (when
    and where the session meets), the menu's roles."""
    participant_client.get(module_url(enrollment, module))  # this process's copy of the course

    with django_assert_max_num_queries(9):
        response = participant_client.get(module_url(enrollment, module))

    assert response.status_code == 200


def test_the_cohort_list_makes_at_most_15_queries_for_one_cohort_or_twenty(
    client, curriculum, django_assert_max_num_queries
):
    """Session, user, the menu's roles, the cohorts with their participant counts and next
    sessions (one query), those sessions with their titles, the latest answer, and the latest
    record of each of the nine worksheet kinds: 15."""
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    def busy_cohort():
        enrollment = EnrollmentFactory()
        AnswerFactory(enrollment=enrollment)
        CohortSessionFactory(
            cohort=enrollment.cohort, session=curriculum[0].session, starts_at=timezone.now() + DAY
        )

    busy_cohort()
    with django_assert_max_num_queries(15) as one:
        client.get(reverse("facilitator:cohorts"))
    for _ in range(19):
        busy_cohort()
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("facilitator:cohorts"))
    assert len(response.context["active"]) == 20
    assert all(c.next_session and c.last_activity for c in response.context["active"])
