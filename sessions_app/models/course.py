"""The course as the curriculum file defines it: sessions, modules, sections and prompts."""

import secrets

from django.db import connection, models


def worksheet_kind_choices():
    """The worksheet kinds, from their one registry (worksheets/kinds.py). Asked at call time:
    the course models stand below worksheets and may not import it when they load."""
    from worksheets.kinds import KINDS

    return [(kind.slug, kind.label) for kind in KINDS.values()]


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
        max_length=32, blank=True, choices=worksheet_kind_choices, help_text="For worksheets."
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="A short summary, used in the PDF.")
    body = models.TextField(blank=True)
    spec = models.JSONField(
        default=dict, blank=True, help_text="Everything else the curriculum file defines."
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_optional = models.BooleanField(
        "optional",
        default=False,
        help_text="Further reading or an optional case: marked optional on the page and in the "
        "PDF, and never counted in anyone's progress.",
    )
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["module", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="section_slug_unique_in_module")
        ]

    def __str__(self):
        return f"{self.module}: {self.title}"

    @property
    def kind_label(self) -> str:
        """What the page calls the section: an optional reading is further reading."""
        if self.is_optional and self.kind == self.Kind.READING:
            return "Further reading"
        return self.get_kind_display()


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
        """Every request of a module page or an autosave asks this: as plain SQL, since Django
        takes ten times longer to build the query than the database takes to answer it."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {cls._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else None
