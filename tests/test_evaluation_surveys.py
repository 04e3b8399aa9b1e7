"""When the survey is asked, and how answers are saved: versioned like every answer (a stale tab
gets a conflict and loses nothing), a value that cannot be stored is refused with a message and
kept on the page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import SurveyAnswer, SurveyResponse
from evaluation.selectors import wave_items
from evaluation.windows import last_session
from sessions_app.models import CohortSession

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="((?:version|shown)-[a-z0-9-]+)" value="([^"]*)"')
CHECKED = re.compile(r'type="radio" name="(item-[a-z0-9-]+)" id="[^"]*" value="([^"]*)" checked')


def url(enrollment, wave="pre"):
    return reverse("evaluation:survey", args=[enrollment.cohort_id, wave])


def page_state(client, address) -> dict:
    """What the survey page posts as it stands: its hidden versions and shown values, and the
    chosen radio buttons."""
    response = client.get(address)
    assert response.status_code == 200
    page = response.content.decode()
    return dict(HIDDEN.findall(page)) | dict(CHECKED.findall(page))


def full_answers(items, value="4") -> dict:
    data = {}
    for item in items:
        if item.kind == "scale":
            data[f"item-{item.slug}"] = value
        elif item.kind == "yes_no":
            data[f"item-{item.slug}"] = "1"
        elif item.kind == "choice":
            data[f"item-{item.slug}"] = item.choices[0]["slug"]
        else:
            data[f"item-{item.slug}"] = "Ask for a meeting every month."
    return data


def end_course(cohort, *, days_ago=0):
    """The cohort's last session started `days_ago` days ago (and now, so post is open)."""
    CohortSession.objects.update_or_create(
        cohort=cohort,
        session=last_session(),
        defaults={"starts_at": timezone.now() - datetime.timedelta(days=days_ago, hours=1)},
    )


@pytest.fixture
def fresh(survey, enrollment):
    """A new participant: nothing of the cohort's schedule opened yet (an opened last session
    would count as the course's end)."""
    CohortSession.objects.filter(cohort=enrollment.cohort).delete()
    return enrollment


def test_a_new_participant_is_offered_the_pre_survey_first(client, fresh):
    client.force_login(fresh.user)
    page = client.get(fresh.cohort.get_absolute_url()).content.decode()
    assert "Before you start: a short survey" in page
    assert url(fresh, "pre") in page
    assert "Take the survey" in page


def test_answers_are_saved_and_the_survey_is_sent_once_every_required_item_is_answered(
    client, fresh, survey
):
    client.force_login(fresh.user)
    items = wave_items(survey, "pre")
    first, rest = items[0], items[1:]
    partial = {**page_state(client, url(fresh)), f"item-{first.slug}": "2", "submit": "1"}
    response = client.post(url(fresh), partial)
    assert response.status_code == 200
    assert "still need an answer" in response.content.decode()
    stored = SurveyResponse.objects.get(enrollment=fresh, wave="pre")
    assert stored.submitted_at is None
    assert stored.answers.get(item=first).number == 2

    data = {**page_state(client, url(fresh)), **full_answers(rest), "submit": "1"}
    response = client.post(url(fresh), data)
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.submitted_at is not None
    assert stored.answers.get(item=first).number == 2  # unchanged on the second post
    assert stored.answers.count() == len(items)
    page = client.get(fresh.cohort.get_absolute_url()).content.decode()
    assert "Before you start" not in page  # done: the card goes


