"""The meeting log: an agenda from the goals, the pairs to talk about and open action items;
both sides' notes and action items; the mentor confirms; only that one mentor link sees it."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import ActionItem, CheckIn, Meeting
from followup.selectors import agenda_suggestions
from followup.services import GoalUpdate, goal_update, meeting_create
from sessions_app.models import Section
from worksheets.pdf import render_html, render_pdf, workbook_context
from worksheets.personal_data import personal_data

from .factories import (
    MentorLinkFactory,
    MentorRatingFactory,
    QuestionnaireRatingFactory,
    SmartGoalFactory,
)
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_mentors(enrollment):
    park = MentorLinkFactory(enrollment=enrollment, mentor_name="Prof. Park", token="park-tok-1")
    osei = MentorLinkFactory(enrollment=enrollment, mentor_name="Dr. Osei", token="osei-tok-1")
    return park, osei


def meeting_url(meeting):
    return reverse("followup:meeting", args=[meeting.enrollment.cohort_id, meeting.pk])


def mentor_url(token, meeting=None):
    if meeting is None:
        return reverse("followup:mentor_meetings", args=[token])
    return reverse("followup:mentor_meeting", args=[token, meeting.pk])


def first_item():
    section = Section.objects.active().get(worksheet_type="questionnaire")
    return section, section.spec["stages"][0]["items"][0]


def test_the_agenda_is_drawn_from_open_goals_pairs_far_apart_and_open_action_items(
    enrollment, two_mentors
):
    park, osei = two_mentors
    SmartGoalFactory(enrollment=enrollment, specific="Write the K99 aims page")
    done = SmartGoalFactory(enrollment=enrollment, specific="Finished goal")
    goal_update(goal=done, update=GoalUpdate("done", None), base_version=0)
    section, item = first_item()
    QuestionnaireRatingFactory(enrollment=enrollment, section=section, item=item["slug"], value=1)
    MentorRatingFactory(link=park, item=item["slug"], value=5)
    MentorRatingFactory(link=osei, item=item["slug"], value=2)
    earlier = meeting_create(enrollment=enrollment, link=park, planned_for=None)
    ActionItem.objects.create(
        meeting=earlier, text="Send draft", owner="participant", added_by="participant"
    )
    ActionItem.objects.create(
        meeting=earlier, text="Old done", owner="mentor", added_by="mentor", done=True
    )
    for_park = agenda_suggestions(enrollment, park)
    assert any("Write the K99 aims page" in s for s in for_park)
    assert not any("Finished goal" in s for s in for_park)
    assert any(s.startswith("Expectations:") and "Prof. Park 5" in s for s in for_park)
    assert any("Send draft" in s for s in for_park)
    assert not any("Old done" in s for s in for_park)
    for_osei = agenda_suggestions(enrollment, osei)  # 1 and 2 are close; no action items
    assert not any(s.startswith(("Expectations:", "Action item:")) for s in for_osei)


def test_the_postdoc_plans_a_meeting_with_ticked_topics(
    participant_client, enrollment, two_mentors
):
    park, _ = two_mentors
    SmartGoalFactory(enrollment=enrollment, specific="Book the talk")
    url = reverse("followup:meetings", args=[enrollment.cohort_id])
    response = participant_client.post(url, {"link": park.pk, "planned_for": "2027-02-01"})
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting_url(meeting)
    [topic] = agenda_suggestions(enrollment, park)
    response = participant_client.post(
        meeting_url(meeting),
        {
            "do": "save",
            "version": "1",
            "agenda": "Summer plans",
            "suggestions": [topic],
            "participant_notes": "",
            "planned_for": "2027-02-01",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_lines == ["Summer plans", topic]
    assert meeting.version == 2


def test_a_meeting_cannot_be_planned_with_another_persons_mentor(participant_client, enrollment):
    stranger = MentorLinkFactory(token="stranger-tok")
    url = reverse("followup:meetings", args=[enrollment.cohort_id])
    response = participant_client.post(url, {"link": stranger.pk, "planned_for": ""})
    assert response.status_code == 200
    assert "link" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_the_mentor_sees_only_their_own_pairs_agenda_and_notes(client, enrollment, two_mentors):
    park, osei = two_mentors
    with_park = meeting_create(enrollment=enrollment, link=park, planned_for=None)
    Meeting.objects.filter(pk=with_park.pk).update(
        agenda="Park topic", participant_notes="For Park"
    )
    with_osei = meeting_create(enrollment=enrollment, link=osei, planned_for=None)
    Meeting.objects.filter(pk=with_osei.pk).update(agenda="Osei topic")
    page = client.get(mentor_url("park-tok-1", with_park))
    assert page.status_code == 200
    assert b"Park topic" in page.content
    assert b"For Park" in page.content
    assert client.get(mentor_url("park-tok-1", with_osei)).status_code == 404
    assert client.post(mentor_url("park-tok-1", with_osei), {"do": "confirm"}).status_code == 404
    listing = client.get(mentor_url("park-tok-1"))
    assert len(listing.context["meetings"]) == 1
    assert b"Osei topic" not in listing.content


def test_the_mentor_writes_notes_adds_an_item_and_confirms_once(client, enrollment, two_mentors):
    park, _ = two_mentors
    meeting = meeting_create(enrollment=enrollment, link=park, planned_for=None)
    url = mentor_url("park-tok-1", meeting)
    assert (
        client.post(url, {"do": "save", "version": "1", "mentor_notes": "Good talk"}).status_code
        == 302
    )
    response = client.post(
        url,
        {
            "do": "add_item",
            "item-text": "Read the draft",
            "item-owner": "mentor",
            "item-due_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    assert client.post(url, {"do": "confirm"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.mentor_notes == "Good talk"
    assert meeting.confirmed_at is not None
    first = meeting.confirmed_at
    client.post(url, {"do": "confirm"})
    meeting.refresh_from_db()
    assert meeting.confirmed_at == first
    item = meeting.action_items.get()
    assert (item.owner, item.added_by, item.due_on) == (
        "mentor",
        "mentor",
        datetime.date(2027, 3, 1),
    )
    assert park.events.filter(action="confirmed that a meeting took place").count() == 1


def test_the_mentor_cannot_write_the_postdocs_side(client, enrollment, two_mentors):
    park, _ = two_mentors
    meeting = meeting_create(enrollment=enrollment, link=park, planned_for=None)
    client.post(
        mentor_url("park-tok-1", meeting),
        {"do": "save", "version": "1", "mentor_notes": "x", "agenda": "Hijack"},
    )
    meeting.refresh_from_db()
    assert meeting.agenda == ""


def test_the_postdoc_cannot_confirm_for_the_mentor(participant_client, enrollment, two_mentors):
    meeting = meeting_create(enrollment=enrollment, link=two_mentors[0], planned_for=None)
    participant_client.post(meeting_url(meeting), {"do": "confirm"})
    meeting.refresh_from_db()
    assert meeting.confirmed_at is None


def test_a_stale_tab_gets_a_conflict_with_what_was_typed_kept(
    client, participant_client, enrollment, two_mentors
):
    park, _ = two_mentors
    meeting = meeting_create(enrollment=enrollment, link=park, planned_for=None)
    client.post(
        mentor_url("park-tok-1", meeting), {"do": "save", "version": "1", "mentor_notes": "Mine"}
    )
    response = participant_client.post(
        meeting_url(meeting),
        {
            "do": "save",
            "version": "1",
            "agenda": "My stale agenda",
            "participant_notes": "",
            "planned_for": "",
        },
    )
    assert response.status_code == 409
    assert b"My stale agenda" in response.content
    assert response.context["page"].forms["notes"]["version"].value() == "2"
    meeting.refresh_from_db()
    assert meeting.agenda == ""


def test_ticking_an_action_item_done_on_a_stale_version_is_a_conflict(
    participant_client, enrollment, two_mentors
):
    meeting = meeting_create(enrollment=enrollment, link=two_mentors[0], planned_for=None)
    item = ActionItem.objects.create(
        meeting=meeting, text="Send", owner="participant", added_by="participant"
    )
    url = meeting_url(meeting)
    assert (
        participant_client.post(
            url, {"do": "item_done", "item": item.pk, "version": "1", "done": "on"}
        ).status_code
        == 302
    )
    response = participant_client.post(url, {"do": "item_done", "item": item.pk, "version": "1"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert (item.done, item.version) == (True, 2)


def test_bad_input_on_a_meeting_is_a_message_never_a_500(
    participant_client, enrollment, two_mentors
):
    meeting = meeting_create(enrollment=enrollment, link=two_mentors[0], planned_for=None)
    url = meeting_url(meeting)
    response = participant_client.post(
        url, {"do": "add_item", "item-text": "Do it", "item-owner": "boss", "item-due_on": "soon"}
    )
    assert response.status_code == 200
    errors = response.context["page"].forms["item"].errors
    assert set(errors) == {"owner", "due_on"}
    assert b"Do it" in response.content
    for data in (
        {"do": "item_done", "item": "99999999999"},
        {"do": "nonsense"},
        {"do": "save", "version": "x"},
    ):
        assert participant_client.post(url, data).status_code == 200


def test_a_withdrawn_link_sees_and_writes_nothing(client, enrollment, two_mentors):
    park, _ = two_mentors
    meeting = meeting_create(enrollment=enrollment, link=park, planned_for=None)
    park.revoked_at = timezone.now()
    park.save()
    assert client.get(mentor_url("park-tok-1", meeting)).status_code == 410
    assert client.post(mentor_url("park-tok-1", meeting), {"do": "confirm"}).status_code == 410


def test_a_classmate_cannot_open_the_meeting(client, enrollment, two_mentors):
    from .factories import EnrollmentFactory

    meeting = meeting_create(enrollment=enrollment, link=two_mentors[0], planned_for=None)
    client.force_login(EnrollmentFactory(cohort=enrollment.cohort).user)
    assert client.get(meeting_url(meeting)).status_code == 404


def logged_meeting(enrollment, link):
    meeting = meeting_create(
        enrollment=enrollment, link=link, planned_for=datetime.date(2027, 1, 15)
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda="Grant timeline", mentor_notes="Aims look strong", confirmed_at=timezone.now()
    )
    ActionItem.objects.create(
        meeting=meeting, text="Send aims page", owner="participant", added_by="mentor"
    )
    return meeting


def test_the_meeting_log_is_in_the_postdocs_own_download(enrollment, two_mentors):
    logged_meeting(enrollment, two_mentors[0])
    [cohort] = personal_data(enrollment.user)["cohorts"]
    [meeting] = cohort["after_the_course"]["meetings"]
    assert meeting["agenda"] == ["Grant timeline"]
    assert meeting["mentor_notes"] == "Aims look strong"
    assert meeting["action_items"][0]["text"] == "Send aims page"
    json.dumps(cohort)  # plain data


def test_the_pdf_has_a_chapter_since_the_course_with_the_meeting_log(enrollment, two_mentors):
    assert workbook_context(enrollment)["chapters"] == []  # nothing followed yet
    logged_meeting(enrollment, two_mentors[0])
    goal = SmartGoalFactory(enrollment=enrollment, specific="Send the plan")
    goal_update(goal=goal, update=GoalUpdate("under_way", None, "Half written"), base_version=0)
    workbook = render_html(workbook_context(enrollment))
    assert 'id="since-the-course"' in workbook.html
    assert "Aims look strong" in workbook.html
    assert "Half written" in workbook.html
    assert workbook.modules[-1].count("Since the course") >= 1
    assert workbook.outline[-1].anchor == "since-the-course"
    text = pdf_text(render_pdf(workbook))
    assert "Since the course" in text
    assert "Send aims page" in text


def test_the_chapter_takes_the_same_queries_for_many_goals_and_meetings(
    enrollment, two_mentors, django_assert_max_num_queries
):
    from followup.pdf import since_the_course

    for n in range(5):
        logged_meeting(enrollment, two_mentors[n % 2])
        goal = SmartGoalFactory(enrollment=enrollment, specific=f"Goal {n}")
        goal_update(goal=goal, update=GoalUpdate("under_way", None, "Begun"), base_version=0)
    for n in range(3):
        CheckIn.objects.create(enrollment=enrollment, months=n + 1)
    with django_assert_max_num_queries(12):
        since_the_course(enrollment)


def test_an_agenda_too_long_with_the_ticked_topics_is_refused_with_the_text_kept(
    participant_client, enrollment, two_mentors
):
    SmartGoalFactory(enrollment=enrollment, specific="Book the talk")
    meeting = meeting_create(enrollment=enrollment, link=two_mentors[0], planned_for=None)
    [topic] = agenda_suggestions(enrollment, two_mentors[0])
    typed = "x" * 995
    data = {"do": "save", "version": "1", "agenda": typed, "suggestions": [topic]}
    response = participant_client.post(meeting_url(meeting), data | {"participant_notes": ""})
    assert response.status_code == 200
    assert "tick fewer" in response.context["page"].forms["notes"].errors["agenda"][0]
    meeting.refresh_from_db()
    assert meeting.agenda == ""
