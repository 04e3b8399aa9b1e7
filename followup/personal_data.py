"""What followup keeps of one enrollment, for the participant's own download (registered with
worksheets.personal_data in apps.py)."""

from .schedule import plan_of
from .selectors import check_ins_of, followed_goals, meetings_of, mentor_rounds_of


def _day(value):
    return value.isoformat() if value else None


def followup_data(enrollment) -> dict:
    return {
        "goals_followed": [_goal(item) for item in followed_goals(enrollment)],
        "meetings": [_meeting(meeting) for meeting in meetings_of(enrollment)],
        "check_in_plan": _plan(plan_of(enrollment)),
        "check_ins": [_check_in(c) for c in check_ins_of(enrollment)],
        "mentors_questionnaire_again": [
            {
                "mentor_name": r.link.mentor_name,
                "taken_on": _day(r.taken_on),
                "ratings": r.ratings_by_item(),
            }
            for r in mentor_rounds_of(enrollment)
        ],
    }


def _plan(plan) -> dict:
    return {"months_after_the_course": plan.months or "the cohort's", "reminders": plan.reminders}


def _check_in(check_in) -> dict:
    four_way = check_in.retaken_four_way
    return {
        "taken_on": _day(check_in.taken_on),
        "round_in_months": check_in.months,
        "what_helped": check_in.what_helped,
        "in_the_way": check_in.in_the_way,
        "next_step": check_in.next_step,
        "goals": [
            {"goal": n.goal.specific, "status": n.status, "note": n.text}
            for n in check_in.goal_notes.all()
        ],
        "four_way_view_again": four_way.values() if four_way else None,
        "questionnaire_again": (
            check_in.questionnaire.ratings_by_item() if hasattr(check_in, "questionnaire") else None
        ),
    }


def _goal(item) -> dict:
    return {
        "goal": item.goal.specific,
        "module": item.goal.section.module.title,
        "status": item.tracking.status,
        "target_date": _day(item.tracking.target_date),
        "history": [
            {"on": _day(n.written_on), "status": n.status, "note": n.text} for n in item.notes
        ],
    }


def _meeting(meeting) -> dict:
    return {
        "mentor_name": meeting.link.mentor_name,
        "planned_for": _day(meeting.planned_for),
        "agenda": meeting.agenda_lines,
        "my_notes": meeting.participant_notes,
        "mentor_notes": meeting.mentor_notes,
        "confirmed_by_the_mentor_at": _day(meeting.confirmed_at),
        "action_items": [
            {
                "text": i.text,
                "owner": i.owner,
                "due_on": _day(i.due_on),
                "done": i.done,
                "added_by": i.added_by,
            }
            for i in meeting.action_items.all()
        ],
    }
