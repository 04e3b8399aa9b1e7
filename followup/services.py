"""Writes of what follows the course. Every save of a record names the version it was based on,
through the same conditional update as the workbook (worksheets/services.py): a stale tab gets
a conflict, never a silent overwrite."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from worksheets.models import SmartGoal
from worksheets.services import Change, Conflict, versioned_save

from .models import GoalNote, GoalTracking, Status


class NoteNeeded(Exception):
    """Dropping a goal needs a line saying why."""


@dataclass(frozen=True)
class GoalUpdate:
    status: str
    target_date: date | None
    note: str = ""


def goal_update(*, goal: SmartGoal, update: GoalUpdate, base_version: int) -> Conflict | None:
    """Store the goal's status and target date at `base_version` (0: never saved), and add a
    dated note to its history when a note is written or the status changes. A conflict stores
    nothing. Raises NoteNeeded for a goal dropped without a word."""
    with transaction.atomic():
        before = GoalTracking.objects.filter(goal=goal).values_list("status", flat=True).first()
        before = before or Status.NOT_STARTED
        changed_status = update.status != before
        if update.status == Status.DROPPED and changed_status and not update.note.strip():
            raise NoteNeeded
        conflict = versioned_save(_tracking_change(goal, update, base_version))
        if conflict is not None:
            return conflict
        if update.note.strip() or changed_status:
            GoalNote.objects.create(goal=goal, status=update.status, text=update.note.strip())
    return None


def _tracking_change(goal, update: GoalUpdate, base_version: int) -> Change:
    values = {"status": update.status, "target_date": update.target_date}
    return Change(GoalTracking, {"goal": goal}, values, base_version, field="status")
