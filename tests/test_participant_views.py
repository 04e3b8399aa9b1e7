"""The participant's pages: access rules, saving answers, closed sessions and stale tabs."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from sessions_app.models import Module, Prompt
from worksheets.models import MAX_ANSWER_LENGTH, Answer

from .browser import module_url, page_data
from .factories import AnswerFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def first_prompt(module):
    return Prompt.objects.active().filter(section__module=module, row_label="").first()


def answer_field(prompt):
    return f"s{prompt.section_id}-answers-p{prompt.pk}"


def open_page(client, enrollment, module):
    response = client.get(module_url(enrollment, module))
    assert response.status_code == 200
    return response, page_data(response)


@pytest.mark.parametrize("name", ["sessions_app:home", "sessions_app:cohort", "worksheets:module"])
def test_anonymous_visitors_are_sent_to_log_in(client, enrollment, name):
    args = {
        "sessions_app:home": [],
        "sessions_app:cohort": [enrollment.cohort_id],
        "worksheets:module": [enrollment.cohort_id, Module.objects.first().slug],
    }[name]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_home_takes_a_single_cohort_participant_straight_to_the_workbook(
    participant_client, enrollment
):
    response = participant_client.get(reverse("sessions_app:home"))
    assert response.status_code == 302
    assert response["Location"] == enrollment.cohort.get_absolute_url()


def test_home_without_a_cohort_says_what_to_do(client):
    client.force_login(UserFactory())
    response = client.get(reverse("sessions_app:home"))
    assert response.status_code == 200
    assert b"join link" in response.content


def test_workbook_lists_every_module_with_its_progress(
    participant_client, enrollment, django_assert_max_num_queries
):
    module = Module.objects.in_course_order().first()
    AnswerFactory(enrollment=enrollment, prompt=first_prompt(module), text="Done")
    # A fixed number, whatever the course's size: among them the mentors' latest news and the
    # survey card's instrument (none here).
    with django_assert_max_num_queries(22):
        response = participant_client.get(enrollment.cohort.get_absolute_url())
    assert response.status_code == 200
    for each in Module.objects.active():
        assert each.title in response.content.decode()
    first = response.context["sessions"][0]["modules"][0]
    assert first.progress.done == 1
    assert first.progress.total > Prompt.objects.active().filter(section__module=module).count()


def test_module_page_shows_objectives_case_studies_and_a_box_for_every_prompt(
    participant_client, enrollment, django_assert_max_num_queries
):
    module = Module.objects.get(slug="maintaining-effective-communication")
    participant_client.get(module_url(enrollment, module))  # creates the first SMART goal
    with django_assert_max_num_queries(25):
        response = participant_client.get(module_url(enrollment, module))
    html = response.content.decode()
    assert module.objectives[0] in html
    assert "Giving Constructive Feedback" in html
    for prompt in Prompt.objects.active().filter(section__module=module):
        assert f'name="{answer_field(prompt)}"' in html


def test_saving_a_module_stores_the_answers(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = first_prompt(module)
    _, data = open_page(participant_client, enrollment, module)
    data[answer_field(prompt)] = "I want to publish"
    response = participant_client.post(module_url(enrollment, module), data)
    assert response.status_code == 302
    answer = Answer.objects.get(enrollment=enrollment, prompt=prompt)
    assert (answer.text, answer.version) == ("I want to publish", 1)
    page = participant_client.get(response["Location"]).content.decode()
    assert "I want to publish" in page
    assert "Your work is saved" in page


def test_a_stale_tab_gets_a_conflict_with_both_texts_and_overwrites_nothing(
    participant_client, enrollment
):
    module = Module.objects.in_course_order().first()
    prompt = first_prompt(module)
    answer = AnswerFactory(enrollment=enrollment, prompt=prompt, text="First draft")
    _, stale_page = open_page(participant_client, enrollment, module)
    Answer.objects.filter(pk=answer.pk).update(text="Newer text from tab B", version=2)

    stale_page[answer_field(prompt)] = "Edited in tab A"
    response = participant_client.post(module_url(enrollment, module), stale_page)

    assert response.status_code == 200
    html = response.content.decode()
    assert "changed in another tab" in html
    assert "Edited in tab A" in html
    assert "Newer text from tab B" in html
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Newer text from tab B", 2)

    # Saving again from the conflict page is a deliberate choice and succeeds.
    response = participant_client.post(module_url(enrollment, module), page_data(response))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Edited in tab A", 3)


def test_a_stale_tab_does_not_conflict_on_boxes_it_did_not_touch(participant_client, enrollment):
    module = Module.objects.get(slug="maintaining-effective-communication")
    first, second = Prompt.objects.active().filter(section__module=module)[:2]
    kept = AnswerFactory(enrollment=enrollment, prompt=first, text="Old")
    _, stale_page = open_page(participant_client, enrollment, module)
    Answer.objects.filter(pk=kept.pk).update(text="Changed elsewhere", version=2)

    stale_page[answer_field(second)] = "New answer"
    response = participant_client.post(module_url(enrollment, module), stale_page)

    assert response.status_code == 302
    assert Answer.objects.get(pk=kept.pk).text == "Changed elsewhere"
    assert Answer.objects.get(enrollment=enrollment, prompt=second).text == "New answer"


def test_a_too_long_answer_is_refused_with_a_message_and_the_others_are_saved(
    participant_client, enrollment
):
    module = Module.objects.get(slug="maintaining-effective-communication")
    first, second = Prompt.objects.active().filter(section__module=module)[:2]
    _, data = open_page(participant_client, enrollment, module)
    data[answer_field(first)] = "A fine answer"
    data[answer_field(second)] = "x" * (MAX_ANSWER_LENGTH + 1)
    response = participant_client.post(module_url(enrollment, module), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "too long" in html
    assert "A fine answer" in html
    assert "x" * (MAX_ANSWER_LENGTH + 1) in html  # what was typed is kept on the page
    assert Answer.objects.get(enrollment=enrollment).prompt == first


def test_a_participant_cannot_reach_another_cohort_or_its_answers(participant_client, enrollment):
    other = EnrollmentFactory()
    module = Module.objects.in_course_order().first()
    prompt = first_prompt(module)
    AnswerFactory(enrollment=other, prompt=prompt, text="Private to someone else")

    assert participant_client.get(other.cohort.get_absolute_url()).status_code == 404
    assert participant_client.get(module_url(other, module)).status_code == 404
    response = participant_client.post(module_url(other, module), {answer_field(prompt): "x"})
    assert response.status_code == 404
    assert Answer.objects.get(enrollment=other).text == "Private to someone else"


def test_two_participants_of_one_cohort_see_only_their_own_answers(client, enrollment):
    neighbour = EnrollmentFactory(cohort=enrollment.cohort)
    module = Module.objects.in_course_order().first()
    AnswerFactory(enrollment=neighbour, prompt=first_prompt(module), text="Neighbour's secret")
    client.force_login(enrollment.user)
    assert "Neighbour's secret" not in client.get(module_url(enrollment, module)).content.decode()


def test_a_facilitator_has_no_workbook_of_their_own_in_the_cohort(client, enrollment):
    facilitator = EnrollmentFactory(cohort=enrollment.cohort, role="facilitator")
    client.force_login(facilitator.user)
    assert client.get(enrollment.cohort.get_absolute_url()).status_code == 404


class FieldCollector(HTMLParser):
    """Collects form controls and the ids that a <label for> names."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_targets = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in {"input", "textarea", "select"} and attrs.get("type") != "hidden":
            self.controls.append(attrs)


def test_every_input_on_every_module_page_has_a_label(participant_client, enrollment):
    for module in Module.objects.active():
        collector = FieldCollector()
        collector.feed(participant_client.get(module_url(enrollment, module)).content.decode())
        unlabelled = [
            c.get("name")
            for c in collector.controls
            if not c.get("aria-label") and c.get("id") not in collector.label_targets
        ]
        assert collector.controls
        assert not unlabelled, f"{module.slug}: inputs without a label: {unlabelled[:5]}"
