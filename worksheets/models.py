from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from mentoring.tokens import token_digest  # noqa: F401  (one digest for every link token)
from sessions_app.models import Enrollment, Prompt, Section

MAX_ANSWER_LENGTH = 20_000
# Caps on rows a person adds themselves, far above what the course asks for: they keep one
# person from growing a workbook (and its PDF) without bound.
MAX_SMART_GOALS_PER_SECTION = 12
MAX_LIST_ITEMS = 40


class AnswerQuerySet(models.QuerySet):
    def for_enrollment(self, enrollment):
        return self.filter(enrollment=enrollment)

    def for_module(self, enrollment, module):
        return self.for_enrollment(enrollment).filter(prompt__section__module=module)


class Answer(models.Model):
    """A participant's text for one prompt.

    `version` grows by one with every save; a save names the version it was based on and only
    succeeds while that is still the stored one, so a stale tab cannot overwrite newer work.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="answers")
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_ANSWER_LENGTH)])
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "prompt"], name="one_answer_per_prompt"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="answer_version_positive"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment.user} — {self.prompt}"


class WorksheetRecord(models.Model):
    """What one participant wrote in one structured worksheet (a Section of kind worksheet).

    Like Answer, every record carries a version so that saves are conditional updates.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} of {self.enrollment.user} ({self.section.title})"


def _text(verbose_name=""):
    return models.TextField(
        verbose_name or "", blank=True, validators=[MaxLengthValidator(MAX_ANSWER_LENGTH)]
    )


def _one_per_person(name):
    return models.UniqueConstraint(fields=["enrollment", "section"], name=name)


class SmartGoal(WorksheetRecord):
    specific = _text()
    measurable = _text()
    achievable = _text()
    relevant = _text()
    timely = _text()
    created_at = models.DateTimeField(auto_now_add=True)

    FIELDS = ("specific", "measurable", "achievable", "relevant", "timely")

    class Meta:
        ordering = ["created_at", "pk"]


class StrategyChoice(WorksheetRecord):
    chosen = models.JSONField(default=list, blank=True, help_text="Slugs of the ticked strategies.")
    own = models.JSONField(default=list, blank=True, help_text="The participant's own strategies.")

    class Meta:
        constraints = [_one_per_person("one_strategy_choice_per_section")]


class RolesChecklist(WorksheetRecord):
    needed = models.JSONField(default=list, blank=True)
    priorities = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [_one_per_person("one_roles_checklist_per_section")]


class MentorshipAgreement(WorksheetRecord):
    mentor_name = models.CharField(max_length=200, blank=True)
    mentee_name = models.CharField(max_length=200, blank=True)
    fields = models.JSONField(default=dict, blank=True, help_text="Section slug → text.")
    mentor_signature = models.CharField(max_length=200, blank=True)
    mentor_signed_on = models.DateField(null=True, blank=True)
    mentee_signature = models.CharField(max_length=200, blank=True)
    mentee_signed_on = models.DateField(null=True, blank=True)
    mentor_link = models.ForeignKey(
        "MentorLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mentor the agreement is drafted with: only their link can sign it.",
    )
    signatures_cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="When an edit or an unlock last cleared the signatures."
    )

    class Meta:
        constraints = [
            _one_per_person("one_agreement_per_section"),
            models.CheckConstraint(
                condition=(
                    models.Q(mentor_signature="", mentor_signed_on__isnull=True)
                    | (~models.Q(mentor_signature="") & models.Q(mentor_signed_on__isnull=False))
                ),
                name="mentor_signature_has_a_date",
                violation_error_message="A signature needs both the typed name and the date.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(mentee_signature="", mentee_signed_on__isnull=True)
                    | (~models.Q(mentee_signature="") & models.Q(mentee_signed_on__isnull=False))
                ),
                name="mentee_signature_has_a_date",
                violation_error_message="A signature needs both the typed name and the date.",
            ),
        ]

    # What a signature covers: changing any of these clears both signatures. The mentor is part
    # of it: a signature given through one mentor's link never stands for another mentor.
    SIGNED_CONTENT = ("mentor_name", "mentee_name", "fields", "mentor_link_id")

    @property
    def is_signed(self) -> bool:
        return bool(self.mentor_signature and self.mentee_signature)

    @property
    def has_a_signature(self) -> bool:
        return bool(self.mentor_signature or self.mentee_signature)

    @staticmethod
    def cleared_signatures() -> dict:
        """The values that clear both signatures, noting when: the one place of the rule that a
        signature covers the text it was given for (the participant's edits, an unlock, the
        topics copied in from the questionnaire and a change of mentor all use it)."""
        return {
            "mentor_signature": "",
            "mentor_signed_on": None,
            "mentee_signature": "",
            "mentee_signed_on": None,
            "signatures_cleared_at": timezone.now(),
        }

    def with_new_content(self, values: dict) -> dict:
        """`values` for a save of this agreement, with the signatures cleared when the signed
        content changes under a signature."""
        changed = any(
            name in values and values[name] != getattr(self, name) for name in self.SIGNED_CONTENT
        )
        return values | self.cleared_signatures() if changed and self.has_a_signature else values


