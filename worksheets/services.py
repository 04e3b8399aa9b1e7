"""Writing a participant's work: every save is a conditional update on the record's version."""

from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from sessions_app.models import Enrollment, Module, Section

from .models import MentorshipAgreement, SmartGoal


class SessionClosed(Exception):
    """The facilitator has not opened this session for the cohort."""


@dataclass(frozen=True)
class Change:
    """One record the person changed: which row, its new values, the version they started from."""

    model: type[models.Model]
    lookup: dict
    values: dict
    base_version: int  # 0 when the page showed no saved record
    field: str = ""  # the form field that shows a conflict on this record
    key: str = ""  # the form's row key, to move the page on to the saved version


@dataclass(frozen=True)
class Conflict:
    """Someone saved this record since the page was loaded: both sides, for the person to choose."""

    change: Change
    saved: models.Model


@dataclass
class SaveConflicts(Exception):
    conflicts: list[Conflict] = field(default_factory=list)

    def __str__(self):
        return f"{len(self.conflicts)} record(s) changed elsewhere"


def ensure_module_open(*, enrollment: Enrollment, module: Module) -> None:
    if not enrollment.cohort.schedule.open().filter(session_id=module.session_id).exists():
        raise SessionClosed


def _holds(record, change: Change) -> bool:
    return all(getattr(record, name) == value for name, value in change.values.items())


def versioned_save(change: Change) -> Conflict | None:
    """Write one change if nobody saved the record since `base_version`; else report a conflict.

    A record that already holds exactly these values is no conflict: a retried autosave, or the
    same text arriving twice at once (an autosave and the Save button), is harmless."""
    current = change.model.objects.filter(**change.lookup).first()
    if current is not None and _holds(current, change):
        return None
    if current is None:
        try:
            with transaction.atomic():
                change.model.objects.create(**change.lookup, **change.values)
            return None
        except IntegrityError:  # created meanwhile by another tab or request
            current = change.model.objects.get(**change.lookup)
            return None if _holds(current, change) else Conflict(change, current)
    updated = change.model.objects.filter(pk=current.pk, version=change.base_version).update(
        **change.values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated:
        return None
    current.refresh_from_db()
    return None if _holds(current, change) else Conflict(change, current)


def changes_save(*, enrollment: Enrollment, module: Module, changes: list[Change]) -> None:
    """Save changes to one module all together or not at all.

    Raises SessionClosed when the module's session is not open, and SaveConflicts (having saved
    nothing) when any record was changed elsewhere since the page was loaded.
    """
    ensure_module_open(enrollment=enrollment, module=module)
    with transaction.atomic():
        conflicts = [c for c in map(versioned_save, changes) if c]
        if conflicts:
            transaction.set_rollback(True)
    if conflicts:
        raise SaveConflicts(conflicts)


def smart_goals_for(*, enrollment: Enrollment, section: Section) -> list[SmartGoal]:
    """The person's SMART goals for a module; there is always at least one to write in."""
    goals = list(SmartGoal.objects.filter(enrollment=enrollment, section=section))
    return goals or [SmartGoal.objects.create(enrollment=enrollment, section=section)]


def smart_goal_add(*, enrollment: Enrollment, section: Section) -> SmartGoal:
    ensure_module_open(enrollment=enrollment, module=section.module)
    return SmartGoal.objects.create(enrollment=enrollment, section=section)


@transaction.atomic
def smart_goal_remove(*, enrollment: Enrollment, goal: SmartGoal) -> None:
    ensure_module_open(enrollment=enrollment, module=goal.section.module)
    SmartGoal.objects.filter(pk=goal.pk, enrollment=enrollment).delete()


def agreement_unlock(*, enrollment: Enrollment, section: Section) -> None:
    """Reopen a signed agreement for editing; both signatures are cleared, as the page says."""
    ensure_module_open(enrollment=enrollment, module=section.module)
    MentorshipAgreement.objects.filter(enrollment=enrollment, section=section).update(
        mentor_signature="",
        mentor_signed_on=None,
        mentee_signature="",
        mentee_signed_on=None,
        signatures_cleared_at=timezone.now(),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
