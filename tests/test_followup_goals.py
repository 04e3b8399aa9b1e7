"""Goals over time: each SMART goal's status, target date and dated history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import GoalNote, GoalTracking, Status
from followup.selectors import followed_goals
from followup.services import GoalUpdate, NoteNeeded, goal_update

from .factories import EnrollmentFactory, SmartGoalFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def written_goal(enrollment, **fields):
    return SmartGoalFactory(
        enrollment=enrollment, specific=fields.pop("specific", "A goal"), **fields
    )


def goal_url(goal):
    return reverse("followup:goal", args=[goal.enrollment.cohort_id, goal.pk])


def post(client, goal, **data):
    values = {"status": "not_started", "target_date": "", "note": "", "version": "0"} | data
    return client.post(goal_url(goal), values)


def test_a_new_status_is_stored_and_dated_in_the_history(enrollment):
    goal = written_goal(enrollment)
    update = GoalUpdate(Status.UNDER_WAY, TODAY, "Booked the first meeting")
    assert goal_update(goal=goal, update=update, base_version=0) is None
    tracking = GoalTracking.objects.get(goal=goal)
    assert (tracking.status, tracking.target_date, tracking.version) == ("under_way", TODAY, 1)
    [note] = GoalNote.objects.filter(goal=goal)
    assert (note.written_on, note.status, note.text) == (
        TODAY,
        "under_way",
        "Booked the first meeting",
    )


def test_a_change_of_status_without_a_note_still_enters_the_history(enrollment):
    goal = written_goal(enrollment)
    goal_update(goal=goal, update=GoalUpdate(Status.UNDER_WAY, None), base_version=0)
    goal_update(goal=goal, update=GoalUpdate(Status.DONE, None), base_version=1)
    assert list(GoalNote.objects.filter(goal=goal).values_list("status", "text")) == [
        ("under_way", ""),
        ("done", ""),
    ]


def test_a_save_that_changes_nothing_adds_no_history(enrollment):
    goal = written_goal(enrollment)
    goal_update(goal=goal, update=GoalUpdate(Status.NOT_STARTED, TODAY), base_version=0)
    assert not GoalNote.objects.filter(goal=goal).exists()


def test_dropping_a_goal_needs_a_line_saying_why(enrollment):
    goal = written_goal(enrollment)
    with pytest.raises(NoteNeeded):
        goal_update(goal=goal, update=GoalUpdate(Status.DROPPED, None), base_version=0)
    assert not GoalTracking.objects.filter(goal=goal).exists()
    goal_update(goal=goal, update=GoalUpdate(Status.DROPPED, None, "Lab moved"), base_version=0)
    assert GoalTracking.objects.get(goal=goal).status == "dropped"


def test_a_stale_version_is_a_conflict_that_stores_nothing(enrollment):
    goal = written_goal(enrollment)
    goal_update(goal=goal, update=GoalUpdate(Status.UNDER_WAY, None), base_version=0)
    conflict = goal_update(goal=goal, update=GoalUpdate(Status.DONE, None, "Done!"), base_version=0)
    assert conflict is not None
    assert GoalTracking.objects.get(goal=goal).status == "under_way"
    assert GoalNote.objects.filter(goal=goal).count() == 1


def test_the_page_answers_a_stale_tab_with_409_and_keeps_what_was_typed(
    participant_client, enrollment
):
    goal = written_goal(enrollment)
    goal_update(goal=goal, update=GoalUpdate(Status.UNDER_WAY, None), base_version=0)
    response = post(participant_client, goal, status="done", note="Sent the plan")
    assert response.status_code == 409
    assert b"saved in another tab" in response.content
    assert b"Sent the plan" in response.content
    assert response.context["form"]["version"].value() == "1"
    assert GoalTracking.objects.get(goal=goal).status == "under_way"


def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_text(
    participant_client, enrollment
):
    goal = written_goal(enrollment)
    response = post(participant_client, goal, target_date="next spring", note="Still typed")
    assert response.status_code == 200
    assert "Enter a date such as" in response.context["form"].errors["target_date"][0]
    assert b"next spring" in response.content
    assert b"Still typed" in response.content
    assert not GoalTracking.objects.filter(goal=goal).exists()


def test_an_unknown_status_or_too_long_note_is_refused_with_a_message(
    participant_client, enrollment
):
    goal = written_goal(enrollment)
    response = post(participant_client, goal, status="finished", note="x" * 1001)
    errors = response.context["form"].errors
    assert "status" in errors
    assert "note" in errors
    response = post(participant_client, goal, status="dropped")
    assert "why you drop" in response.context["form"].errors["note"][0]


def test_a_saved_goal_page_redirects_and_shows_the_history(participant_client, enrollment):
    goal = written_goal(enrollment)
    response = post(
        participant_client, goal, status="under_way", target_date="2027-01-31", note="Begun"
    )
    assert response.status_code == 302
    page = participant_client.get(goal_url(goal))
    assert b"Begun" in page.content
    assert b"Under way" in page.content


def test_my_goals_lists_every_module_by_target_date_and_marks_overdue(
    participant_client, enrollment
):
    later = written_goal(enrollment, specific="Later goal")
    late = written_goal(enrollment, specific="Late goal")
    written_goal(enrollment, specific="Undated goal")
    SmartGoalFactory(enrollment=enrollment)  # empty: not a goal yet
    done_late = written_goal(enrollment, specific="Done late goal")
    past = TODAY - datetime.timedelta(days=3)
    goal_update(
        goal=later,
        update=GoalUpdate("not_started", TODAY + datetime.timedelta(days=9)),
        base_version=0,
    )
    goal_update(goal=late, update=GoalUpdate("under_way", past), base_version=0)
    goal_update(
        goal=done_late, update=GoalUpdate("done", past - datetime.timedelta(days=1)), base_version=0
    )
    titles = [(item.title, item.overdue) for item in followed_goals(enrollment)]
    assert titles == [
        ("Done late goal", False),
        ("Late goal", True),
        ("Later goal", False),
        ("Undated goal", False),
    ]
    page = participant_client.get(reverse("followup:goals", args=[enrollment.cohort_id]))
    assert page.content.count(b"data-overdue") == 1


def test_my_goals_takes_the_same_queries_for_many_goals(
    participant_client, enrollment, django_assert_max_num_queries
):
    for n in range(8):
        goal = written_goal(enrollment, specific=f"Goal {n}")
        goal_update(goal=goal, update=GoalUpdate("under_way", TODAY), base_version=0)
    with django_assert_max_num_queries(8):
        participant_client.get(reverse("followup:goals", args=[enrollment.cohort_id]))


def test_a_classmate_cannot_open_someone_elses_goal(client, enrollment):
    goal = written_goal(enrollment)
    classmate = EnrollmentFactory(cohort=enrollment.cohort)
    client.force_login(classmate.user)
    assert client.get(goal_url(goal)).status_code == 404
    assert post(client, goal, status="done").status_code == 404
