"""The expectations questionnaire answered again after the course, by the participant at a
check-in and by a mentor through their link: new dated rounds, the course's answers unchanged."""

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import CheckIn, QuestionnaireRound
from followup.pdf import since_the_course
from followup.selectors import questionnaire_then_and_now
from worksheets import charts
from worksheets.models import MentorRating, QuestionnaireRating
from worksheets.personal_data import personal_data

from .factories import MentorLinkFactory, MentorRatingFactory, QuestionnaireRatingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    from sessions_app.models import Section

    return Section.objects.active().get(worksheet_type="questionnaire")


def slugs(section):
    return [i["slug"] for stage in section.spec["stages"] for i in stage["items"]]


@pytest.fixture
def rated(enrollment, section):
    first = slugs(section)[0]
    QuestionnaireRatingFactory(enrollment=enrollment, section=section, item=first, value=2)
    link = MentorLinkFactory(enrollment=enrollment, token="park-again-1")
    MentorRatingFactory(link=link, item=first, value=5)
    return link, first


def test_answering_again_at_a_check_in_is_a_new_round_once(participant_client, enrollment, rated):
    _link, first = rated
    check_in = CheckIn.objects.create(enrollment=enrollment)
    url = reverse("followup:check_in_questionnaire", args=[enrollment.cohort_id, check_in.pk])
    assert participant_client.get(url).status_code == 200
    assert participant_client.post(url, {first: "4"}).status_code == 302
    assert participant_client.post(url, {first: "6"}).status_code == 302  # already answered
    [again] = QuestionnaireRound.objects.all()
    assert again.ratings_by_item() == {first: 4}
    assert QuestionnaireRating.objects.get(enrollment=enrollment).value == 2  # the course's


def test_an_empty_or_bad_answer_stores_no_round(participant_client, enrollment, rated):
    _, first = rated
    check_in = CheckIn.objects.create(enrollment=enrollment)
    url = reverse("followup:check_in_questionnaire", args=[enrollment.cohort_id, check_in.pk])
    response = participant_client.post(url, {})
    assert b"at least one pair" in response.content
    response = participant_client.post(url, {first: "9"})
    assert response.status_code == 200
    assert first in response.context["form"].errors
    assert not QuestionnaireRound.objects.exists()


def test_the_mentor_answers_again_through_their_link_in_a_new_round(client, enrollment, rated):
    link, first = rated
    url = reverse("followup:mentor_questionnaire_again", args=["park-again-1"])
    assert client.post(url, {first: "3"}).status_code == 302
    assert client.post(url, {first: "2"}).status_code == 302
    assert list(link.rounds.values_list("ratings__value", flat=True)) == [3, 2]
    assert MentorRating.objects.get(link=link).value == 5  # the course's answer stays
    link.revoked_at = timezone.now()
    link.save()
    assert client.post(url, {first: "1"}).status_code == 410
    assert link.rounds.count() == 2


def test_then_and_now_compare_with_the_mentors_latest_round(enrollment, rated, section):
    link, first = rated
    assert questionnaire_then_and_now(enrollment) is None
    check_in = CheckIn.objects.create(enrollment=enrollment)
    mine = QuestionnaireRound.objects.create(check_in=check_in)
    mine.ratings.create(item=first, value=4)
    pair = questionnaire_then_and_now(enrollment)
    then_item = pair["then"]["stages"][0]["items"][0]
    now_item = pair["now"]["stages"][0]["items"][0]
    assert (then_item["value"], then_item["second"]) == (2, 5)
    assert (now_item["value"], now_item["second"]) == (4, 5)  # the mentor's course answer
    assert not pair["mentor_again"]
    theirs = QuestionnaireRound.objects.create(link=link)
    theirs.ratings.create(item=first, value=3)
    pair = questionnaire_then_and_now(enrollment)
    assert pair["now"]["stages"][0]["items"][0]["second"] == 3
    assert pair["mentor_again"]
    assert str(charts.draw(pair["now"])).startswith("<svg")
    assert since_the_course(enrollment)["questionnaire"]["now"]["kind"] == "questionnaire"


def test_the_rounds_are_in_the_own_data_download(enrollment, rated):
    link, first = rated
    check_in = CheckIn.objects.create(enrollment=enrollment)
    QuestionnaireRound.objects.create(check_in=check_in).ratings.create(item=first, value=4)
    QuestionnaireRound.objects.create(link=link).ratings.create(item=first, value=3)
    [cohort] = personal_data(enrollment.user)["cohorts"]
    after = cohort["after_the_course"]
    assert after["check_ins"][0]["questionnaire_again"] == {first: 4}
    assert after["mentors_questionnaire_again"][0]["ratings"] == {first: 3}


def test_a_round_belongs_to_one_side_only(enrollment, rated):
    from django.db import IntegrityError

    link, _ = rated
    check_in = CheckIn.objects.create(enrollment=enrollment)
    with pytest.raises(IntegrityError):
        QuestionnaireRound.objects.create(check_in=check_in, link=link)


def test_withdrawing_a_link_without_its_answers_deletes_the_mentors_rounds_too(enrollment, rated):
    from worksheets.mentor.services import mentor_link_revoke

    link, first = rated
    QuestionnaireRound.objects.create(link=link).ratings.create(item=first, value=3)
    kept = MentorLinkFactory(enrollment=enrollment, token="kept-1")
    QuestionnaireRound.objects.create(link=kept).ratings.create(item=first, value=4)
    mentor_link_revoke(link=kept, keep_answers=True)
    mentor_link_revoke(link=link, keep_answers=False)
    assert list(QuestionnaireRound.objects.values_list("link", flat=True)) == [kept.pk]
