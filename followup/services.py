"""Writes of what follows the course. Every save of a record names the version it was based on,
through the same conditional update as the workbook (worksheets/services.py): a stale tab gets
a conflict, never a silent overwrite."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from worksheets.mentor.services import record
from worksheets.models import MentorLink, SmartGoal
from worksheets.services import Change, Conflict, versioned_save

from .models import (
    ActionItem,
    CheckIn,
    CheckInPlan,
    CohortCheckIns,
    FourWayRound,
    GoalNote,
    GoalTracking,
    Meeting,
    QuestionnaireRound,
    QuestionnaireRoundRating,
    Side,
    Status,
)


class NoteNeeded(Exception):
    """Dropping a goal needs a line saying why."""


@dataclass(frozen=True)
class GoalUpdate:
    status: str
    target_date: date | None
    note: str = ""


def goal_update(
    *, goal: SmartGoal, update: GoalUpdate, base_version: int, check_in=None
) -> Conflict | None:
    """Store the goal's status and target date at `base_version` (0: never saved), and add a
    dated note to its history when a note is written or the status changes (at a check-in,
    always: the round's view of the goal). A conflict stores nothing. Raises NoteNeeded for a
    goal dropped without a word."""
    with transaction.atomic():
        before = GoalTracking.objects.filter(goal=goal).values_list("status", flat=True).first()
        before = before or Status.NOT_STARTED
        changed_status = update.status != before
        if update.status == Status.DROPPED and changed_status and not update.note.strip():
            raise NoteNeeded
        conflict = versioned_save(_tracking_change(goal, update, base_version))
        if conflict is not None:
            return conflict
        if update.note.strip() or changed_status or check_in is not None:
            GoalNote.objects.create(
                goal=goal, status=update.status, text=update.note.strip(), check_in=check_in
            )
    return None


def _tracking_change(goal, update: GoalUpdate, base_version: int) -> Change:
    values = {"status": update.status, "target_date": update.target_date}
    return Change(GoalTracking, {"goal": goal}, values, base_version, field="status")


# --- the meeting log ----------------------------------------------------------------------------


class MeetingNotAllowed(Exception):
    """That mentor link is not the participant's, or no longer works."""


def _usable(link: MentorLink) -> None:
    """The link as stored now (a withdrawal stops every write at once)."""
    if not MentorLink.objects.usable().filter(pk=link.pk).exists():
        raise MeetingNotAllowed


def meeting_create(*, enrollment, link: MentorLink, planned_for: date | None) -> Meeting:
    if link.enrollment_id != enrollment.pk:
        raise MeetingNotAllowed
    _usable(link)
    return Meeting.objects.create(enrollment=enrollment, link=link, planned_for=planned_for)


WRITES = {  # what each side may write of a meeting
    Side.PARTICIPANT: ("planned_for", "agenda", "participant_notes"),
    Side.MENTOR: ("mentor_notes",),
}


@transaction.atomic
def meeting_save(
    *, meeting: Meeting, side: str, values: dict, base_version: int
) -> Conflict | None:
    """One side's part of the meeting, at the version the page showed."""
    if side == Side.MENTOR:
        _usable(meeting.link)
    mine = {name: values[name] for name in WRITES[side] if name in values}
    conflict = versioned_save(Change(Meeting, {"pk": meeting.pk}, mine, base_version))
    if conflict is None and side == Side.MENTOR:
        record(meeting.link, "wrote notes on a meeting")
    return conflict


@transaction.atomic
def action_item_add(
    *, meeting: Meeting, side: str, text: str, owner: str, due_on: date | None
) -> ActionItem:
    if side == Side.MENTOR:
        _usable(meeting.link)
        record(meeting.link, "added an action item to a meeting")
    return ActionItem.objects.create(
        meeting=meeting, text=text, owner=owner, due_on=due_on, added_by=side
    )


@transaction.atomic
def action_item_done(*, item: ActionItem, side: str, done: bool, base_version: int):
    """Tick an action item done (or not), at the version the page showed."""
    if side == Side.MENTOR:
        _usable(item.meeting.link)
    return versioned_save(Change(ActionItem, {"pk": item.pk}, {"done": done}, base_version))


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, link: MentorLink) -> bool:
    """The mentor's word that the meeting took place; only the meeting's own link gives it,
    once. Moves the meeting's version on, like any other write."""
    _usable(link)
    confirmed = Meeting.objects.filter(pk=meeting.pk, link=link, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), version=F("version") + 1, updated_at=timezone.now()
    )
    if confirmed:
        record(link, "confirmed that a meeting took place")
    return bool(confirmed)


# --- check-ins ----------------------------------------------------------------------------------


def check_in_submit(
    *, enrollment, months: int | None, goals: list, reflection: dict, four_way: dict | None
) -> tuple[CheckIn | None, list[Conflict]]:
    """A new dated round: the goals' statuses and notes (each at the version the page showed),
    the three answers and, when given, the re-taken four-way view. All of it or nothing: a goal
    saved elsewhere meanwhile returns its conflict and stores nothing. Earlier rounds and the
    course's answers are never touched."""
    with transaction.atomic():
        check_in = CheckIn.objects.create(enrollment=enrollment, months=months, **reflection)
        conflicts = [
            conflict
            for item, update, version in goals
            if (conflict := _goal_at_check_in(item.goal, update, version, check_in))
        ]
        if conflicts:
            transaction.set_rollback(True)
            return None, conflicts
        if four_way:
            FourWayRound.objects.create(check_in=check_in, **four_way)
    return check_in, []


def _goal_at_check_in(goal, update, version, check_in) -> Conflict | None:
    try:
        return goal_update(goal=goal, update=update, base_version=version, check_in=check_in)
    except NoteNeeded:  # the form asks for the note first; a race still stores nothing
        return Conflict(Change(GoalTracking, {"goal": goal}, {}, version), goal)


def check_in_plan_save(*, enrollment, months: list[int], reminders: bool, base_version: int):
    values = {"months": months, "reminders": reminders}
    return versioned_save(Change(CheckInPlan, {"enrollment": enrollment}, values, base_version))


def cohort_check_ins_save(*, cohort, months: list[int], base_version: int):
    change = Change(CohortCheckIns, {"cohort": cohort}, {"months": months}, base_version)
    return versioned_save(change)


@transaction.atomic
def questionnaire_round_add(
    *, ratings: dict[str, int], check_in: CheckIn | None = None, link: MentorLink | None = None
) -> QuestionnaireRound:
    """A new dated round of the expectations questionnaire, by the participant at a check-in
    (one per check-in: a second answer leaves the first as it was and returns it) or by one
    mentor through their link. Never touches the course's ratings or an earlier round."""
    if link is not None:
        _usable(link)
    elif QuestionnaireRound.objects.filter(check_in=check_in).exists():
        return QuestionnaireRound.objects.get(check_in=check_in)
    questionnaire = QuestionnaireRound.objects.create(check_in=check_in, link=link)
    QuestionnaireRoundRating.objects.bulk_create(
        QuestionnaireRoundRating(round=questionnaire, item=item, value=value)
        for item, value in ratings.items()
    )
    if link is not None:
        record(link, f"answered the questionnaire again ({len(ratings)} items)")
    return questionnaire


def mentor_rounds_delete(link: MentorLink) -> None:
    """A link withdrawn without keeping the mentor's answers takes their later rounds along.
    The meeting log stays: it is the participant's record of the meetings."""
    QuestionnaireRound.objects.filter(link=link).delete()
