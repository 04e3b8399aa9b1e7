"""The demo shows the whole flow after the course: goals followed, a one-month check-in with
the four-way view taken again, and a meeting logged with the demo mentor."""

import pytest
from django.core.management import call_command

from followup.models import ActionItem, CheckIn, FourWayRound, GoalTracking, Meeting
from followup.pdf import since_the_course
from followup.selectors import change_over_time, meetings_with

pytestmark = pytest.mark.django_db


def test_the_demo_postdoc_has_a_one_month_check_in_with_a_re_take(demo):
    [check_in] = CheckIn.objects.filter(enrollment=demo)
    assert check_in.months == 1
    assert check_in.what_helped
    assert FourWayRound.objects.get(check_in=check_in).focus_work == 50
    assert GoalTracking.objects.filter(goal__enrollment=demo).count() == 3
    change = change_over_time(demo)
    assert [r["label"].split(",")[0] for r in change["four_way"]["rounds"]] == [
        "In the course",
        "1 month",
    ]


def test_the_demo_meeting_has_an_agenda_notes_and_action_items_the_mentor_sees(demo):
    [meeting] = Meeting.objects.filter(enrollment=demo)
    assert len(meeting.agenda_lines) == 3
    assert meeting.participant_notes
    assert meeting.mentor_notes
    assert meeting.confirmed_at is not None
    assert ActionItem.objects.filter(meeting=meeting).count() == 3
    assert list(meetings_with(meeting.link)) == [meeting]
    chapter = since_the_course(demo)
    assert chapter["meetings"][0]["agenda"] == meeting.agenda_lines
    assert len(chapter["check_ins"]) == 1


def test_seeding_the_demo_again_adds_nothing_twice(demo):
    call_command("seed_demo")
    assert CheckIn.objects.filter(enrollment=demo).count() == 1
    assert Meeting.objects.filter(enrollment=demo).count() == 1
    assert ActionItem.objects.filter(meeting__enrollment=demo).count() == 3
