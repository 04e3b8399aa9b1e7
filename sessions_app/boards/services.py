"""Writes for the live cohort boards: making boards, posting, and the facilitator's moderation."""

from django.conf import settings
from django.db import transaction

from ..models import Board, Cohort, Enrollment, Post, Section
from .selectors import board_is_open, board_sections


class BoardClosed(Exception):
    """The activity's session is not open for this cohort, so nobody can post."""


class NotOnThisBoard(Exception):
    """Only the cohort's own participants post on its boards."""


class NotYourPost(Exception):
    """Only a post's author edits or deletes it."""


class PostHidden(Exception):
    """A post the facilitator hid cannot be edited (its author may still delete it)."""


class PostChanged(Exception):
    """The post changed since the author opened the edit (another tab, or the facilitator)."""

    def __init__(self, post: Post):
        self.post = post
        super().__init__("The post changed since you opened it.")


class PostLimitReached(Exception):
    """One person has written as many posts on this board as anyone may."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            f"You have written {limit} posts on this board, the most one person may. "
            "Nothing new was posted: delete one of your older posts if you want to add "
            "another."
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


def _own_post_for_update(*, post: Post, enrollment: Enrollment) -> Post:
    """The author's post, locked, on a board that is open; raises otherwise."""
    if post.enrollment_id != enrollment.pk:
        raise NotYourPost
    if not board_is_open(post.board):
        raise BoardClosed
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def post_edit(
    *, post: Post, enrollment: Enrollment, version: str, text: str, is_anonymous: bool
) -> Post:
    """The author's new text, saved only on the version they read (else PostChanged)."""
    current = _own_post_for_update(post=post, enrollment=enrollment)
    if current.is_hidden:
        raise PostHidden
    if current.version != version:
        raise PostChanged(current)
    current.text, current.is_anonymous = text.strip(), is_anonymous
    current.full_clean()
    current.save(update_fields=["text", "is_anonymous", "updated_at"])
    return current


@transaction.atomic
def post_delete(*, post: Post, enrollment: Enrollment) -> None:
    """The author takes their post off the board for good (hidden or not)."""
    _own_post_for_update(post=post, enrollment=enrollment).delete()


@transaction.atomic
def board_set_names_on_projector(*, board: Board, shown: bool) -> Board:
    """Show or hide the names of signed posts on the projector (anonymous ones never show)."""
    board.names_on_projector = shown
    board.save(update_fields=["names_on_projector"])
    return board