def test_a_stale_tab_gets_a_conflict_and_loses_nothing(client, fresh, survey):
    client.force_login(fresh.user)
    item = wave_items(survey, "pre")[0]
    old_tab = page_state(client, url(fresh))
    client.post(url(fresh), {**old_tab, f"item-{item.slug}": "5", "save": "1"})
    # The old tab, still at version 0 of that answer, chooses 3.
    response = client.post(url(fresh), {**old_tab, f"item-{item.slug}": "3", "save": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Saved in another tab:</span> 5" in page
    assert (f"item-{item.slug}", "3") in CHECKED.findall(page)  # this tab's choice stays
    answer = SurveyAnswer.objects.get(item=item, response__enrollment=fresh)
    assert answer.number == 5
    # Saving again from that page keeps what was chosen there.
    again = dict(HIDDEN.findall(page))
    response = client.post(url(fresh), {**again, f"item-{item.slug}": "3", "save": "1"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.number, answer.version) == (3, 2)


def test_a_value_off_the_scale_is_refused_beside_the_field_and_the_rest_is_saved(
    client, fresh, survey
):
    client.force_login(fresh.user)
    first, second = wave_items(survey, "pre")[:2]
    data = {
        **page_state(client, url(fresh)),
        f"item-{first.slug}": "9",
        f"item-{second.slug}": "4",
        "save": "1",
    }
    response = client.post(url(fresh), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "“9” is not on this scale: choose one of 1 to 5." in page
    assert "Some answers could not be saved" in page
    answers = SurveyAnswer.objects.filter(response__enrollment=fresh)
    assert {a.item.slug: a.number for a in answers} == {second.slug: 4}


def test_a_free_text_too_long_is_refused_and_kept_on_the_page(client, fresh, survey):
    end_course(fresh.cohort)
    client.force_login(fresh.user)
    item = next(i for i in wave_items(survey, "post") if i.kind == "text")
    typed = "word " * 1000
    data = {**page_state(client, url(fresh, "post")), f"item-{item.slug}": typed, "save": "1"}
    response = client.post(url(fresh, "post"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "at most 4000 characters" in page
    assert typed.strip() in page
    assert not SurveyAnswer.objects.filter(item=item).exists()


def test_nonsense_in_the_hidden_fields_is_no_500_and_overwrites_nothing(client, fresh, survey):
    client.force_login(fresh.user)
    item = wave_items(survey, "pre")[0]
    client.post(url(fresh), {**page_state(client, url(fresh)), f"item-{item.slug}": "5"})
    response = client.post(url(fresh), {f"item-{item.slug}": "1", f"version-{item.slug}": "x"})
    assert response.status_code == 200
    assert "Reload the page and answer again." in response.content.decode()
    assert SurveyAnswer.objects.get(item=item).number == 5
    response = client.post(url(fresh), {f"item-{item.slug}": "1"})  # no version: a conflict
    assert response.status_code == 409
    assert SurveyAnswer.objects.get(item=item).number == 5


def test_the_post_survey_opens_after_the_last_session_and_then_the_pre_survey_closes(
    client, fresh, survey
):
    client.force_login(fresh.user)
    assert client.get(url(fresh, "post")).status_code == 403
    item = wave_items(survey, "post")[0]
    text_item = next(i for i in wave_items(survey, "post") if i.kind == "text")
    typed = {f"item-{item.slug}": "4", f"item-{text_item.slug}": "Meet monthly."}
    refused = client.post(url(fresh, "post"), typed)
    assert refused.status_code == 403
    assert not SurveyAnswer.objects.exists()
    assert "Meet monthly." in refused.content.decode()  # shown, to copy: nothing typed is lost
    CohortSession.objects.create(
        cohort=fresh.cohort,
        session=last_session(),
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    assert client.get(url(fresh, "post")).status_code == 403  # scheduled, not yet started
    end_course(fresh.cohort)
    assert client.get(url(fresh, "post")).status_code == 200
    assert client.get(url(fresh, "pre")).status_code == 403
    page = client.get(fresh.cohort.get_absolute_url()).content.decode()
    assert "The course is over: a short survey" in page


def test_an_opened_last_session_without_a_date_counts_as_started(client, fresh):
    client.force_login(fresh.user)
    CohortSession.objects.create(cohort=fresh.cohort, session=last_session(), is_open=True)
    assert client.get(url(fresh, "post")).status_code == 200


def test_the_follow_up_opens_six_months_after_the_course(client, fresh):
    client.force_login(fresh.user)
    end_course(fresh.cohort, days_ago=100)
    assert client.get(url(fresh, "follow_up")).status_code == 403
    record = client.get(reverse("evaluation:record", args=[fresh.cohort_id])).content.decode()
    assert "Six months later" in record
    assert "Opens" in record
    end_course(fresh.cohort, days_ago=183)
    assert client.get(url(fresh, "follow_up")).status_code == 200


def test_an_unknown_wave_is_not_found(client, fresh):
    client.force_login(fresh.user)
    assert client.get(url(fresh, "sometime")).status_code == 404


def test_the_survey_card_adds_a_few_queries_to_the_cohort_home(
    client, fresh, django_assert_max_num_queries
):
    client.force_login(fresh.user)
    client.get(fresh.cohort.get_absolute_url())  # this process's copy of the course
    with django_assert_max_num_queries(24):  # the workbook's 20, and four for the card
        assert client.get(fresh.cohort.get_absolute_url()).status_code == 200


def test_the_survey_page_takes_a_constant_number_of_queries(
    client, fresh, django_assert_max_num_queries
):
    client.force_login(fresh.user)
    with django_assert_max_num_queries(12):
        assert client.get(url(fresh)).status_code == 200
