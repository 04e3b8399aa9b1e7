"""Bringing the mentor in: private links, the mentor's side, the comparison and signatures."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Section
from worksheets.mentor.services import (
    TALK_ABOUT_GAP,
    agreement_stored,
    expectations_comparison,
    gaps_to_agreement,
    mentor_link_create,
)
from worksheets.models import MentorLink, MentorRating, MentorshipAgreement

from .browser import module_url, page_data
from .factories import EnrollmentFactory, MentorRatingFactory, QuestionnaireRatingFactory

pytestmark = pytest.mark.django_db


def questionnaire():
    return Section.objects.get(worksheet_type="questionnaire")


def items():
    return [i["slug"] for stage in questionnaire().spec["stages"] for i in stage["items"]]


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def link_and_token(enrollment):
    # The agreement is drafted with this mentor: only the agreement's mentor signs it now.
    link, url = mentor_link_create(
        enrollment=enrollment, mentor_name="Prof. Park", agreement_mentor=True
    )
    return link, token_of(url)


def test_a_participant_makes_a_link_that_is_shown_once_and_stored_hashed(
    participant_client, enrollment
):
    url = reverse("mentor:links", args=[enrollment.cohort_id])
    response = participant_client.post(
        url, {"mentor_name": "Prof. Park", "mentor_email": "park@example.edu"}
    )
    link = MentorLink.objects.get()
    new_url = response.context["new_url"]
    token = token_of(new_url)
    assert token not in link.token_hash
    assert len(token) >= 40
    assert new_url in mail.outbox[0].body
    assert token not in participant_client.get(url).content.decode()  # never shown again
    assert (link.expires_at - timezone.now()).days >= 29


def test_the_link_opens_only_that_participants_questionnaire_and_agreement(
    client, enrollment, link_and_token
):
    _link, token = link_and_token
    other = EnrollmentFactory(cohort=enrollment.cohort)
    agreement_stored(other)
    MentorshipAgreement.objects.filter(enrollment=other).update(
        fields={"goals": "A secret of someone else"}
    )
    agreement = agreement_stored(enrollment)
    MentorshipAgreement.objects.filter(pk=agreement.pk).update(
        fields={"goals": "Alex writes a grant"}
    )

    response = client.get(reverse("mentor:agreement", args=[token]))
    html = response.content.decode()
    assert "Alex writes a grant" in html
    assert "A secret of someone else" not in html
    assert response["Referrer-Policy"] == "same-origin"  # nothing leaves the site
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in html
    # The token opens nothing of the participant's own workbook.
    assert client.get(enrollment.cohort.get_absolute_url()).status_code == 302


@pytest.mark.parametrize("guess", ["", "x", "a" * 43, "not-a-token-at-all"])
def test_guessed_tokens_get_a_clear_404(client, enrollment, link_and_token, guess):
    response = client.get(f"/mentor/{guess}x/")
    assert response.status_code == 404
    assert "do not know this link" in response.content.decode()


def test_a_revoked_or_expired_link_says_so(client, participant_client, enrollment, link_and_token):
    link, token = link_and_token
    participant_client.post(reverse("mentor:revoke", args=[enrollment.cohort_id, link.pk]))
    response = client.get(reverse("mentor:home", args=[token]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()

    fresh, url = mentor_link_create(enrollment=enrollment, mentor_name="Dr. Osei")
    MentorLink.objects.filter(pk=fresh.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(reverse("mentor:questionnaire", args=[token_of(url)]), {})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not MentorRating.objects.exists()


def test_a_link_cannot_be_revoked_by_someone_else(client, enrollment, link_and_token):
    link, _ = link_and_token
    intruder = EnrollmentFactory(cohort=enrollment.cohort)
    client.force_login(intruder.user)
    response = client.post(reverse("mentor:revoke", args=[enrollment.cohort_id, link.pk]))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_mentor_rates_and_the_participant_sees_the_gaps(
    client, participant_client, enrollment, link_and_token
):
    _, token = link_and_token
    slugs = items()
    for slug in slugs:
        QuestionnaireRatingFactory(
            enrollment=enrollment, section=questionnaire(), item=slug, value=3
        )
    mentor_answers = dict.fromkeys(slugs, 3)
    mentor_answers[slugs[0]] = 6  # 3 apart: talk about it
    mentor_answers[slugs[1]] = 5  # 2 apart: close enough
    mentor_answers[slugs[2]] = 1  # 2 apart
    client.post(reverse("mentor:questionnaire", args=[token]), mentor_answers)
    assert MentorRating.objects.count() == len(slugs)

    comparison = expectations_comparison(enrollment)
    assert [gap["number"] for gap in comparison["gaps"]] == [1]
    assert TALK_ABOUT_GAP == 3
    page = participant_client.get(reverse("mentor:links", args=[enrollment.cohort_id]))
    html = page.content.decode()
    assert "Talk about this" in html
    assert "rated 19 questionnaire items" in html  # the log of what the link did


def test_copying_the_gaps_into_the_agreement(participant_client, enrollment, link_and_token):
    link, _ = link_and_token
    first = items()[0]
    QuestionnaireRatingFactory(enrollment=enrollment, section=questionnaire(), item=first, value=1)
    MentorRatingFactory(link=link, item=first, value=5)
    participant_client.post(reverse("mentor:gaps", args=[enrollment.cohort_id]))
    steps = agreement_stored(enrollment).fields["steps"]
    assert "Topics to settle together" in steps
    assert "me: 1, Prof. Park: 5" in steps
    assert gaps_to_agreement(enrollment=enrollment) == 1  # appends again, never overwrites
    assert agreement_stored(enrollment).fields["steps"].count("Topics to settle together") == 2


def test_the_mentor_comments_and_signs_and_the_participant_sees_it(
    client, participant_client, enrollment, link_and_token
):
    link, token = link_and_token
    client.post(
        reverse("mentor:agreement", args=[token]),
        {
            "version": agreement_stored(enrollment).version,  # the text the mentor read
            "comment_goals": "Add a first-author paper.",
            "signature": "Helen Park",
            "signed_on": "2026-10-02",
        },
    )
    agreement = agreement_stored(enrollment)
    link.refresh_from_db()
    assert link.comments == {"goals": "Add a first-author paper."}  # the mentor's own, on the link
    assert (agreement.mentor_signature, str(agreement.mentor_signed_on)) == (
        "Helen Park",
        "2026-10-02",
    )
    html = participant_client.get(module_url(enrollment, questionnaire().module)).content.decode()
    assert "Prof. Park's comment:" in html  # attributed by name
    assert "Add a first-author paper." in html
    assert "Helen Park signed as mentor" in html


def test_a_signature_needs_a_date_on_the_mentor_side(client, enrollment, link_and_token):
    _, token = link_and_token
    version = agreement_stored(enrollment).version
    response = client.post(
        reverse("mentor:agreement", args=[token]), {"version": version, "signature": "Helen Park"}
    )
    assert "Add the date" in response.content.decode()
    assert not agreement_stored(enrollment).mentor_signature


def test_editing_the_agreement_after_a_signature_clears_it_and_says_so(
    participant_client, enrollment, link_and_token
):
    agreement = agreement_stored(enrollment)
    MentorshipAgreement.objects.filter(pk=agreement.pk).update(
        fields={"goals": "Grow as a leader"},
        mentor_signature="Helen Park",
        mentor_signed_on=datetime.date(2026, 10, 2),
    )
    section = Section.objects.get(worksheet_type="agreement")
    url = module_url(enrollment, section.module)
    data = page_data(participant_client.get(url))
    data[f"s{section.pk}-agreement-part_goals"] = "Grow as a leader and a teacher"
    participant_client.post(url, data)
    agreement.refresh_from_db()
    assert agreement.fields["goals"] == "Grow as a leader and a teacher"
    assert agreement.mentor_signature == ""
    assert agreement.signatures_cleared_at is not None
    assert "signatures were cleared" in participant_client.get(url).content.decode()


def test_link_guessing_is_throttled(client, settings):
    from django.core.cache import cache

    settings.JOIN_ATTEMPTS_PER_HOUR = 3
    cache.clear()
    for n in range(3):
        assert client.get(f"/mentor/guess{n}/").status_code == 404
    assert client.get("/mentor/guess-more/").status_code == 429
    cache.clear()


def test_a_mentor_opening_the_agreement_writes_nothing(client, enrollment):
    _link, url = mentor_link_create(
        enrollment=enrollment, mentor_name="Prof. Park", may_comment=True
    )
    token = token_of(url)

    response = client.get(reverse("mentor:agreement", args=[token]))

    assert response.status_code == 200
    assert not MentorshipAgreement.objects.filter(enrollment=enrollment).exists()
