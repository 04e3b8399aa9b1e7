"""The PDF's chapter "Since the course": the goals followed after it, and the meeting log, as
plain data for templates/followup/pdf/since_the_course.html (registered in apps.py)."""

from .selectors import (
    check_ins_of,
    followed_goals,
    four_way_rounds,
    goal_timeline,
    meetings_of,
    questionnaire_then_and_now,
)

TITLE = "Since the course"
ANCHOR = "since-the-course"


def since_the_course(enrollment) -> dict | None:
    """None when nothing was followed up yet: then the PDF has no such chapter."""
    check_ins = list(check_ins_of(enrollment))
    goals = [_goal(item) for item in followed_goals(enrollment) if _followed(item)]
    meetings = [_meeting(m) for m in meetings_of(enrollment)]
    if not goals and not meetings and not check_ins:
        return None
    return {
        "title": TITLE,
        "anchor": ANCHOR,
        "goals": goals,
        "meetings": meetings,
        "check_ins": [_check_in(c) for c in check_ins],
        "four_way": four_way_rounds(enrollment, check_ins),
        "questionnaire": questionnaire_then_and_now(enrollment, id_prefix="pdf-questionnaire"),
    }


def _followed(item) -> bool:
    return bool(item.tracking.pk or item.notes)


def _check_in(check_in) -> dict:
    return {
        "taken_on": check_in.taken_on,
        "months": check_in.months,
        "what_helped": check_in.what_helped,
        "in_the_way": check_in.in_the_way,
        "next_step": check_in.next_step,
        "retook_four_way": check_in.retaken_four_way is not None,
        "answered_questionnaire": hasattr(check_in, "questionnaire"),
    }


def _goal(item) -> dict:
    return {
        "chart": goal_timeline(item, id_prefix=f"pdf-goal-{item.goal.pk}"),
        "title": item.title,
        "module": item.goal.section.module.title,
        "timely": item.goal.timely,
        "status": item.tracking.get_status_display(),
        "target_date": item.tracking.target_date,
        "overdue": item.overdue,
        "notes": [
            {"on": n.written_on, "status": n.get_status_display(), "text": n.text}
            for n in item.notes
        ],
    }


def _meeting(meeting) -> dict:
    return {
        "mentor": meeting.link.mentor_name,
        "planned_for": meeting.planned_for,
        "confirmed_on": meeting.confirmed_at.date() if meeting.confirmed_at else None,
        "agenda": meeting.agenda_lines,
        "participant_notes": meeting.participant_notes,
        "mentor_notes": meeting.mentor_notes,
        "action_items": [
            {
                "text": item.text,
                "owner": meeting.link.mentor_name if item.owner == "mentor" else "me",
                "due_on": item.due_on,
                "done": item.done,
            }
            for item in meeting.action_items.all()
        ],
    }
