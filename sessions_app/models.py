import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ActiveQuerySet(models.QuerySet):
    """Curriculum records that vanished from the curriculum file are retired, never deleted."""

    def active(self):
        return self.filter(is_active=True)


class Session(models.Model):
    class Kind(models.TextChoices):
        SESSION = "session", "Session"
        HOMEWORK = "homework", "Homework"

    slug = models.SlugField(unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SESSION)
    title = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title


class ModuleQuerySet(ActiveQuerySet):
    def in_course_order(self):
        return self.active().select_related("session").order_by("session__number", "position")


class Module(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    objectives = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["session__number", "position"]

    def __str__(self):
        return self.title


class Section(models.Model):
    """One ordered block of a module: a reading, an activity, a case study or a worksheet."""

    class Kind(models.TextChoices):
        READING = "reading", "Reading"
        ACTIVITY = "activity", "Activity"
        CASE_STUDY = "case_study", "Case study"
        WORKSHEET = "worksheet", "Worksheet"

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    worksheet_type = models.CharField(
        max_length=32, blank=True, help_text="For worksheets: grid, strategies, smart_goals, …"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="A short summary, used in the PDF.")
    body = models.TextField(blank=True)
    spec = models.JSONField(
        default=dict, blank=True, help_text="Everything else the curriculum file defines."
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["module", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="section_slug_unique_in_module")
        ]

    def __str__(self):
        return f"{self.module}: {self.title}"


class CaseStudyManager(models.Manager.from_queryset(ActiveQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Section.Kind.CASE_STUDY)


class CaseStudy(Section):
    objects = CaseStudyManager()

    class Meta:
        proxy = True
        verbose_name_plural = "case studies"

    def save(self, *args, **kwargs):
        self.kind = Section.Kind.CASE_STUDY
        super().save(*args, **kwargs)


class Prompt(models.Model):
    """Any free-text question, or one cell of a grid worksheet (then with row and column)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="prompts")
    slug = models.SlugField(max_length=120)
    text = models.TextField()
    row_label = models.CharField(max_length=300, blank=True)
    column_label = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "slug"], name="prompt_slug_unique_in_section"
            )
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def in_grid(self):
        return bool(self.row_label and self.column_label)


def new_curriculum_token():
    return secrets.token_hex(16)


class CurriculumStamp(models.Model):
    """One row whose token changes whenever the curriculum does (sessions, modules, sections,
    prompts), so that every process can tell whether its copy of the course is still current.
    A random token rather than a counter: a change rolled back and made again gets a new one."""

    token = models.CharField(max_length=32, default=new_curriculum_token)

    def __str__(self):
        return self.token

    @classmethod
    def bump(cls) -> None:
        cls.objects.update_or_create(pk=1, defaults={"token": new_curriculum_token()})

    @classmethod
    def current(cls) -> str | None:
        return cls.objects.filter(pk=1).values_list("token", flat=True).first()


def new_join_code():
    return secrets.token_urlsafe(9)


class CohortQuerySet(models.QuerySet):
    def joinable(self):
        return self.filter(is_archived=False)


class Cohort(models.Model):
    name = models.CharField(max_length=200)
    join_code = models.CharField(max_length=32, unique=True, default=new_join_code)
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

    def with_session_open(self, session_id):
        """Annotate `session_is_open`: whether the cohort has opened that session (one query
        with the enrollment instead of a second one for the cohort's schedule)."""
        is_open = CohortSession.objects.open().filter(
            cohort=models.OuterRef("cohort"), session_id=session_id
        )
        return self.annotate(session_is_open=models.Exists(is_open))


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

    objects = CohortSessionQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "session__number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "session"], name="one_schedule_per_session")
        ]

    def __str__(self):
        state = "open" if self.is_open else "closed"
        return f"{self.cohort}: {self.session} ({state})"


def new_invitation_token():
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class Invitation(models.Model):
    """An e-mailed invitation to join a cohort; the link works once and until it expires."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return f"{self.email} to {self.cohort}"

    def get_absolute_url(self):
        return reverse("accounts:invitation", args=[self.token])

    @property
    def is_usable(self):
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


# --- Live boards: the cohort's own wall for the course activities (Padlet in the seed) ---------
# Imported here so that this block stays one piece, apart from the models above.
from django.core.validators import MaxLengthValidator  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.db.models.lookups import LessThanOrEqual  # noqa: E402

POST_MAX_LENGTH = 2000


class BoardQuerySet(models.QuerySet):
    def in_course_order(self):
        return self.select_related("section__module__session").order_by(
            "section__module__session__number", "section__module__position", "section__position"
        )

    def for_cohort(self, cohort):
        return self.filter(cohort=cohort).in_course_order()

    def with_post_counts(self):
        return self.annotate(
            visible_count=models.Count("posts", filter=models.Q(posts__is_hidden=False)),
            hidden_count=models.Count("posts", filter=models.Q(posts__is_hidden=True)),
        )


class Board(models.Model):
    """One live board per cohort and activity; made the first time anyone opens it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="boards")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="boards")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = [
            "cohort",
            "section__module__session__number",
            "section__module__position",
            "section__position",
        ]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "section"], name="one_board_per_activity")
        ]

    def __str__(self):
        return f"{self.cohort}: {self.section.title}"

    @property
    def prompt(self) -> str:
        return self.section.spec.get("board_prompt", "")


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def hidden(self):
        return self.filter(is_hidden=True)

    def with_authors(self):
        return self.select_related("enrollment__user")


class Post(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="posts")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="board_posts", help_text="The author."
    )
    text = models.TextField(validators=[MaxLengthValidator(POST_MAX_LENGTH)])
    is_anonymous = models.BooleanField(
        "anonymous to the group",
        default=False,
        help_text="Other participants see 'Anonymous'; the facilitators still see the name.",
    )
    is_hidden = models.BooleanField(
        default=False, help_text="Hidden by a facilitator: kept, but shown to nobody."
    )
    is_pinned = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="post_text_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), POST_MAX_LENGTH),
                name="post_text_at_most_2000_characters",
            ),
        ]

    def __str__(self):
        return self.text[:80]
