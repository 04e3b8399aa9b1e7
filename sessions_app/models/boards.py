"""Live boards: the cohort's own wall for the course activities (Padlet in the seed)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from .cohorts import Cohort, Enrollment
from .course import Section

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
    names_on_projector = models.BooleanField(
        default=True,
        help_text="The projector shows the names of posts signed with one; anonymous posts "
        "stay 'Anonymous' there whatever this says.",
    )

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
        help_text="Other participants, the projector and the moderation panel see 'Anonymous'; "
        "the facilitators' CSV export has the name.",
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

    @property
    def version(self) -> str:
        """What an edit form carries back: the edit is refused if the post changed meanwhile."""
        return f"{self.updated_at.timestamp():.6f}"
