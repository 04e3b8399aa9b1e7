"""What follows the course: each SMART goal's status, target date and dated notes."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from sessions_app.models import Cohort, Enrollment
from worksheets.models import FOUR_WAY_DOMAINS, MentorLink, SmartGoal

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
    check_in = models.ForeignKey(
        "CheckIn", on_delete=models.CASCADE, null=True, blank=True, related_name="goal_notes"
    )

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


# --- check-ins ----------------------------------------------------------------------------------

DEFAULT_CHECK_IN_MONTHS = [1, 3, 6]
MAX_CHECK_IN_MONTH = 36


def default_months():
    return list(DEFAULT_CHECK_IN_MONTHS)


class CohortCheckIns(models.Model):
    """When the cohort's participants are asked to check in by default: months after the
    cohort's last session. The facilitator sets it."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="+")
    months = models.JSONField(default=default_months)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Check-ins of {self.cohort}: {self.months}"


class CheckInPlan(models.Model):
    """The participant's own choice: when to check in (empty: the cohort's default), and
    whether to get the reminders at all."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="+")
    months = models.JSONField(default=list, blank=True)
    reminders = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Check-in plan of {self.enrollment.user}"


class CheckIn(models.Model):
    """One dated round after the course. Made whole in one submit and never edited afterwards:
    a later check-in is a new round, so every earlier one stays as it was."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The planned round it answers (months after the course)."
    )
    taken_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    what_helped = _note_text(blank=True)
    in_the_way = _note_text(blank=True)
    next_step = _note_text(blank=True)

    class Meta:
        ordering = ["taken_on", "created_at", "pk"]

    def __str__(self):
        return f"Check-in of {self.enrollment.user} on {self.taken_on}"

    @property
    def retaken_four_way(self):
        """The four-way view taken again at this check-in, or None."""
        try:
            return self.four_way
        except ObjectDoesNotExist:
            return None


# What a re-take of the four-way view may hold: (lowest, highest) per measure.
FOUR_WAY_SCALES = {
    "importance": (0, 100),
    "focus": (0, 100),
    "satisfaction": (1, 10),
    "performance": (1, 10),
}


def _percent():
    return models.PositiveSmallIntegerField(null=True, blank=True)


def _range(name, low, high):
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__isnull": True})
        | models.Q(**{f"{name}__gte": low, f"{name}__lte": high}),
        name=f"four_way_round_{name}_in_range",
    )


class FourWayRound(models.Model):
    """A re-take of the four-way view at a check-in: a new dated round beside the course's
    answer (worksheets.FourWayView), which stays as it was."""

    check_in = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="four_way")
    importance_work = _percent()
    importance_home = _percent()
    importance_community = _percent()
    importance_self = _percent()
    focus_work = _percent()
    focus_home = _percent()
    focus_community = _percent()
    focus_self = _percent()
    satisfaction_work = _percent()
    satisfaction_home = _percent()
    satisfaction_community = _percent()
    satisfaction_self = _percent()
    performance_work = _percent()
    performance_home = _percent()
    performance_community = _percent()
    performance_self = _percent()

    class Meta:
        constraints = [
            _range(f"{measure}_{domain}", low, high)
            for measure, (low, high) in FOUR_WAY_SCALES.items()
            for domain in FOUR_WAY_DOMAINS
        ]

    def __str__(self):
        return f"Four-way view of {self.check_in}"

    def values(self) -> dict:
        return {
            f"{m}_{d}": getattr(self, f"{m}_{d}") for m in FOUR_WAY_SCALES for d in FOUR_WAY_DOMAINS
        }


class CheckInReminder(models.Model):
    """A reminder mailed for one planned round: the row is the claim, so each goes once."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    months = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "months"], name="one_check_in_reminder_per_round"
            )
        ]

    def __str__(self):
        return f"Reminder of {self.enrollment.user} at {self.months} months"


class QuestionnaireRound(models.Model):
    """The expectations questionnaire answered again after the course: by the participant at a
    check-in, or by one mentor through their link. A new dated round each time; the course's
    ratings (worksheets.QuestionnaireRating, MentorRating) and earlier rounds stay as they were."""

    check_in = models.OneToOneField(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="questionnaire"
    )
    link = models.ForeignKey(
        MentorLink, on_delete=models.CASCADE, null=True, blank=True, related_name="rounds"
    )
    taken_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_in__isnull=True, link__isnull=False)
                | models.Q(check_in__isnull=False, link__isnull=True),
                name="questionnaire_round_has_one_side",
            )
        ]

    def __str__(self):
        who = self.link.mentor_name if self.link_id else "the participant"
        return f"Questionnaire of {who} on {self.taken_on}"

    def ratings_by_item(self) -> dict[str, int]:
        return {r.item: r.value for r in self.ratings.all()}


class QuestionnaireRoundRating(models.Model):
    round = models.ForeignKey(QuestionnaireRound, on_delete=models.CASCADE, related_name="ratings")
    item = models.SlugField(max_length=120)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="one_round_rating_per_item"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=6), name="round_rating_between_1_and_6"
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.value}"
