"""Writing the evaluation: survey answers (versioned saves), attendance, the completion rule,
certificates (and the queueing of their PDFs)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from sessions_app.models import Enrollment, Session
from worksheets.services import Conflict, versioned_save
from worksheets.tasks import request_render

from .certificates import CERTIFICATE, course_dates, course_title, facilitator_names
from .completion import standing_of
from .forms import SurveyForm
from .models import Attendance, Certificate, Instrument, Item, SurveyAnswer, SurveyResponse
from .windows import wave_states


class SurveyClosed(Exception):
    """This wave of the survey is not open for the cohort."""


class NotEligible(Exception):
    """The participant does not meet the cohort's completion rule."""


class CertificateWithdrawn(NotEligible):
    """A facilitator revoked this participant's certificate: only a facilitator issues again."""


@dataclass
class SurveySave:
    conflicts: list[Conflict] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # the fields whose values cannot be stored
    missing: list[Item] = field(default_factory=list)  # required items still unanswered
    submitted: bool = False

    @property
    def complete(self) -> bool:
        return not self.conflicts and not self.invalid


def ensure_wave_open(*, enrollment: Enrollment, wave: str) -> None:
    state = wave_states(enrollment.cohort).get(wave)
    if state is None or not state.is_open:
        raise SurveyClosed


def survey_save(
    *,
    enrollment: Enrollment,
    instrument: Instrument,
    wave: str,
    form: SurveyForm,
    submit: bool,
    mentor_link=None,
) -> SurveySave:
    """Store every answer that can be stored, each on its own against the version the page
    showed: a value that cannot be stored is refused alone (its message beside the field, what
    was typed kept), an answer saved elsewhere since the page loaded is a conflict showing both.
    With `submit`, the response is marked submitted once every required item is answered.
    With `mentor_link`, these are that mentor's answers to the mentor version, kept apart."""
    ensure_wave_open(enrollment=enrollment, wave=wave)
    outcome = SurveySave()
    form.is_valid()  # every field, to show every error
    outcome.invalid = [name for name in form.errors if name.startswith("item-")]
    response, _ = SurveyResponse.objects.get_or_create(
        enrollment=enrollment, instrument=instrument, wave=wave, mentor_link=mentor_link
    )
    changes = form.changes(response)
    for change in changes:
        conflict = versioned_save(change)
        if conflict:
            outcome.conflicts.append(conflict)
    _move_form_on(form, response, changes, {c.change.field for c in outcome.conflicts})
    outcome.missing = _unanswered(response, form.items)
    if submit and outcome.complete and not outcome.missing:
        outcome.submitted = _submit(response)
    return outcome


def _move_form_on(form, response, changes, conflicting) -> None:
    stored = {a.item_id: a for a in SurveyAnswer.objects.filter(response=response)}
    for change in changes:
        item = change.lookup["item"]
        if item.pk in stored:
            form.move_on(item, stored[item.pk], conflict=item.slug in conflicting)


def _unanswered(response, items) -> list[Item]:
    answered = {a.item_id for a in SurveyAnswer.objects.filter(response=response) if not a.is_blank}
    return [item for item in items if item.required and item.pk not in answered]


def _submit(response) -> bool:
    SurveyResponse.objects.filter(pk=response.pk, submitted_at=None).update(
        submitted_at=timezone.now()
    )
    return True


@transaction.atomic
def attendance_mark(*, cohort, marks: dict[tuple[int, int], bool], marked_by) -> int:
    """Store the marks that changed: {(enrollment id, session id): attended}. Only the
    cohort's own active participants and the course's sessions are marked; returns how many."""
    enrollments = set(
        Enrollment.objects.participants().filter(cohort=cohort).values_list("pk", flat=True)
    )
    sessions = set(Session.objects.active().values_list("pk", flat=True))
    stored = 0
    for (enrollment_id, session_id), attended in marks.items():
        if enrollment_id not in enrollments or session_id not in sessions:
            continue
        Attendance.objects.update_or_create(
            enrollment_id=enrollment_id,
            session_id=session_id,
            defaults={"attended": attended, "marked_by": marked_by},
        )
        stored += 1
    return stored


@transaction.atomic
def certificate_issue(
    *, enrollment: Enrollment, issued_by, by_facilitator: bool = False
) -> Certificate:
    """The participant's valid certificate, issued now if they have none; NotEligible when they
    do not meet the cohort's completion rule. What it says is fixed from now on, and its PDF is
    queued for a task worker at once, in the same transaction, so the download finds it ready.
    After a revocation only a facilitator issues a new one (CertificateWithdrawn otherwise)."""
    existing = Certificate.objects.valid().filter(enrollment=enrollment).first()
    if existing:
        return existing
    if not by_facilitator and Certificate.objects.filter(enrollment=enrollment).exists():
        raise CertificateWithdrawn
    if not standing_of(enrollment).eligible:
        raise NotEligible
    cohort = enrollment.cohort
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                enrollment=enrollment,
                name=enrollment.user.display_name.strip(),
                course=course_title(),
                cohort_name=cohort.name,
                dates=course_dates(cohort),
                facilitators=facilitator_names(cohort),
                issued_by=issued_by,
            )
    except IntegrityError:  # issued meanwhile by another request, which queued its PDF
        return Certificate.objects.valid().get(enrollment=enrollment)
    request_render(CERTIFICATE, certificate, CERTIFICATE.current_fingerprint(certificate))
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate) -> None:
    """The code stops confirming the certificate, and its stored PDF is deleted; a new one may
    be issued later."""
    Certificate.objects.filter(pk=certificate.pk, revoked_at=None).update(revoked_at=timezone.now())
    CERTIFICATE.forget(certificate)
