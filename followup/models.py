"""What follows the course: each SMART goal's status, target date and dated notes."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from worksheets.models import SmartGoal

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
