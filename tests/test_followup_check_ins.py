"""Check-ins: the participant's plan or the cohort's, reminders sent once through the outbox,
and each check-in a new dated round that never overwrites the course or an earlier round."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from followup.models import (
    CheckIn,
    CheckInPlan,
    CheckInReminder,
    FourWayRound,
    GoalNote,
    GoalTracking,
)
from followup.reminders import check_in_reminders_send
from followup.schedule import add_months, rounds_of
from followup.services import GoalUpdate, goal_update
from outbox.models import OutgoingMail
from sessions_app.models import CohortSession, Session

from .factories import EnrollmentFactory, FourWayViewFactory, SmartGoalFactory, UserFactory

pytestmark = pytest.mark.django_db


def end_course(cohort, days_ago):
    """The cohort's last session took place `days_ago` days ago."""
    last = Session.objects.order_by("number").last()
    CohortSession.objects.update_or_create(
        cohort=cohort,
        session=last,
        defaults={"starts_at": timezone.now() - datetime.timedelta(days=days_ago), "is_open": True},
    )


def test_months_are_added_on_the_calendar():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def test_the_default_is_1_3_and_6_months_after_the_last_session(enrollment):
    end_course(enrollment.cohort, 0)
    rounds = rounds_of(enrollment)
    today = timezone.localdate()
    assert [(r.months, r.due_on) for r in rounds] == [(m, add_months(today, m)) for m in (1, 3, 6)]


def test_the_facilitator_sets_the_cohorts_default(client, enrollment):
    facilitator = EnrollmentFactory(cohort=enrollment.cohort, role="facilitator")
    client.force_login(facilitator.user)
    url = reverse("followup:cohort_follow_up", args=[enrollment.cohort_id])
    assert client.post(url, {"months": "2, 4", "version": "0"}).status_code == 302
    assert [r.months for r in rounds_of(enrollment)] == [2, 4]
    response = client.post(url, {"months": "2, 5", "version": "0"})  # a stale tab
    assert response.status_code == 409
    response = client.post(url, {"months": "two", "version": "1"})
    assert "whole months" in response.context["form"].errors["months"][0]
    assert b"two" in response.content


def test_the_participants_choice_wins_over_the_cohorts(participant_client, enrollment):
    url = reverse("followup:check_ins", args=[enrollment.cohort_id])
    response = participant_client.post(url, {"months": "12, 2", "reminders": "on", "version": "0"})
    assert response.status_code == 302
    assert [r.months for r in rounds_of(enrollment)] == [2, 12]
    response = participant_client.post(url, {"months": "0, 99", "version": "1"})
    assert "months" in response.context["form"].errors
    assert b"0, 99" in response.content


def run_reminders():
    return check_in_reminders_send(site_url="https://workbook.example")


@override_settings(EMAIL_BACKEND="outbox.backend.QueuedEmailBackend")
def test_the_reminder_command_sends_each_mail_once_through_the_outbox(enrollment):
    end_course(enrollment.cohort, 31)  # the one-month round is due
    call_command("send_check_in_reminders", "--site-url", "https://workbook.example")
    call_command("send_check_in_reminders")
    assert run_reminders() == 0
    [queued] = OutgoingMail.objects.filter(to_address=enrollment.user.email)
    assert queued.reference == f"check-in:{enrollment.pk}:1"
    assert queued.state == "sent"  # the test settings' task backend delivers at once
    assert list(CheckInReminder.objects.values_list("months", flat=True)) == [1]
    [sent] = mail.outbox
    assert "1-month check-in" in sent.subject
    assert f"/cohorts/{enrollment.cohort_id}/check-ins/new/?round=1" in sent.body


def test_reminders_respect_the_participants_times_and_opt_out(enrollment):
    other = EnrollmentFactory(cohort=enrollment.cohort)
    quiet = EnrollmentFactory(cohort=enrollment.cohort)
    end_course(enrollment.cohort, 31)
    CheckInPlan.objects.create(enrollment=other, months=[2, 6])
    CheckInPlan.objects.create(enrollment=quiet, reminders=False)
    assert run_reminders() == 1
    assert [m.to for m in mail.outbox] == [[enrollment.user.email]]


def test_no_reminder_before_the_round_is_due_nor_long_after_nor_once_done(enrollment):
    done = EnrollmentFactory(cohort=enrollment.cohort)
    CheckIn.objects.create(enrollment=done, months=1)
    end_course(enrollment.cohort, 20)
    assert run_reminders() == 0
    end_course(enrollment.cohort, 75)  # the 1-month round is old, the 3-month not yet due
    assert run_reminders() == 0
    end_course(enrollment.cohort, 35)
    assert run_reminders() == 1
    assert mail.outbox[0].to == [enrollment.user.email]


def test_no_reminder_for_a_removed_participant_or_an_archived_cohort(enrollment):
    end_course(enrollment.cohort, 31)
    removed = EnrollmentFactory(cohort=enrollment.cohort, removed_at=timezone.now())
    assert run_reminders() == 1
    assert not CheckInReminder.objects.filter(enrollment=removed).exists()
    end_course(enrollment.cohort, 92)  # the three-month round
    enrollment.cohort.is_archived = True
    enrollment.cohort.save()
    assert run_reminders() == 0


def check_in_post(goal, version, **extra):
    key = f"goal-{goal.pk}"
    return {
        f"{key}-status": "under_way",
        f"{key}-note": "Asked Helen for a slot",
        f"{key}-version": str(version),
        "what_helped": "The weekly agenda",
        "in_the_way": "Beamtime",
        "next_step": "Book the review",
    } | extra


