"""The loop with the mentor: the mentor sees what they saved and what is still open, the
postdoc hears when a mentor answers, comments or signs (on the page, and by e-mail when asked),
and the module's questionnaire shows the comparison once a mentor has answered."""

import pytest
from django.core import mail
from django.urls import reverse

from worksheets.mentor.services import agreement_stored, mentor_link_create

from .browser import module_url
from .factories import QuestionnaireRatingFactory
from .test_mentor import items, questionnaire, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def park(enrollment):
    link, url = mentor_link_create(
        enrollment=enrollment, mentor_name="Prof. Park", agreement_mentor=True
    )
    return link, token_of(url)


def test_after_saving_the_mentor_sees_how_many_are_answered_and_which_are_open(client, park):
    _, token = park
    slugs = items()
    answers = dict.fromkeys(slugs[:-4], 4)
    response = client.post(reverse("mentor:questionnaire", args=[token]), answers, follow=True)
    html = response.content.decode()
    done, total = len(slugs) - 4, len(slugs)
    assert f"Your answers are saved: {done} of {total} answered." in html
    open_numbers = ", ".join(str(n) for n in range(total - 3, total + 1))
    assert f"Still open: {open_numbers}." in html
    assert f"{done} of {total} answered." in html  # and on the card, on every visit

    client.post(reverse("mentor:questionnaire", args=[token]), dict.fromkeys(slugs, 4))
    home = client.get(reverse("mentor:home", args=[token])).content.decode()
    assert f"All {total} answered." in home


def test_after_signing_the_mentor_sees_the_signature_and_their_comments(client, enrollment, park):
    _, token = park
    response = client.post(
        reverse("mentor:agreement", args=[token]),
        {
            "version": agreement_stored(enrollment).version,
            "comment_goals": "Add a first-author paper.",
            "signature": "Helen Park",
            "signed_on": "2026-10-02",
        },
        follow=True,
    )
    html = response.content.decode()
    assert 'You signed the agreement on <time datetime="2026-10-02"' in html
    assert "Your comments on 1 part of the agreement" in html
    assert "You signed it on" in html


def test_the_postdoc_sees_their_mentors_news_on_the_workbook_pages(
    client, participant_client, enrollment, park
):
    _, token = park
    home_before = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert "From your mentors" not in home_before
    client.post(reverse("mentor:questionnaire", args=[token]), dict.fromkeys(items(), 4))
    home = participant_client.get(enrollment.cohort.get_absolute_url()).content.decode()
    assert "<strong>Prof. Park</strong> answered the questionnaire" in home
    links = participant_client.get(reverse("mentor:links", args=[enrollment.cohort_id]))
    assert "<strong>Prof. Park</strong> answered the questionnaire" in links.content.decode()


def mails_to(enrollment):
    return [m for m in mail.outbox if m.to == [enrollment.user.email]]


def test_no_news_by_mail_unless_the_postdoc_asked(client, enrollment, park):
    _, token = park
    client.post(reverse("mentor:questionnaire", args=[token]), dict.fromkeys(items(), 4))
    assert mails_to(enrollment) == []


def test_news_by_mail_once_per_kind_in_a_while_then_stopped(
    client, participant_client, enrollment, park
):
    _, token = park
    switch = reverse("mentor:news_by_mail", args=[enrollment.cohort_id])
    participant_client.post(switch, {"on": "1"})
    url = reverse("mentor:questionnaire", args=[token])
    client.post(url, dict.fromkeys(items(), 4))
    client.post(url, dict.fromkeys(items(), 5))  # a second save within the quiet hours
    (message,) = mails_to(enrollment)
    assert message.subject.endswith("Prof. Park answered the questionnaire")
    assert reverse("mentor:links", args=[enrollment.cohort_id]) in message.body

    client.post(  # another kind of news is told at once
        reverse("mentor:agreement", args=[token]),
        {"version": agreement_stored(enrollment).version, "comment_goals": "Looks good."},
    )
    assert mails_to(enrollment)[-1].subject.endswith("Prof. Park commented on the agreement")
    assert len(mails_to(enrollment)) == 2

    participant_client.post(switch, {"on": "0"})
    enrollment.refresh_from_db()
    assert not enrollment.mentor_news_by_mail


def test_the_modules_questionnaire_shows_the_comparison_once_a_mentor_answered(
    client, participant_client, enrollment, park
):
    _, token = park
    for slug in items():
        QuestionnaireRatingFactory(
            enrollment=enrollment, section=questionnaire(), item=slug, value=2
        )
    page = module_url(enrollment, questionnaire().module)
    before = participant_client.get(page).content.decode()
    assert "Ask your mentor to answer their side" in before
    answers = dict.fromkeys(items(), 2) | {items()[0]: 6}
    client.post(reverse("mentor:questionnaire", args=[token]), answers)
    after = participant_client.get(page).content.decode()
    assert "Ask your mentor to answer their side" not in after
    assert "Your answers next to Prof. Park's" in after
    assert "Talk about this at your next meeting (1 pair" in after
    assert "(you: 2, Prof. Park: 6)" in after
