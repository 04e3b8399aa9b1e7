"""The mentor's version of the survey, through the participant's private mentor link: only the
items with a mentor version, answers kept apart from the participant's, versioned saves, and
nothing for a link that is unknown or withdrawn."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import SurveyAnswer, SurveyResponse
from evaluation.reports import survey_report
from evaluation.selectors import mentor_items
from sessions_app.models import CohortSession
from worksheets.mentor.services import mentor_link_create

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="((?:version|shown)-[a-z0-9-]+)" value="([^"]*)"')


@pytest.fixture
def mentor(survey, enrollment):
    """A mentor link of a participant whose course has not ended (the pre-survey is open)."""
    CohortSession.objects.filter(cohort=enrollment.cohort).delete()
    link, url = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Park")
    return link, url.rstrip("/").rsplit("/", 1)[-1]


def survey_url(token, wave="pre"):
    return reverse("evaluation:mentor_survey", args=[token, wave])


def test_the_mentor_home_offers_the_survey(client, mentor):
    _link, token = mentor
    page = client.get(reverse("mentor:home", args=[token])).content.decode()
    assert survey_url(token) in page


def test_the_mentor_answers_only_the_mentor_version_kept_apart(client, mentor, survey, enrollment):
    link, token = mentor
    items = mentor_items(survey, "pre")
    assert items
    page = client.get(survey_url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert items[0].mentor_text in html
    assert items[0].text not in html  # the participant's wording is not asked
    data = dict(HIDDEN.findall(html)) | {f"item-{i.slug}": "4" for i in items} | {"submit": "1"}
    response = client.post(survey_url(token), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("mentor:home", args=[token])
    mine = SurveyResponse.objects.get(mentor_link=link)
    assert mine.submitted_at is not None
    assert mine.answers.count() == len(items)
    assert not SurveyResponse.objects.of_participants().exists()
    # The participant's own survey starts empty, and the report counts no mentor.
    client.force_login(enrollment.user)
    own = client.get(reverse("evaluation:survey", args=[enrollment.cohort_id, "pre"]))
    assert "checked" not in own.content.decode()
    assert survey_report([enrollment.pk], survey)["responses"]["pre"] == 0
    assert link.events.filter(action__startswith="answered the survey").exists()


def test_a_stale_mentor_tab_gets_a_conflict(client, mentor, survey):
    _link, token = mentor
    item = mentor_items(survey, "pre")[0]
    old = dict(HIDDEN.findall(client.get(survey_url(token)).content.decode()))
    client.post(survey_url(token), {**old, f"item-{item.slug}": "5"})
    response = client.post(survey_url(token), {**old, f"item-{item.slug}": "2"})
    assert response.status_code == 409
    assert SurveyAnswer.objects.get(item=item).number == 5


def test_a_withdrawn_or_unknown_link_reaches_no_survey(client, mentor):
    link, token = mentor
    assert client.get(survey_url("not-a-real-token-at-all-xx")).status_code == 404
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(survey_url(token)).status_code == 410
    assert client.post(survey_url(token), {"item-intro-own-part": "3"}).status_code == 410
    assert not SurveyAnswer.objects.exists()


def test_a_wave_without_mentor_items_or_not_open_is_refused(client, mentor):
    _link, token = mentor
    assert client.get(survey_url(token, "post")).status_code == 403  # not open yet
    assert client.get(survey_url(token, "later")).status_code == 404


def test_the_own_data_download_has_the_survey_answers_of_the_person_and_their_mentors(
    client, mentor, survey, enrollment
):
    _link, token = mentor
    item = mentor_items(survey, "pre")[0]
    old = dict(HIDDEN.findall(client.get(survey_url(token)).content.decode()))
    client.post(survey_url(token), {**old, f"item-{item.slug}": "5"})
    client.force_login(enrollment.user)
    data = client.get(reverse("accounts:data_download")).json()["evaluation"]
    assert data["survey_answers"] == [
        {
            "cohort": enrollment.cohort.name,
            "wave": "pre",
            "answered_by": "Prof. Park",
            "item": item.text,
            "value": 5,
            "submitted_at": None,
        }
    ]
    assert data["certificates"] == []
