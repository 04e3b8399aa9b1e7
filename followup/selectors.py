"""Reads of what follows the course, each scoped to one participant's enrollment."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from worksheets.models import SmartGoal

from .models import OPEN_STATUSES, GoalNote, GoalTracking, Status


@dataclass
class FollowedGoal:
    """A SMART goal as the follow-up pages show it."""

    goal: SmartGoal
    tracking: GoalTracking
    notes: list

    @property
    def overdue(self) -> bool:
        target = self.tracking.target_date
        return bool(target) and target < timezone.localdate() and self.is_open

    @property
    def is_open(self) -> bool:
        return self.tracking.status in OPEN_STATUSES

    @property
    def title(self) -> str:
        return self.goal.specific.strip() or self.goal.timely.strip() or "A goal with no text yet"


def _written():
    return ~Q(specific="") | ~Q(measurable="") | ~Q(timely="")


def tracking_of(goal: SmartGoal) -> GoalTracking:
    """The goal's tracking, or an unsaved one (reading never writes)."""
    try:
        return goal.tracking
    except GoalTracking.DoesNotExist:
        return GoalTracking(goal=goal, status=Status.NOT_STARTED, version=0)


def followed_goals(enrollment) -> list[FollowedGoal]:
    """Every written SMART goal of every module, the nearest target date first (goals with no
    date last), in a constant number of queries."""
    goals = (
        SmartGoal.objects.filter(enrollment=enrollment)
        .filter(_written())
        .select_related("section__module__session", "tracking")
        .prefetch_related(Prefetch("progress_notes", queryset=GoalNote.objects.order_by("pk")))
    )
    followed = [FollowedGoal(g, tracking_of(g), list(g.progress_notes.all())) for g in goals]
    return sorted(followed, key=_by_target_date)


def _by_target_date(item: FollowedGoal):
    target = item.tracking.target_date
    module = item.goal.section.module
    return (
        target is None,
        target or date.max,
        module.session.number,
        module.position,
        item.goal.pk,
    )


def followed_goal(enrollment, goal_id: int) -> FollowedGoal | None:
    """One of the participant's own goals, or None (someone else's, or no such goal)."""
    goal = (
        SmartGoal.objects.filter(enrollment=enrollment, pk=goal_id)
        .select_related("section__module__session", "tracking")
        .first()
    )
    if goal is None:
        return None
    return FollowedGoal(goal, tracking_of(goal), list(goal.progress_notes.all()))