class QuestionnaireRating(WorksheetRecord):
    item = models.SlugField(max_length=120)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "section", "item"], name="one_rating_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=6),
                name="rating_between_1_and_6",
                violation_error_message="Choose a rating from 1 to 6.",
            ),
        ]


class MentorMapEntry(WorksheetRecord):
    category = models.SlugField(max_length=120)
    slot = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["category", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "section", "category", "slot"], name="one_entry_per_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(slot__gte=1, slot__lte=3), name="map_slot_between_1_and_3"
            ),
        ]


class StairSteps(WorksheetRecord):
    task = _text("challenging task")
    step_1 = _text("step 1")
    step_2 = _text("step 2")
    step_3 = _text("step 3")
    step_4 = _text("step 4")
    step_5 = _text("step 5")

    class Meta:
        verbose_name_plural = "stair steps"
        constraints = [_one_per_person("one_stair_steps_per_section")]


FOUR_WAY_DOMAINS = ("work", "home", "community", "self")


def _four_way_range_rule(column, low, high):
    return models.CheckConstraint(
        condition=models.Q(**{f"{column}__isnull": True})
        | models.Q(**{f"{column}__gte": low, f"{column}__lte": high}),
        name=f"four_way_{column}_in_range",
        violation_error_message=f"Use a number from {low} to {high}.",
    )


def _small_number():
    return models.PositiveSmallIntegerField(null=True, blank=True)


class FourWayView(WorksheetRecord):
    """Importance and focus in % per domain (each column should add up to 100: a note, not a
    constraint, see rules.py), ratings from 1 to 10."""

    importance_work = _small_number()
    importance_home = _small_number()
    importance_community = _small_number()
    importance_self = _small_number()
    focus_work = _small_number()
    focus_home = _small_number()
    focus_community = _small_number()
    focus_self = _small_number()
    satisfaction_work = _small_number()
    satisfaction_home = _small_number()
    satisfaction_community = _small_number()
    satisfaction_self = _small_number()
    satisfaction_overall = _small_number()
    performance_work = _small_number()
    performance_home = _small_number()
    performance_community = _small_number()
    performance_self = _small_number()
    performance_overall = _small_number()

    PERCENT_MEASURES = ("importance", "focus")
    RATING_MEASURES = ("satisfaction", "performance")
    RATING_ROWS = (*FOUR_WAY_DOMAINS, "overall")

    class Meta:
        constraints = [
            _one_per_person("one_four_way_view_per_section"),
            *[
                _four_way_range_rule(f"{measure}_{domain}", 0, 100)
                for measure in ("importance", "focus")
                for domain in FOUR_WAY_DOMAINS
            ],
            *[
                _four_way_range_rule(f"{measure}_{row}", 1, 10)
                for measure in ("satisfaction", "performance")
                for row in (*FOUR_WAY_DOMAINS, "overall")
            ],
        ]


class ListItem(WorksheetRecord):
    """One entry of a growing list worksheet (the lessons learned)."""

    position = models.PositiveSmallIntegerField()
    text = _text()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "section", "position"], name="one_item_per_position"
            )
        ]


