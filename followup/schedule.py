"""When a participant checks in: months after their cohort's last session, as they chose or
else as the cohort's facilitator set (by default 1, 3 and 6)."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from sessions_app.models import CohortSession

from .models import DEFAULT_CHECK_IN_MONTHS, CheckIn, CheckInPlan, CohortCheckIns


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_session_day(cohort_id: int) -> date | None:
    last = CohortSession.objects.filter(cohort_id=cohort_id).aggregate(Max("starts_at"))
    moment = last["starts_at__max"]
    return timezone.localdate(moment) if moment else None


def cohort_months(cohort_id: int) -> list[int]:
    row = CohortCheckIns.objects.filter(cohort_id=cohort_id).values_list("months", flat=True)
    return row.first() or list(DEFAULT_CHECK_IN_MONTHS)


def plan_of(enrollment) -> CheckInPlan:
    """The participant's plan, or an unsaved one that follows the cohort (reading never writes)."""
    return CheckInPlan.objects.filter(enrollment=enrollment).first() or CheckInPlan(
        enrollment=enrollment, version=0
    )


def chosen_months(plan: CheckInPlan, cohort_default: list[int]) -> list[int]:
    return sorted(plan.months) if plan.months else sorted(cohort_default)


@dataclass(frozen=True)
class Round:
    months: int
    due_on: date | None  # None while the cohort has no session dates
    done: CheckIn | None

    @property
    def is_due(self) -> bool:
        return self.done is None and self.due_on is not None and self.due_on <= timezone.localdate()


def rounds_of(enrollment, plan: CheckInPlan | None = None) -> list[Round]:
    plan = plan or plan_of(enrollment)
    last = last_session_day(enrollment.cohort_id)
    done = {
        c.months: c for c in CheckIn.objects.filter(enrollment=enrollment, months__isnull=False)
    }
    return [
        Round(m, add_months(last, m) if last else None, done.get(m))
        for m in chosen_months(plan, cohort_months(enrollment.cohort_id))
    ]
