from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sessions_app.models import Enrollment, Prompt

from .models import Answer


class SessionClosed(Exception):
    """The facilitator has not opened this session for the cohort."""


@dataclass(frozen=True)
class AnswerSubmission:
    prompt: Prompt
    text: str
    base_version: int  # the version the person's page was showing; 0 when there was no answer


@dataclass(frozen=True)
class Conflict:
    """Someone saved this answer since the page was loaded: both texts, for the person to choose."""

    prompt: Prompt
    submitted_text: str
    saved: Answer


class AnswerConflicts(Exception):
    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} answer(s) changed elsewhere")
        self.conflicts = conflicts


def ensure_session_open(*, enrollment: Enrollment, prompt: Prompt) -> None:
    session_id = prompt.section.module.session_id
    if not enrollment.cohort.schedule.open().filter(session_id=session_id).exists():
        raise SessionClosed


def _save_one(enrollment: Enrollment, submission: AnswerSubmission) -> Conflict | None:
    """Conditional write: only lands while the stored version is the one the page was based on."""
    current = Answer.objects.filter(enrollment=enrollment, prompt=submission.prompt).first()
    if current is not None and current.text == submission.text:
        return None  # nothing to change (also makes a retried autosave harmless)
    if current is None:
        try:
            with transaction.atomic():
                Answer.objects.create(
                    enrollment=enrollment, prompt=submission.prompt, text=submission.text
                )
            return None
        except IntegrityError:
            current = Answer.objects.get(enrollment=enrollment, prompt=submission.prompt)
            return Conflict(submission.prompt, submission.text, current)
    updated = Answer.objects.filter(pk=current.pk, version=submission.base_version).update(
        text=submission.text, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated:
        return None
    current.refresh_from_db()
    return Conflict(submission.prompt, submission.text, current)


def answers_save(*, enrollment: Enrollment, submissions: list[AnswerSubmission]) -> None:
    """Save several answers all together or not at all.

    Raises SessionClosed when a prompt's session is not open, and AnswerConflicts (saving
    nothing) when any answer was changed elsewhere since the page was loaded.
    """
    with transaction.atomic():
        one_prompt_per_session = {s.prompt.section.module.session_id: s.prompt for s in submissions}
        for prompt in one_prompt_per_session.values():
            ensure_session_open(enrollment=enrollment, prompt=prompt)
        conflicts = [c for c in (_save_one(enrollment, s) for s in submissions) if c]
        if conflicts:
            transaction.set_rollback(True)
    if conflicts:
        raise AnswerConflicts(conflicts)
