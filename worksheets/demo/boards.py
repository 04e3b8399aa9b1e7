"""What the demo cohort wrote on its live boards, so a newcomer's first projector view has posts.

Authors are the demo participant ("you") and the classmates of worksheets/demo/__init__.py, by
e-mail. The first post of each board is pinned, one post per board is anonymous.
"""

from sessions_app.boards.services import board_for
from sessions_app.models import Enrollment, Post, Section

YOU = "demo@example.org"
PRIYA, TOMAS, MEI, JONAH = (
    "priya.demo@example.org",
    "tomas.demo@example.org",
    "mei.demo@example.org",
    "jonah.demo@example.org",
)

# board slug: [(author, text, anonymous)]
BOARD_POSTS = {
    "introductions": [
        (
            YOU,
            "Alex, cryo-EM of membrane transporters. My picture was the two climbers on one "
            "rope: someone keeps me safe while I pick the route.",
            False,
        ),
        (
            PRIYA,
            "Priya, computational neuroscience. I took the photo of a harbour at dusk, "
            "because I am between two shores right now: lab life and whatever comes next.",
            False,
        ),
        (
            TOMAS,
            "Tomás, soil ecology. The tangled tree roots: my best advice has come from "
            "people I never thought of as mentors.",
            False,
        ),
        (
            MEI,
            "I chose the empty notebook. Three years in, I still wait for someone to tell me "
            "what to write in it.",
            True,
        ),
    ],
    "mentoring-up-goal": [
        (
            YOU,
            "Goal: a grant application that is clearly mine by February. Needs: an honest talk "
            "about which project leaves with me, fast comments on my aims page, and two "
            "introductions to people who have reviewed.",
            False,
        ),
        (
            JONAH,
            "Goal: one first-author paper out this year. Needs: a date we both write down, "
            "a co-author who reads the methods, and permission to stop adding experiments.",
            False,
        ),
        (
            PRIYA,
            "Goal: decide between industry and faculty jobs by summer. Needs: two people "
            "from each side to talk to, and a mentor who does not take it personally.",
            True,
        ),
    ],
    "assumptions": [
        (MEI, "That I will stay in academia because I have never said otherwise.", True),
        (TOMAS, "That I like working alone, since I rarely ask for help.", False),
        (JONAH, "That teaching is a distraction I would rather avoid.", True),
    ],
    "indicators-of-independence": [
        (TOMAS, "Postdoc: I choose the next experiment myself and can say why.", False),
        (YOU, "Early faculty: reviewers can tell my work from my former advisor's.", False),
    ],
    "mentor-roles-in-professional-development": [
        (PRIYA, "Someone who tells me which meetings are worth my time, and which are not.", False),
        (JONAH, "A sponsor who says my name in rooms I am not in yet.", True),
    ],
}


def seed_board_posts(cohort) -> None:
    """Add the demo posts that are missing; a post already there (or edited away) is left."""
    enrollments = {
        e.user.email: e for e in Enrollment.objects.filter(cohort=cohort).select_related("user")
    }
    sections = Section.objects.active().filter(spec__board__in=list(BOARD_POSTS))
    for section in sections:
        board = board_for(cohort=cohort, section=section)
        if board.posts.exists():  # seeded before, or the cohort has written its own
            continue
        for position, (email, text, anonymous) in enumerate(BOARD_POSTS[section.spec["board"]]):
            if email in enrollments:
                Post.objects.create(
                    board=board,
                    enrollment=enrollments[email],
                    text=text,
                    is_anonymous=anonymous,
                    is_pinned=position == 0,
                )
