"""Writes for the live cohort boards: making boards, posting, and the facilitator's moderation."""

from django.conf import settings
from django.db import transaction

from ..models import Board, Cohort, Enrollment, Post, Section
from .selectors import board_is_open, board_sections


class BoardClosed(Exception):
    """The activity's session is not open for this cohort, so nobody can post."""


class NotOnThisBoard(Exception):
    """Only the cohort's own participants post on its boards."""


class PostLimitReached(Exception):
    """One person has written as many posts on this board as anyone may."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            f"You have written {limit} posts on this board, the most one person may. "
            "Nothing new was posted: ask the facilitator to hide some of your older posts if you "
            "want to add more."
        )


@transaction.atomic
def board_for(*, cohort: Cohort, section: Section) -> Board:
    """The cohort's board for an activity, made the first time anyone asks for it."""
    if not section.spec.get("board"):
        raise ValueError(f"{section} has no board in the curriculum.")
    board, _ = Board.objects.get_or_create(cohort=cohort, section=section)
    return board


@transaction.atomic
def boards_create_missing(*, cohort: Cohort) -> None:
    """Make every board of the cohort that nobody has opened yet, so each has a stable URL."""
    sections = board_sections()
    existing = Board.objects.filter(cohort=cohort).values_list("section_id", flat=True)
    Board.objects.bulk_create(
        [Board(cohort=cohort, section=section) for section in sections.exclude(pk__in=existing)],
        ignore_conflicts=True,  # another request made the same board meanwhile
    )


@transaction.atomic
def post_create(*, board: Board, enrollment: Enrollment, text: str, is_anonymous: bool) -> Post:
    """A participant's post; raises ValidationError for empty or too long text."""
    if enrollment.cohort_id != board.cohort_id or enrollment.role != Enrollment.Role.PARTICIPANT:
        raise NotOnThisBoard
    if not board_is_open(board):
        raise BoardClosed
    # One person's posts are counted one at a time (their enrollment row is locked meanwhile).
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    limit = settings.BOARD_POSTS_PER_PERSON
    if Post.objects.filter(board=board, enrollment=enrollment).count() >= limit:
        raise PostLimitReached(limit)
    post = Post(board=board, enrollment=enrollment, text=text.strip(), is_anonymous=is_anonymous)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_set_hidden(*, post: Post, hidden: bool) -> Post:
    """Hide a post from everyone's view (it stays in the database), or restore it."""
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden", "updated_at"])
    return post


@transaction.atomic
def post_set_pinned(*, post: Post, pinned: bool) -> Post:
    post.is_pinned = pinned
    post.save(update_fields=["is_pinned", "updated_at"])
    return post
