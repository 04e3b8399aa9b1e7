"""What the facilitator sees of the follow-up: counts only, anonymous, and nothing for groups
of fewer than three people (the rule of the cohort summaries, worksheets/summaries.py)."""

from django.db.models import Count

from sessions_app.models import Enrollment
from worksheets.models import SmartGoal
from worksheets.summaries import MIN_RESPONDENTS

from .models import CheckIn, GoalTracking, Status
from .schedule import cohort_months
from .selectors import written_goals_filter


def follow_up_counts(cohort) -> dict:
    ids = list(Enrollment.objects.participants().filter(cohort=cohort).values_list("pk", flat=True))
    return {
        "min_respondents": MIN_RESPONDENTS,
        "rounds": _rounds(cohort, ids),
        "goals": _goals_by_status(ids),
    }


def _shown(count: int) -> int | None:
    return count if count >= MIN_RESPONDENTS else None


def _rounds(cohort, ids) -> list[dict]:
    """People who checked in at each planned round (and at their own times)."""
    done = dict(
        CheckIn.objects.filter(enrollment_id__in=ids)
        .order_by()  # no ordering in the GROUP BY
        .values_list("months")
        .annotate(people=Count("enrollment", distinct=True))
    )
    months = sorted(set(cohort_months(cohort.pk)) | {m for m in done if m is not None})
    rounds = [{"months": m, "people": _shown(done.get(m, 0))} for m in months]
    return [*rounds, {"months": None, "people": _shown(done.get(None, 0))}]


def _goals_by_status(ids) -> dict:
    goals = SmartGoal.objects.filter(enrollment_id__in=ids).filter(written_goals_filter())
    people = goals.values("enrollment_id").distinct().count()
    if people < MIN_RESPONDENTS:
        return {"people": people, "shown": False, "statuses": []}
    tracked = dict(
        GoalTracking.objects.filter(goal__in=goals)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    tracked[Status.NOT_STARTED] = tracked.get(Status.NOT_STARTED, 0) + (
        goals.count() - sum(tracked.values())
    )
    statuses = [{"label": label, "count": tracked.get(value, 0)} for value, label in Status.choices]
    return {"people": people, "shown": True, "statuses": statuses}
