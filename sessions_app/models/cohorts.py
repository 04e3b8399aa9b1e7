"""Cohorts and the people in them: enrollments, each cohort's schedule, invitations."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
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

    def with_session_state(self, session_id):
        """Annotate the cohort's state of that session, in one query with the enrollment:
        `session_is_open`, `session_opened_at` and `session_closed_at` (None when never), and
        when and where it meets: `session_starts_at`, `session_location` (None or "" without a
        schedule row). One outer join: every autosave asks this, and a join costs Django a
        fraction of the SQL-building time of a subquery per value."""
        entry = models.FilteredRelation(
            "cohort__schedule", condition=models.Q(cohort__schedule__session_id=session_id)
        )
        return self.annotate(
            entry=entry,
            session_is_open=Coalesce("entry__is_open", False),
            session_opened_at=models.F("entry__opened_at"),
            session_closed_at=models.F("entry__closed_at"),
            session_starts_at=models.F("entry__starts_at"),
            session_location=Coalesce("entry__location", models.Value("")),
        )


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
