"""What the facilitator sees of the follow-up: counts only, nothing under three people."""

import pytest
from django.urls import reverse

from followup.models import CheckIn
from followup.services import GoalUpdate, goal_update
from followup.summaries import follow_up_counts

from .factories import EnrollmentFactory, SmartGoalFactory

pytestmark = pytest.mark.django_db


def people(cohort, n):
    return [EnrollmentFactory(cohort=cohort) for _ in range(n)]


def by_round(counts):
    return {r["months"]: r["people"] for r in counts["rounds"]}


def test_check_ins_per_round_are_counted_once_per_person_and_hidden_under_three(enrollment):
    cohort = enrollment.cohort
    group = [enrollment, *people(cohort, 3)]
    for person in group[:3]:
        CheckIn.objects.create(enrollment=person, months=1)
    CheckIn.objects.create(enrollment=group[0], months=1)  # twice: still one person
    CheckIn.objects.create(enrollment=group[0], months=3)
    CheckIn.objects.create(enrollment=group[1], months=None)
    assert by_round(follow_up_counts(cohort)) == {1: 3, 3: None, 6: None, None: None}


def test_goals_by_status_are_shown_from_three_people_with_goals(enrollment):
    cohort = enrollment.cohort
    group = [enrollment, *people(cohort, 2)]
    goals = [SmartGoalFactory(enrollment=person, specific="A goal") for person in group[:2]]
    assert follow_up_counts(cohort)["goals"] == {"people": 2, "shown": False, "statuses": []}
    goals.append(SmartGoalFactory(enrollment=group[2], specific="Another"))
    goal_update(goal=goals[0], update=GoalUpdate("done", None), base_version=0)
    goal_update(goal=goals[1], update=GoalUpdate("under_way", None), base_version=0)
    counts = follow_up_counts(cohort)["goals"]
    assert counts["shown"]
    assert {s["label"]: s["count"] for s in counts["statuses"]} == {
        "Not started": 1,
        "Under way": 1,
        "Done": 1,
        "Dropped": 0,
    }


def test_a_facilitator_of_another_cohort_or_a_participant_sees_nothing(client, enrollment):
    url = reverse("followup:cohort_follow_up", args=[enrollment.cohort_id])
    client.force_login(enrollment.user)
    assert client.get(url).status_code == 404
    client.force_login(EnrollmentFactory(role="facilitator").user)
    assert client.get(url).status_code == 404
    client.force_login(EnrollmentFactory(cohort=enrollment.cohort, role="facilitator").user)
    page = client.get(url)
    assert page.status_code == 200
    assert b"fewer than 3" in page.content
    assert b"goal-counts-hidden" in page.content
