"""The demo participant's follow-up after the course (demo-follow-up.yaml): their goals over
time, a one-month check-in with the four-way view taken again, and one meeting logged with the
demo mentor. Idempotent: what the participant already has is left as it is."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from worksheets.models import MentorLink, SmartGoal

from ..models import (
    ActionItem,
    CheckIn,
    FourWayRound,
    GoalNote,
    GoalTracking,
    Meeting,
)

DEMO_FOLLOW_UP = Path(__file__).resolve().parent / "demo-follow-up.yaml"


def _days(n: int):
    return timezone.localdate() + timedelta(days=n)


def seed_follow_up(demo, *, path: Path = DEMO_FOLLOW_UP) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    enrollment = demo.participant
    _goals(enrollment, data["goals"])
    _check_in(enrollment, data["check_in"])
    link = MentorLink.objects.filter(enrollment=enrollment).order_by("pk").first()
    if link is not None:
        _meeting(enrollment, link, data["meeting"])


def _goals(enrollment, goals) -> None:
    for entry in goals:
        goal = SmartGoal.objects.filter(
            enrollment=enrollment, specific__startswith=entry["starts"]
        ).first()
        if goal is None or GoalTracking.objects.filter(goal=goal).exists():
            continue
        GoalTracking.objects.create(
            goal=goal, status=entry["status"], target_date=_days(entry["target_in_days"])
        )
        for note in entry["notes"]:
            GoalNote.objects.create(
                goal=goal,
                status=note["status"],
                text=note["text"],
                written_on=_days(-note["days_ago"]),
            )


def _check_in(enrollment, entry) -> None:
    if CheckIn.objects.filter(enrollment=enrollment).exists():
        return
    check_in = CheckIn.objects.create(
        enrollment=enrollment,
        months=entry["months"],
        taken_on=_days(-entry["days_ago"]),
        **{key: entry[key] for key in ("what_helped", "in_the_way", "next_step")},
    )
    values = {
        f"{measure}_{domain}": value
        for measure, by_domain in entry["four_way"].items()
        for domain, value in by_domain.items()
    }
    FourWayRound.objects.create(check_in=check_in, **values)
    for tracking in GoalTracking.objects.filter(goal__enrollment=enrollment, status="under_way"):
        GoalNote.objects.create(
            goal=tracking.goal,
            status=tracking.status,
            written_on=check_in.taken_on,
            check_in=check_in,
        )


def _meeting(enrollment, link, entry) -> None:
    if Meeting.objects.filter(enrollment=enrollment).exists():
        return
    meeting = Meeting.objects.create(
        enrollment=enrollment,
        link=link,
        planned_for=_days(-entry["days_ago"]),
        agenda="\n".join(entry["agenda"]),
        participant_notes=entry["participant_notes"],
        mentor_notes=entry["mentor_notes"],
        confirmed_at=timezone.now() - timedelta(days=entry["days_ago"] - 1),
    )
    for item in entry["action_items"]:
        ActionItem.objects.create(
            meeting=meeting,
            text=item["text"],
            owner=item["owner"],
            due_on=_days(item["due_in_days"]),
            done=item.get("done", False),
            added_by="participant",
        )
