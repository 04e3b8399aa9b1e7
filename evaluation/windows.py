"""When each wave of the survey is asked (docs/survey-format.md).

The pre-survey is offered until the post-survey opens; the post-survey opens once the cohort's
last session has started (its scheduled start has passed or, with no date, it was opened); the
follow-up opens six months after that."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from sessions_app.models import CohortSession, Session

from .models import Wave

FOLLOW_UP_AFTER = datetime.timedelta(days=182)


@dataclass(frozen=True)
class WaveState:
    wave: str
    is_open: bool
    opens_at: datetime.datetime | None = None  # when known and still to come

    @property
    def label(self) -> str:
        return Wave(self.wave).label


def last_session() -> Session | None:
    return Session.objects.active().filter(kind=Session.Kind.SESSION).order_by("number").last()


def _last_entry(cohort) -> CohortSession | None:
    """The cohort's schedule entry of the course's last session, in one query (None without)."""
    last = Session.objects.active().filter(kind=Session.Kind.SESSION).order_by("-number")
    return CohortSession.objects.filter(
        cohort=cohort, session=models.Subquery(last.values("pk")[:1])
    ).first()


def course_ended_at(cohort, entry=None) -> datetime.datetime | None:
    """When the cohort's last session started (or was opened), or None when it has not yet."""
    entry = entry or _last_entry(cohort)
    moment = entry and (entry.starts_at or entry.opened_at)
    return moment if moment and moment <= timezone.now() else None


def wave_states(cohort, *, has_follow_up: bool = True) -> dict[str, WaveState]:
    entry = _last_entry(cohort)
    ended = course_ended_at(cohort, entry)
    now = timezone.now()
    scheduled = entry.starts_at if entry else None
    states = {
        Wave.PRE: WaveState(Wave.PRE, is_open=ended is None),
        Wave.POST: WaveState(Wave.POST, is_open=ended is not None, opens_at=scheduled),
    }
    if has_follow_up:
        follow_up_at = ended + FOLLOW_UP_AFTER if ended else None
        states[Wave.FOLLOW_UP] = WaveState(
            Wave.FOLLOW_UP,
            is_open=bool(follow_up_at and follow_up_at <= now),
            opens_at=follow_up_at,
        )
    return states