def test_a_check_in_is_a_new_round_that_updates_the_goal_and_keeps_its_history(
    participant_client, enrollment
):
    goal = SmartGoalFactory(enrollment=enrollment, specific="Plan")
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id]) + "?round=1"
    response = participant_client.post(url, check_in_post(goal, 0))
    assert response.status_code == 302
    first = CheckIn.objects.get()
    assert (first.months, first.next_step) == (1, "Book the review")
    assert GoalTracking.objects.get(goal=goal).status == "under_way"
    second_post = check_in_post(
        goal, 1, **{f"goal-{goal.pk}-status": "done", "next_step": "Celebrate"}
    )
    participant_client.post(
        reverse("followup:check_in_new", args=[enrollment.cohort_id]), second_post
    )
    first.refresh_from_db()
    assert first.next_step == "Book the review"  # the earlier round stays as it was
    assert CheckIn.objects.count() == 2
    assert list(GoalNote.objects.filter(goal=goal).values_list("status", flat=True)) == [
        "under_way",
        "done",
    ]


def test_a_re_take_of_the_four_way_view_never_touches_the_course_answer(
    participant_client, enrollment
):
    course = FourWayViewFactory(enrollment=enrollment, importance_work=40, focus_work=70)
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id])
    data = {
        "what_helped": "",
        "in_the_way": "",
        "next_step": "",
        "fw-importance_work": "45",
        "fw-focus_work": "50",
    }
    assert participant_client.post(url, data).status_code == 302
    participant_client.post(url, data | {"fw-focus_work": "45"})
    course.refresh_from_db()
    assert (course.importance_work, course.focus_work, course.version) == (40, 70, 1)
    assert list(FourWayRound.objects.order_by("pk").values_list("focus_work", flat=True)) == [
        50,
        45,
    ]


def test_a_check_in_without_four_way_numbers_stores_no_round(participant_client, enrollment):
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id])
    participant_client.post(url, {"what_helped": "Time", "in_the_way": "", "next_step": ""})
    assert CheckIn.objects.count() == 1
    assert not FourWayRound.objects.exists()


def test_a_stale_goal_makes_the_whole_check_in_a_conflict_and_keeps_the_typing(
    participant_client, enrollment
):
    goal = SmartGoalFactory(enrollment=enrollment, specific="Plan")
    goal_update(goal=goal, update=GoalUpdate("under_way", None), base_version=0)
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id])
    typed = {f"goal-{goal.pk}-status": "done", "next_step": "Typed step"}
    response = participant_client.post(url, check_in_post(goal, 0, **typed))
    assert response.status_code == 409
    assert b"Typed step" in response.content
    assert not CheckIn.objects.exists()
    assert response.context["form"][f"goal-{goal.pk}-version"].value() == "1"


def test_bad_numbers_in_the_re_take_get_a_message_and_nothing_is_lost(
    participant_client, enrollment
):
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id])
    data = {
        "what_helped": "Kept",
        "in_the_way": "",
        "next_step": "",
        "fw-importance_work": "140",
        "fw-focus_work": "lots",
    }
    response = participant_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"fw-importance_work", "fw-focus_work"}
    assert b"lots" in response.content
    assert b"Kept" in response.content
    assert not CheckIn.objects.exists()


def test_dropping_a_goal_at_a_check_in_needs_a_line(participant_client, enrollment):
    goal = SmartGoalFactory(enrollment=enrollment, specific="Plan")
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id])
    data = check_in_post(
        goal, 0, **{f"goal-{goal.pk}-status": "dropped", f"goal-{goal.pk}-note": ""}
    )
    response = participant_client.post(url, data)
    assert f"goal-{goal.pk}-note" in response.context["form"].errors


def test_an_unknown_round_is_a_check_in_at_the_persons_own_time(participant_client, enrollment):
    url = reverse("followup:check_in_new", args=[enrollment.cohort_id]) + "?round=%F0%9F%98%80"
    assert participant_client.get(url).status_code == 200
    participant_client.post(url, {"what_helped": "", "in_the_way": "", "next_step": ""})
    assert CheckIn.objects.get().months is None


def test_another_participant_cannot_read_a_check_in(client, enrollment):
    check_in = CheckIn.objects.create(enrollment=enrollment, what_helped="Private")
    client.force_login(EnrollmentFactory(cohort=enrollment.cohort).user)
    url = reverse("followup:check_in", args=[enrollment.cohort_id, check_in.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_check_ins_and_the_plan_are_in_the_own_data_download(enrollment):
    from worksheets.personal_data import personal_data

    goal = SmartGoalFactory(enrollment=enrollment, specific="Plan")
    check_in = CheckIn.objects.create(enrollment=enrollment, months=1, what_helped="Agenda mails")
    FourWayRound.objects.create(check_in=check_in, importance_work=50)
    goal_update(goal=goal, update=GoalUpdate("under_way", None), base_version=0, check_in=check_in)
    [cohort] = personal_data(enrollment.user)["cohorts"]
    [saved] = cohort["after_the_course"]["check_ins"]
    assert saved["what_helped"] == "Agenda mails"
    assert saved["four_way_view_again"]["importance_work"] == 50
    assert saved["goals"] == [{"goal": "Plan", "status": "under_way", "note": ""}]
    assert cohort["after_the_course"]["check_in_plan"]["reminders"] is True