class RenderedDocument(models.Model):
    """The last PDF made of one document (a workbook, a certificate), reused while its
    fingerprint matches: each kind of document has a table of its own, with a one-to-one field
    to what the document is of (worksheets/pdf/store.py: StoredDocument)."""

    fingerprint = models.CharField(max_length=64)
    content = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DocumentRender(models.Model):
    """The one render of a document's PDF that is wanted: however many downloads and saves ask
    for it, each document has one row and at most one task queued for it (worksheets/tasks.py).
    Each kind of document has a table of its own, with a one-to-one field to what it is of."""

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    state = models.CharField(max_length=8, choices=State.choices, default=State.DONE)
    # The fingerprint the last download asked for (empty: a render after edits, which renders
    # whatever the document shows when it runs).
    wanted = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # A render queued after edits waits until no edit came for PDF_SETTLE_SECONDS.
    settle_until = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_seconds = models.FloatField(null=True, blank=True)  # how long the last render took
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class RenderedWorkbook(RenderedDocument):
    """The last PDF made of a participant's workbook (or of the blank workbook, without an
    enrollment)."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            # The one-to-one keeps one row per participant, but NULLs never clash in a unique
            # index: without this, two downloads of the blank workbook at once store two.
            models.UniqueConstraint(
                models.ExpressionWrapper(
                    models.Q(enrollment__isnull=True), output_field=models.BooleanField()
                ),
                condition=models.Q(enrollment__isnull=True),
                name="one_rendered_blank_workbook",
            )
        ]

    def __str__(self):
        whose = self.enrollment.user if self.enrollment else "the blank workbook"
        return f"PDF of {whose} ({self.rendered_at:%Y-%m-%d %H:%M})"


class PdfRender(DocumentRender):
    """The render of a workbook's PDF (or of the blank workbook, without an enrollment)."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                models.ExpressionWrapper(
                    models.Q(enrollment__isnull=True), output_field=models.BooleanField()
                ),
                condition=models.Q(enrollment__isnull=True),
                name="one_blank_workbook_render",
            )
        ]

    def __str__(self):
        whose = self.enrollment.user if self.enrollment else "the blank workbook"
        return f"PDF render of {whose}: {self.state}"


# Every model that keeps what a participant wrote in a structured worksheet, in workbook order.
WORKSHEET_RECORD_MODELS = (
    SmartGoal,
    StrategyChoice,
    RolesChecklist,
    MentorshipAgreement,
    QuestionnaireRating,
    MentorMapEntry,
    StairSteps,
    FourWayView,
    ListItem,
)


class MentorLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class MentorLink(models.Model):
    """A private link a participant gives their mentor: it reaches only that participant's
    questionnaire (the mentor's side) and agreement. Only a digest of the token is stored."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="mentor_links"
    )
    mentor_name = models.CharField(max_length=200)
    mentor_email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    comments = models.JSONField(
        default=dict,
        blank=True,
        help_text="This mentor's own comment per section of the agreement (slug → text).",
    )
    may_comment = models.BooleanField(
        default=False,
        help_text="The participant lets this mentor comment on an agreement drafted with another.",
    )
    compared = models.BooleanField(
        default=False, help_text="The participant compares their questionnaire with this mentor's."
    )

    objects = MentorLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(compared=True),
                name="one_compared_mentor_link",
            )
        ]

    def __str__(self):
        return f"{self.mentor_name} for {self.enrollment.user}"

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"


class MentorLinkEvent(models.Model):
    """Everything done through a mentor link, with its time, shown to the participant."""

    class Kind(models.TextChoices):
        OPENED = "opened", "opened the link"
        ANSWERED = "answered", "answered the questionnaire"
        COMMENTED = "commented", "commented on the agreement"
        SIGNED = "signed", "signed the agreement"
        WITHDRAWN = "withdrawn", "link withdrawn"

    link = models.ForeignKey(MentorLink, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OPENED)
    action = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.link.mentor_name}: {self.action}"


class MentorRating(models.Model):
    """The mentor's side of the expectations questionnaire."""

    link = models.ForeignKey(MentorLink, on_delete=models.CASCADE, related_name="ratings")
    item = models.SlugField(max_length=120)
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "item"], name="one_mentor_rating_per_item"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=6),
                name="mentor_rating_between_1_and_6",
                violation_error_message="Choose a rating from 1 to 6.",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.value}"
