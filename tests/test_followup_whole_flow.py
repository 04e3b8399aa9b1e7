"""Done when: a participant follows a goal from the course through three check-ins and two
logged meetings with their mentor, sees the change in charts and in the PDF, and nobody else
can see any of it."""

import datetime

import pytest
from django.urls import reverse

from followup.models import CheckIn, GoalNote, GoalTracking, Meeting
from followup.pdf import since_the_course

from .factories import (
    EnrollmentFactory,
    FourWayViewFactory,
    MentorLinkFactory,
    SmartGoalFactory,
)

pytestmark = pytest.mark.django_db


def check_in(client, enrollment, goal, months, status, focus):
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id]) + f"?round={months}"
    stored = GoalTracking.objects.filter(goal=goal).values_list("version", flat=True).first()
    version = stored or 0
    data = {
        f"goal-{goal.pk}-status": status,
        f"goal-{goal.pk}-note": f"At {months} months",
        f"goal-{goal.pk}-version": str(version),
        "what_helped": f"Helped at {months}",
        "in_the_way": "",
        "next_step": "",
        "fw-importance_work": "40",
        "fw-focus_work": str(focus),
    }
    assert client.post(url, data).status_code == 302


def meeting(client, enrollment, link, day, agenda):
    response = client.post(
        reverse("followup:meetings", args=[enrollment.cohort_id]),
        {"link": link.pk, "planned_for": day},
    )
    created = Meeting.objects.latest("pk")
    assert response["Location"].endswith(f"/meetings/{created.pk}/")
    data = {"do": "save", "version": "1", "agenda": agenda, "participant_notes": "Mine"}
    client.post(reverse("followup:meeting", args=[enrollment.cohort_id, created.pk]), data)
    return created


def test_a_goal_through_three_check_ins_and_two_meetings_seen_by_nobody_else(
    client, participant_client, enrollment
):
    FourWayViewFactory(enrollment=enrollment, importance_work=40, focus_work=70)
    goal = SmartGoalFactory(enrollment=enrollment, specific="Send Helen a weekly agenda")
    park = MentorLinkFactory(enrollment=enrollment, mentor_name="Prof. Park", token="flow-park")
    MentorLinkFactory(enrollment=enrollment, mentor_name="Dr. Osei", token="flow-osei")
    for months, status, focus in ((1, "under_way", 60), (3, "under_way", 55), (6, "done", 45)):
        check_in(participant_client, enrollment, goal, months, status, focus)
    first = meeting(participant_client, enrollment, park, "2027-01-10", "Agenda one")
    second = meeting(participant_client, enrollment, park, "2027-03-10", "Agenda two")
    client.post(
        reverse("followup:mentor_meeting", args=["flow-park", second.pk]), {"do": "confirm"}
    )

    assert CheckIn.objects.filter(enrollment=enrollment).count() == 3
    statuses = list(GoalNote.objects.filter(goal=goal).values_list("status", flat=True))
    assert statuses == ["under_way", "under_way", "done"]
    chapter = since_the_course(enrollment)
    assert [r["label"].split(",")[0] for r in chapter["four_way"]["rounds"]] == [
        "In the course",
        "1 month",
        "3 months",
        "6 months",
    ]
    assert len(chapter["goals"][0]["chart"]["points"]) == 3
    assert [m["agenda"] for m in chapter["meetings"]] == [["Agenda two"], ["Agenda one"]]
    assert chapter["meetings"][0]["confirmed_on"] == datetime.date.today()

    pages = [
        reverse("followup:goal", args=[enrollment.cohort_id, goal.pk]),
        reverse("followup:check_in", args=[enrollment.cohort_id, CheckIn.objects.first().pk]),
        reverse("followup:meeting", args=[enrollment.cohort_id, first.pk]),
    ]
    classmate = EnrollmentFactory(cohort=enrollment.cohort)
    facilitator = EnrollmentFactory(cohort=enrollment.cohort, role="facilitator")
    for person in (classmate, facilitator):
        client.force_login(person.user)
        assert all(client.get(page).status_code == 404 for page in pages)
    for person_page in ("goals", "check_ins", "changes", "meetings"):
        client.force_login(classmate.user)
        own = client.get(reverse(f"followup:{person_page}", args=[enrollment.cohort_id]))
        assert b"Agenda one" not in own.content
        assert b"weekly agenda" not in own.content
    client.logout()
    other_mentor = reverse("followup:mentor_meeting", args=["flow-osei", first.pk])
    assert client.get(other_mentor).status_code == 404
    listing = client.get(reverse("followup:mentor_meetings", args=["flow-osei"]))
    assert list(listing.context["meetings"]) == []
