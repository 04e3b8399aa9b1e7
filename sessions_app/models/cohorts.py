"""Cohorts and the people in them: enrollments, each cohort's schedule, invitations."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mentoring.tokens import new_token, token_digest, validate_code

from .course import Session


def new_join_code():
    return secrets.token_urlsafe(9)


class CohortQuerySet(models.QuerySet):
    def joinable(self):
        return self.filter(is_archived=False)


class Cohort(models.Model):
    name = models.CharField(max_length=200)
    join_code = models.CharField(
        max_length=32, unique=True, default=new_join_code, validators=[validate_code]
    )
    is_archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Enrollment", related_name="cohorts"
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sessions_app:cohort", args=[self.pk])

    def get_join_url(self):
        return reverse("accounts:join", args=[self.join_code])

    def open_session_ids(self) -> set[int]:
        return set(self.schedule.open().values_list("session_id", flat=True))


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)

    def participants(self):
        return self.active().filter(role=Enrollment.Role.PARTICIPANT)

    def facilitators(self):
        return self.active().filter(role=Enrollment.Role.FACILITATOR)

    def for_user(self, user):
        return self.filter(user=user).select_related("cohort")

    def participant_in_session(self, *, user_id, cohort_id, session_id) -> "Enrollment | None":
        """The person's participant enrollment in the cohort (as `participants()` defines it),
        with the state of one of the cohort's sessions: `session_is_open`, and
        `session_was_opened` (opened at some time, so readable once closed). None when there is
        no such enrollment.

        Every autosave starts here, so it is written as SQL: Django takes twenty times longer to
        build this query than the database takes to answer it. tests/test_participant_access.py
        checks that it agrees with `participants()` and the schedule."""
        enrollment, schedule = Enrollment._meta.db_table, CohortSession._meta.db_table
        found = self.raw(
            f"SELECT e.*, COALESCE(cs.is_open, %s) AS session_is_open,"
            f" cs.opened_at IS NOT NULL AS session_was_opened"
            f" FROM {enrollment} e LEFT JOIN {schedule} cs"
            f" ON cs.cohort_id = e.cohort_id AND cs.session_id = %s"
            f" WHERE e.user_id = %s AND e.cohort_id = %s AND e.role = %s"
            f" AND e.removed_at IS NULL",
            [False, session_id, user_id, cohort_id, Enrollment.Role.PARTICIPANT.value],
        )
        for row in found:  # one at most: one enrollment per person and cohort
            row.session_is_open = bool(row.session_is_open)  # SQLite answers 0 or 1
            row.session_was_opened = bool(row.session_was_opened)
            return row
        return None


class Enrollment(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        FACILITATOR = "facilitator", "Facilitator"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    joined_at = models.DateTimeField(auto_now_add=True)
    shares_answers = models.BooleanField(
        "share my answers with the facilitators",
        default=False,
        help_text="When on, the cohort's facilitators may read and export what you wrote.",
    )
    mentor_news_by_mail = models.BooleanField(
        "e-mail me when a mentor answers, comments or signs",
        default=False,
        help_text="At most one e-mail per mentor and kind of news in a few hours.",
    )
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Removed from the cohort; the work is kept."
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_enrollment_per_cohort")
        ]

    def __str__(self):
        return f"{self.user} in {self.cohort} ({self.get_role_display()})"


class CohortSessionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)


class CohortSession(models.Model):
    """A cohort's schedule and open/closed state for one session. No row means closed."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="schedule")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    is_open = models.BooleanField(
        default=False, help_text="Participants can read and write in an open session."
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True, help_text="A room or a video link.")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Kept by save(): a session once opened and then closed stays readable to participants.
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CohortSessionQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "session__number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "session"], name="one_schedule_per_session")
        ]

    def __str__(self):
        state = "open" if self.is_open else "closed"
        return f"{self.cohort}: {self.session} ({state})"

    def save(self, *args, **kwargs):
        self._note_opening_and_closing()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "opened_at", "closed_at"}
        super().save(*args, **kwargs)

    def _note_opening_and_closing(self):
        if self.is_open:
            self.opened_at = self.opened_at or timezone.now()
            self.closed_at = None
        elif self.opened_at and self.closed_at is None:
            self.closed_at = timezone.now()


def new_invitation_token():
    return new_token(24)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def for_token(self, token: str):
        return self.filter(token_hash=token_digest(token))


class Invitation(models.Model):
    """An e-mailed invitation to join a cohort; the link works once and until it expires.

    Only a digest of the link's token is stored, like a mentor link's: the token itself is known
    only on the instance that issued it (`issue_token`, for the mail) or that was found by it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    token = None  # not stored: the link's token, on the instance that issued it or was found by it

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return f"{self.email} to {self.cohort}"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()  # compared whatever its case
        if not self.token_hash:
            self.issue_token()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.token is None:
            raise ValueError("Only a digest of the token is stored: the link is in the mail.")
        return reverse("accounts:invitation", args=[self.token])

    def issue_token(self) -> str:
        """A new link; an older one stops working once this is saved."""
        self.token = new_invitation_token()
        self.token_hash = token_digest(self.token)
        return self.token

    @property
    def is_usable(self):
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )
