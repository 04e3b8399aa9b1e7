"""The course's evaluation: survey instruments (data, like the curriculum), the answers given to
them, attendance, each cohort's completion rule and the certificates it earns."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from sessions_app.models import Cohort, Enrollment, Session
from worksheets.models import DocumentRender, RenderedDocument

MAX_TEXT_ANSWER = 4000


class Wave(models.TextChoices):
    PRE = "pre", "Before the course"
    POST = "post", "After the course"
    FOLLOW_UP = "follow_up", "Six months later"


class ActiveQuerySet(models.QuerySet):
    """Like the curriculum: what vanished from the file is retired, never deleted."""

    def active(self):
        return self.filter(is_active=True)


class Instrument(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Construct(models.Model):
    """A group of items that measure one thing; a respondent's score is the mean of its items."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="constructs")
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "slug"], name="construct_slug_unique_in_instrument"
            )
        ]

    def __str__(self):
        return self.title


class ItemQuerySet(ActiveQuerySet):
    def for_wave(self, wave: str):
        return self.active().filter(waves__contains=wave, construct__is_active=True)

    def in_order(self):
        return self.select_related("construct").order_by("construct__position", "position")


class Item(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "Scale"
        YES_NO = "yes_no", "Yes or no"
        CHOICE = "choice", "Choice"
        TEXT = "text", "Free text"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    construct = models.ForeignKey(Construct, on_delete=models.CASCADE, related_name="items")
    slug = models.SlugField(max_length=120)  # unique in the instrument: an item may move
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()
    mentor_text = models.TextField(blank=True, help_text="The mentor's version, when there is one.")
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    min_label = models.CharField(max_length=120, blank=True)
    max_label = models.CharField(max_length=120, blank=True)
    choices = models.JSONField(default=list, blank=True, help_text="[{slug, label}] for choices.")
    # Stored as "pre post" (words), so that one `contains` lookup works on every database.
    waves = models.CharField(max_length=40)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["construct", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "slug"], name="item_slug_unique_in_instrument"
            )
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def wave_list(self) -> list[str]:
        return self.waves.split()

    @property
    def is_numeric(self) -> bool:
        return self.kind in (self.Kind.SCALE, self.Kind.YES_NO)

    @property
    def scale_points(self) -> list[int]:
        if self.kind == self.Kind.YES_NO:
            return [0, 1]
        return list(range(self.scale_min, self.scale_max + 1)) if self.kind == "scale" else []


class SurveyResponseQuerySet(models.QuerySet):
    def of_participants(self):
        return self.filter(mentor_link__isnull=True)

    def of_mentors(self):
        return self.filter(mentor_link__isnull=False)


class SurveyResponse(models.Model):
    """One participant's answers to one instrument at one wave, or (with `mentor_link`) one
    of their mentors' answers to its mentor version; submitted once finished."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="survey_responses"
    )
    mentor_link = models.ForeignKey(
        "worksheets.MentorLink",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_responses",
        help_text="Set when a mentor answered, through this private link.",
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="responses")
    wave = models.CharField(max_length=16, choices=Wave.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "instrument", "wave"],
                condition=models.Q(mentor_link__isnull=True),
                name="one_response_per_wave",
            ),
            models.UniqueConstraint(
                fields=["mentor_link", "instrument", "wave"],
                condition=models.Q(mentor_link__isnull=False),
                name="one_mentor_response_per_wave",
            ),
        ]

    def __str__(self):
        return f"{self.enrollment.user} — {self.instrument} ({self.get_wave_display()})"


class SurveyAnswer(models.Model):
    """One answer: a number (a scale point, 1/0 for yes/no) or a text (a choice's slug, free text).

    Versioned like every answer in the workbook (worksheets/services.py: versioned_save)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_TEXT_ANSWER)])
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="survey_answer_version_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True)
                | models.Q(number__gte=-100, number__lte=100),
                name="survey_answer_number_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.response}: {self.item.slug}"

    @property
    def is_blank(self) -> bool:
        return self.number is None and not self.text


class SurveyInvitation(models.Model):
    """The e-mail that told a participant a wave of the survey is open: sent once per wave."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    wave = models.CharField(max_length=16, choices=Wave.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "wave"], name="one_survey_mail_per_wave")
        ]

    def __str__(self):
        return f"{self.get_wave_display()} survey mailed to {self.enrollment.user}"


class Attendance(models.Model):
    """Whether a participant attended one session, as the facilitator marked it."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrollment", "session__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "session"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.enrollment.user} at {self.session}: {'yes' if self.attended else 'no'}"


class CompletionRule(models.Model):
    """What a participant of this cohort must do to earn the certificate. No row: the default."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="completion_rule")
    sessions_attended = models.PositiveSmallIntegerField(
        default=4, help_text="How many of the course's sessions the participant attended."
    )
    modules_complete = models.BooleanField(
        default=False, help_text="Every module of the workbook is complete."
    )
    post_survey_done = models.BooleanField(
        default=True, help_text="The survey after the course is submitted."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Completion rule of {self.cohort}"


def new_certificate_code() -> str:
    """Four groups of four from an alphabet without look-alikes: about 80 bits, easy to type."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """A certificate as it was printed: what it says is kept, so the verification page shows
    exactly that, whatever changes later."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="certificates"
    )
    code = models.CharField(max_length=32, unique=True, default=new_certificate_code)
    name = models.CharField(max_length=200)
    course = models.CharField(max_length=200)
    cohort_name = models.CharField(max_length=200)
    dates = models.CharField(max_length=200, blank=True)
    facilitators = models.CharField(max_length=400, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_certificate_per_enrollment",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.cohort_name} ({self.code})"

    def get_absolute_url(self):
        return reverse("evaluation:verify", args=[self.code])


class RenderedCertificate(RenderedDocument):
    """The PDF of a certificate, made by a task worker when it is issued (evaluation/tasks.py)
    and streamed while its fingerprint matches; deleted when the certificate is revoked."""

    certificate = models.OneToOneField(Certificate, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"PDF of certificate {self.certificate.code}"


class CertificateRender(DocumentRender):
    """The one render of a certificate's PDF that is wanted (worksheets/tasks.py)."""

    certificate = models.OneToOneField(Certificate, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"PDF render of certificate {self.certificate.code}: {self.state}"
