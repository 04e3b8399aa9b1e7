"""What followup keeps of one enrollment, for the participant's own download (registered with
worksheets.personal_data in apps.py)."""

from .selectors import followed_goals, meetings_of


def _day(value):
    return value.isoformat() if value else None


def followup_data(enrollment) -> dict:
    return {
        "goals_followed": [_goal(item) for item in followed_goals(enrollment)],
        "meetings": [_meeting(meeting) for meeting in meetings_of(enrollment)],
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
