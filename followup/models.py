"""What follows the course: each SMART goal's status, target date and dated notes."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from sessions_app.models import Enrollment
from worksheets.models import MentorLink, SmartGoal

MAX_NOTE_LENGTH = 1000


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_STATUSES = (Status.NOT_STARTED, Status.UNDER_WAY)


def _note_text(**options):
    return models.TextField(validators=[MaxLengthValidator(MAX_NOTE_LENGTH)], **options)


class GoalTracking(models.Model):
    """A SMART goal followed after the course: kept beside the goal, so the course's worksheet
    and its save path stay as they are. Created on the first save; a goal without one is not
    started and has no target date. Versioned like every other record."""

    goal = models.OneToOneField(SmartGoal, on_delete=models.CASCADE, related_name="tracking")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    target_date = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="goal_status_known"
            )
        ]

    def __str__(self):
        return f"{self.goal}: {self.get_status_display()}"


class GoalNote(models.Model):
    """One dated line of a goal's history: what happened, and the status it left the goal in.
    Notes are added, never edited: the history is what was said at the time."""

    goal = models.ForeignKey(SmartGoal, on_delete=models.CASCADE, related_name="progress_notes")
    written_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    text = _note_text(blank=True)

    class Meta:
        ordering = ["written_on", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="goal_note_status_known"
            )
        ]

    def __str__(self):
        return f"{self.written_on}: {self.get_status_display()}"


class Meeting(models.Model):
    """A meeting of the participant with one mentor (through that mentor's private link): the
    agenda drawn up before, both sides' notes, and the mentor's word that it took place. Only
    the participant and that one link ever see it."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(MentorLink, on_delete=models.CASCADE, related_name="meetings")
    planned_for = models.DateField(null=True, blank=True)
    agenda = _note_text(blank=True, help_text="One topic a line.")
    participant_notes = _note_text(blank=True)
    mentor_notes = _note_text(blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mentor confirmed that the meeting took place."
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-planned_for", "-created_at", "-pk"]

    def __str__(self):
        return f"Meeting of {self.enrollment.user} with {self.link.mentor_name}"

    @property
    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Side(models.TextChoices):
    PARTICIPANT = "participant", "The postdoc"
    MENTOR = "mentor", "The mentor"


class ActionItem(models.Model):
    """Something one side agreed to do, from a meeting: who, by when, and whether it is done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(max_length=300)
    owner = models.CharField(max_length=12, choices=Side.choices)
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    added_by = models.CharField(max_length=12, choices=Side.choices)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["done", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner__in=Side.values), name="action_item_owner_known"
            ),
            models.CheckConstraint(
                condition=models.Q(added_by__in=Side.values), name="action_item_adder_known"
            ),
        ]

    def __str__(self):
        return self.text
