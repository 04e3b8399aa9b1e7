"""Reads for the live cohort boards, and the form a participant posts with.

Who sees which name is decided here, not in templates: a participant's page never receives the
name behind someone else's anonymous post.
"""

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from ..facilitator.csv import safe_cell
from ..models import Board, CohortSession, Enrollment, Post, Section

ANONYMOUS = "Anonymous"


def board_sections():
    """The curriculum's activities that have a cohort board."""
    return (
        Section.objects.active()
        .filter(kind=Section.Kind.ACTIVITY, module__is_active=True, spec__has_key="board")
        .exclude(spec__board="")
        .select_related("module__session")
        .order_by("module__session__number", "module__position", "position")
    )


def board_is_open(board: Board) -> bool:
    """Participants can read and post while the activity's session is open for the cohort."""
    return (
        CohortSession.objects.open()
        .filter(cohort_id=board.cohort_id, session__modules__sections=board.section_id)
        .exists()
    )


def board_state(board: Board) -> str:
    """Changes whenever a post is added, edited, deleted, hidden, restored, pinned or unpinned.

    The polls' ETags are made from it: an unchanged board answers 304 Not Modified, so a room of
    people polling every 3 s costs one small query each. A deletion lowers the count; every
    other change moves the latest `updated_at`.
    """
    state = Post.objects.filter(board=board).aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = state["latest"].timestamp() if state["latest"] else 0
    return f"{state['count']}-{latest:.6f}"


def posts_for_participant(*, board: Board, enrollment: Enrollment) -> list[Post]:
    """Visible posts and the participant's own hidden ones, each with the author as this
    participant may see them. Only the author learns that a post of theirs was hidden."""
    mine_or_shown = Q(is_hidden=False) | Q(enrollment=enrollment)
    posts = list(board.posts.filter(mine_or_shown).with_authors())
    for post in posts:
        post.is_mine = post.enrollment_id == enrollment.pk
        if post.is_mine:
            post.author_label = "You (anonymous to others)" if post.is_anonymous else "You"
        else:
            post.author_label = ANONYMOUS if post.is_anonymous else str(post.enrollment.user)
    return posts


def _room_label(post: Post, *, names: bool) -> str:
    """The author as the room may see them: never the name behind an anonymous post."""
    return str(post.enrollment.user) if names and not post.is_anonymous else ANONYMOUS


def posts_for_projector(board: Board) -> list[Post]:
    """The visible posts for the projected screen, with names if the facilitator shows them."""
    posts = list(board.posts.visible().with_authors())
    for post in posts:
        post.author_label = _room_label(post, names=board.names_on_projector)
    return posts


def posts_for_moderation(board: Board) -> tuple[list[Post], list[Post]]:
    """(visible, hidden) posts for the facilitator's panel, the latest hidden first.

    The panel is the facilitator's own screen, but it may be shared by mistake: an anonymous
    post's author is never in it (the CSV export, a record kept for the facilitator, has it).
    """
    visible, hidden = [], []
    for post in board.posts.with_authors():
        post.author_label = _room_label(post, names=True)
        (hidden if post.is_hidden else visible).append(post)
    hidden.sort(key=lambda p: p.updated_at, reverse=True)
    return visible, hidden


def board_posts_for_pdf(enrollment: Enrollment) -> list[dict]:
    """What the cohort said on each board, for the workbook PDF: visible posts only, and
    anonymous posts stay anonymous (also the reader's own)."""
    boards = (
        Board.objects.for_cohort(enrollment.cohort_id)
        .filter(section__is_active=True, section__module__is_active=True)
        .prefetch_related(
            Prefetch("posts", queryset=Post.objects.visible().with_authors(), to_attr="shown")
        )
    )
    return [
        {
            "section_id": board.section_id,
            "title": board.section.title,
            "prompt": board.prompt,
            "posts": [
                {
                    "text": post.text,
                    "author": ANONYMOUS if post.is_anonymous else str(post.enrollment.user),
                }
                for post in board.shown
            ],
        }
        for board in boards
    ]


EXPORT_HEADER = ["posted at", "author", "anonymous to group", "hidden", "pinned", "text"]


def board_export_rows(board: Board):
    """The board's CSV rows, oldest first, with the real names and the hidden posts."""
    yield EXPORT_HEADER
    for post in board.posts.with_authors().order_by("created_at", "pk"):
        yield [
            timezone.localtime(post.created_at).strftime("%Y-%m-%d %H:%M"),
            safe_cell(post.enrollment.user),
            "yes" if post.is_anonymous else "no",
            "yes" if post.is_hidden else "no",
            "yes" if post.is_pinned else "no",
            safe_cell(post.text),
        ]
